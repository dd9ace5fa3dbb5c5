public import HazmonCore
import HazmonIO

/// What the report needs to know of one alarm, by name: fixed when the catalog loads.
public struct AlarmFacts: Sendable, Hashable {
    /// Stable alarm id `enterprise/tag/condition` (SPEC §6).
    public var id: String
    /// Dense enterprise index.
    public var enterprise: Int
    /// `enterprise/tag` (or `enterprise/vote`): the key the comparison groups alarms by.
    public var subject: String
    /// Dense tag index; -1 for votes.
    public var tag: Int
    public var condition: Condition
    public var priority: Priority

    /// Facts of one alarm.
    public init(id: String, enterprise: Int, subject: String, tag: Int, condition: Condition, priority: Priority) {
        self.id = id
        self.enterprise = enterprise
        self.subject = subject
        self.tag = tag
        self.condition = condition
        self.priority = priority
    }

    /// Facts of every alarm of an engine, indexed like `AlarmEvent.alarm`.
    public static func of(_ engine: AlarmEngine) -> [AlarmFacts] {
        let renderer = EventRenderer(engine: engine)
        return engine.rules.indices.map { a in
            let rule = engine.rules[a]
            let id = renderer.alarmID(a)
            let subject = String(id[..<id.lastIndex(of: "/")!])
            return AlarmFacts(id: id, enterprise: Int(rule.enterprise), subject: subject, tag: Int(rule.tag),
                              condition: rule.condition, priority: rule.priority)
        }
    }
}
