/// An alarm's identity across catalogs and restarts: what a snapshot, the alarm journal and the
/// published events key alarms by, where dense indexes change with every catalog.
public struct AlarmIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Enterprise id (`EnterpriseSpec.id`).
    public var enterprise: String
    /// Tag id, or vote id for `VOTE`.
    public var subject: String
    public var condition: Condition

    /// An identity from its three parts.
    public init(enterprise: String, subject: String, condition: Condition) {
        self.enterprise = enterprise
        self.subject = subject
        self.condition = condition
    }

    /// `"{enterprise}/{tag or vote}/{condition}"`, the event `id` of SPEC §6 (`EventRenderer`).
    public var description: String { "\(enterprise)/\(subject)/\(condition.rawValue)" }

    /// Orders by the string form's parts, so reports list alarms in a stable order.
    public static func < (lhs: AlarmIdentity, rhs: AlarmIdentity) -> Bool {
        (lhs.enterprise, lhs.subject, lhs.condition.rawValue) < (rhs.enterprise, rhs.subject, rhs.condition.rawValue)
    }
}

extension AlarmEngine {
    /// The identity of alarm `index`.
    public func identity(ofAlarm index: Int) -> AlarmIdentity {
        let rule = rules[index]
        let subject = rule.vote >= 0 ? model.votes[Int(rule.vote)].id : model.tags[Int(rule.tag)].id
        return AlarmIdentity(enterprise: model.enterprises[Int(rule.enterprise)].id, subject: subject,
                             condition: rule.condition)
    }

    /// Every alarm's index by identity, for callers that map many identities (journal overlay).
    /// Built on each call: O(alarms).
    public func alarmIndexesByIdentity() -> [AlarmIdentity: Int] {
        var map: [AlarmIdentity: Int] = [:]
        map.reserveCapacity(rules.count)
        for a in rules.indices { map[identity(ofAlarm: a)] = map[identity(ofAlarm: a)] ?? a }
        return map
    }
}
