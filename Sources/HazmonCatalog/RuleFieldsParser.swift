import HazmonCore
import Yams

/// Parses the rule fields of a tag or a profile and checks what can be checked on them alone
/// (types, signs, durations, key names). Checks that need the merged result and the tag's kind and
/// range (limit order, `%` deadband, completeness) happen in `TagResolver`.
struct RuleFieldsParser {
    let reader: NodeReader

    /// Bounds the per-tag sample ring (SPEC §11: state per tag is stated and bounded); 2 is the least
    /// a rate of change can be computed from.
    static let windowSamplesBounds = 2...65_536

    static let limitKeys = ["value", "deadband", "on_delay", "off_delay", "priority"]
    static let rocKeys = ["max", "per", "direction", "on_delay", "off_delay", "priority"]
    static let windowKeys = ["fn", "over", "HH", "H", "L", "LL", "deadband", "on_delay", "off_delay", "priority"]
    static let frozenKeys = ["after", "epsilon", "priority"]
    static let staleKeys = ["after", "priority"]
    static let badKeys = ["on_delay", "off_delay", "priority"]
    /// How a window's one limit (any of HH, H, L, LL) is named in `stated` and in messages.
    static let windowLimitKey = "HH, H, L or LL"

    /// Conditions a tag or profile may give a priority to; `VOTE` belongs to votes, `FLOOD` to enterprises.
    static let tagConditions: [Condition] = [.HH, .H, .L, .LL, .ROC, .WINDOW, .STALE, .FROZEN, .BAD, .DISCRETE]

    func parse(_ fields: Fields) -> RuleFields {
        var rules = RuleFields()
        if let node = fields["limits"] { rules.limits = limits(node, owner: fields.what) }
        if let node = fields["deadband"] { rules.deadband = deadband(node, what: fields.field("deadband")) }
        if let node = fields["on_delay"] { rules.onDelay = reader.duration(node, what: fields.field("on_delay")) }
        if let node = fields["off_delay"] { rules.offDelay = reader.duration(node, what: fields.field("off_delay")) }
        rules.stale = stale(fields)
        if let node = fields["frozen"] { rules.frozen = frozen(node, owner: fields.what) }
        if let node = fields["roc"] { rules.roc = roc(node, owner: fields.what) }
        if let node = fields["window"] { rules.window = window(node, owner: fields.what) }
        if let node = fields["bad"] { rules.bad = bad(node, owner: fields.what) }
        if let node = fields["alarm_value"] { rules.alarmValue = reader.bool(node, what: fields.field("alarm_value")) }
        if let node = fields["priorities"] { rules.priorities = priorities(node, owner: fields.what) }
        if let node = fields["window_samples"] {
            rules.windowSamples = reader.integer(
                node, what: fields.field("window_samples"), in: Self.windowSamplesBounds)
        }
        return rules
    }

    // MARK: Limits

    private func limits(_ node: Node, owner: String) -> [Condition: LimitFields] {
        let what = "'limits' of \(owner)"
        guard let fields = reader.fields(node, what: what, allowed: Condition.limits.map(\.rawValue)) else {
            return [:]
        }
        var result: [Condition: LimitFields] = [:]
        for condition in Condition.limits {
            guard let node = fields[condition.rawValue] else { continue }
            if let limit = limit(node, what: "limit \(condition.rawValue) of \(owner)") { result[condition] = limit }
        }
        return result
    }

    /// A limit is a bare number or a mapping with its own deadband, delays and priority.
    private func limit(_ node: Node, what: String) -> LimitFields? {
        var limit = LimitFields(position: reader.position(of: node), stated: ["value"])
        guard case .mapping = node else {
            guard let value = reader.number(node, what: what) else { return nil }
            limit.value = value
            return limit
        }
        guard let fields = reader.fields(node, what: what, allowed: Self.limitKeys) else { return nil }
        limit.stated = fields.keys
        if let node = fields["value"] { limit.value = reader.number(node, what: fields.field("value")) }
        if let node = fields["deadband"] { limit.deadband = deadband(node, what: fields.field("deadband")) }
        (limit.onDelay, limit.offDelay, limit.priority) = timing(fields)
        return limit
    }

    // MARK: Other rules

    private func roc(_ node: Node, owner: String) -> RocFields? {
        guard let fields = reader.fields(node, what: "'roc' of \(owner)", allowed: Self.rocKeys) else { return nil }
        var roc = RocFields(position: fields.position, stated: fields.keys)
        if let node = fields["max"] { roc.max = positiveNumber(node, what: fields.field("max")) }
        if let node = fields["per"] { roc.per = reader.duration(node, what: fields.field("per"), positive: true) }
        if let node = fields["direction"] {
            roc.direction = reader.choice(
                node, what: fields.field("direction"), from: [("rise", .rise), ("fall", .fall), ("both", .both)])
        }
        (roc.onDelay, roc.offDelay, roc.priority) = timing(fields)
        return roc
    }

    private func window(_ node: Node, owner: String) -> WindowFields? {
        guard let fields = reader.fields(node, what: "'window' of \(owner)", allowed: Self.windowKeys) else {
            return nil
        }
        var window = WindowFields(position: fields.position, stated: fields.keys)
        if let node = fields["fn"] {
            window.function = reader.choice(
                node, what: fields.field("fn"), from: [("mean", .mean), ("max", .max), ("min", .min)])
        }
        if let node = fields["over"] { window.over = reader.duration(node, what: fields.field("over"), positive: true) }
        let given = Condition.limits.filter { fields[$0.rawValue] != nil }
        if !given.isEmpty { window.stated.insert(Self.windowLimitKey) }
        if given.count > 1 {
            let names = given.map(\.rawValue).joined(separator: " and ")
            reader.diagnostics.report(
                "\(fields.what) gives \(names); a window compares its aggregate with exactly one limit (HH, H, L or LL)",
                at: given.map { fields.keyPosition($0.rawValue) }.max { ($0.line, $0.column) < ($1.line, $1.column) }!)
        } else if let condition = given.first, let node = fields[condition.rawValue],
            let value = reader.number(node, what: fields.field(condition.rawValue))
        {
            window.limit = Located(
                value: WindowLimit(condition: condition, value: value.value), position: value.position)
        }
        if let node = fields["deadband"] { window.deadband = deadband(node, what: fields.field("deadband")) }
        (window.onDelay, window.offDelay, window.priority) = timing(fields)
        return window
    }

    private func frozen(_ node: Node, owner: String) -> FrozenFields? {
        guard let fields = reader.fields(node, what: "'frozen' of \(owner)", allowed: Self.frozenKeys) else {
            return nil
        }
        var frozen = FrozenFields(position: fields.position, stated: fields.keys)
        if let node = fields["after"] {
            frozen.after = reader.duration(node, what: fields.field("after"), positive: true)
        }
        if let node = fields["epsilon"] { frozen.epsilon = nonNegativeNumber(node, what: fields.field("epsilon")) }
        if let node = fields["priority"] { frozen.priority = reader.priority(node, what: fields.field("priority")) }
        return frozen
    }

    /// `stale_after: 60s` and `stale: {after, priority}` say the same thing; giving both is ambiguous.
    private func stale(_ owner: Fields) -> StaleFields? {
        if owner["stale_after"] != nil, owner["stale"] != nil {
            reader.diagnostics.report(
                "\(owner.what) gives both 'stale_after' and 'stale'; use one ('stale' is the long form with a priority)",
                at: owner.keyPosition("stale"))
            return nil
        }
        if let node = owner["stale_after"] {
            guard let after = reader.duration(node, what: owner.field("stale_after"), positive: true) else {
                return nil
            }
            return StaleFields(after: after, position: after.position)
        }
        guard let node = owner["stale"],
            let fields = reader.fields(node, what: "'stale' of \(owner.what)", allowed: Self.staleKeys)
        else { return nil }
        var stale = StaleFields(position: fields.position, stated: fields.keys)
        if let node = fields["after"] {
            stale.after = reader.duration(node, what: fields.field("after"), positive: true)
        }
        if let node = fields["priority"] { stale.priority = reader.priority(node, what: fields.field("priority")) }
        return stale
    }

    private func bad(_ node: Node, owner: String) -> BadFields? {
        guard let fields = reader.fields(node, what: "'bad' of \(owner)", allowed: Self.badKeys) else { return nil }
        var bad = BadFields(position: fields.position)
        (bad.onDelay, bad.offDelay, bad.priority) = timing(fields)
        return bad
    }

    private func priorities(_ node: Node, owner: String) -> [Condition: Located<Priority>] {
        let what = "'priorities' of \(owner)"
        let names = Self.tagConditions.map(\.rawValue)
        guard let fields = reader.fields(node, what: what, allowed: names) else { return [:] }
        var result: [Condition: Located<Priority>] = [:]
        for condition in Self.tagConditions {
            guard let node = fields[condition.rawValue] else { continue }
            result[condition] = reader.priority(node, what: "priority of \(condition.rawValue) in \(what)")
        }
        return result
    }

    // MARK: Shared pieces

    private func timing(_ fields: Fields) -> (Located<Millis>?, Located<Millis>?, Located<Priority>?) {
        (
            fields["on_delay"].flatMap { reader.duration($0, what: fields.field("on_delay")) },
            fields["off_delay"].flatMap { reader.duration($0, what: fields.field("off_delay")) },
            fields["priority"].flatMap { reader.priority($0, what: fields.field("priority")) }
        )
    }

    /// A number of engineering units, or `"2%"` of the range span; never negative.
    func deadband(_ node: Node, what: String) -> Located<DeadbandSpec>? {
        let position = reader.position(of: node)
        if case .scalar(let scalar) = node, scalar.string.hasSuffix("%") {
            let digits = String(scalar.string.dropLast()).trimmingSpaces
            guard let percent = NodeReader.decimal(digits) else {
                reader.report(
                    "\(what) must be a number or a percentage of the range such as \"2%\"; got \(reader.describe(node))",
                    at: node)
                return nil
            }
            guard (0...100).contains(percent) else {
                reader.report(
                    "\(what) is \(scalar.string); a percentage of the range must be from 0% to 100%", at: node)
                return nil
            }
            return Located(value: .percentOfSpan(percent), position: position)
        }
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = NodeReader.decimal(scalar.string) {
            guard value >= 0 else {
                reader.report("\(what) is \(scalar.string); a deadband cannot be negative", at: node)
                return nil
            }
            return Located(value: .units(value), position: position)
        }
        reader.report(
            "\(what) must be a number or a percentage of the range such as \"2%\"; got \(reader.describe(node))",
            at: node)
        return nil
    }

    private func positiveNumber(_ node: Node, what: String) -> Located<Double>? {
        guard let number = reader.number(node, what: what) else { return nil }
        guard number.value > 0 else {
            reader.report("\(what) is \(number.value.shortText); expected a number greater than 0", at: node)
            return nil
        }
        return number
    }

    private func nonNegativeNumber(_ node: Node, what: String) -> Located<Double>? {
        guard let number = reader.number(node, what: what) else { return nil }
        guard number.value >= 0 else {
            reader.report("\(what) is \(number.value.shortText); expected 0 or more", at: node)
            return nil
        }
        return number
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

extension Double {
    /// `90` rather than `90.0` in messages, as the user wrote it.
    var shortText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
