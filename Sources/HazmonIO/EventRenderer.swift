public import HazmonCore

/// Turns engine events into the JSON of SPEC §6 (one object, no newline), with the catalog's
/// names, ids and units. The contract is `Alerts/alarm-event.schema.json`.
public struct EventRenderer: Sendable {
    public let model: EngineModel
    private let rules: [AlarmRule]
    /// Precomputed `"{enterprise}/{tag}/{condition}"` per alarm.
    private let alarmIDs: [String]

    public init(engine: AlarmEngine) {
        model = engine.model
        rules = engine.rules
        alarmIDs = engine.rules.map { rule in
            let enterprise = engine.model.enterprises[Int(rule.enterprise)].id
            return "\(enterprise)/\(Self.subject(of: rule, model: engine.model))/\(rule.condition.rawValue)"
        }
    }

    /// The tag id, or the vote id for `VOTE`.
    static func subject(of rule: AlarmRule, model: EngineModel) -> String {
        rule.vote >= 0 ? model.votes[Int(rule.vote)].id : model.tags[Int(rule.tag)].id
    }

    /// The stable alarm id of alarm `index`.
    public func alarmID(_ index: Int) -> String { alarmIDs[index] }

    /// What the renderer knows of one event, by name: for consumers that do not want JSON.
    public struct Names: Sendable, Hashable {
        public var id: String
        public var enterprise: String
        public var hazardSource: String?
        public var tag: String
        public var kind: TagKind?
        public var condition: Condition
        public var priority: Priority
        public var unit: String
    }

    /// Names and ids of an event's alarm (or flood).
    public func names(_ event: AlarmEvent) -> Names {
        let enterprise = model.enterprises[Int(event.enterprise)].id
        guard event.alarm >= 0 else {
            return Names(id: "\(enterprise)/*/FLOOD", enterprise: enterprise, hazardSource: nil, tag: "*", kind: nil,
                         condition: .FLOOD, priority: .high, unit: "")
        }
        let rule = rules[Int(event.alarm)]
        let tag = rule.tag >= 0 ? model.tags[Int(rule.tag)] : nil
        let hazardSource = rule.hazardSource >= 0 ? model.hazardSources[Int(rule.hazardSource)].id : nil
        return Names(id: alarmIDs[Int(event.alarm)], enterprise: enterprise, hazardSource: hazardSource,
                     tag: Self.subject(of: rule, model: model), kind: tag?.kind, condition: rule.condition,
                     priority: rule.priority, unit: tag?.unit ?? "")
    }

    /// One event as a JSON object.
    public func json(_ event: AlarmEvent) -> String {
        let n = names(event)
        let flags = event.flags
        var out = "{\"seq\":\(event.seq),\"id\":"
        out.reserveCapacity(512)
        JSONText.appendString(n.id, to: &out)
        out += ",\"enterprise\":"
        JSONText.appendString(n.enterprise, to: &out)
        out += ",\"hazard_source\":"
        if let hs = n.hazardSource { JSONText.appendString(hs, to: &out) } else { out += "null" }
        out += ",\"tag\":"
        JSONText.appendString(n.tag, to: &out)
        out += ",\"kind\":"
        if let kind = n.kind { JSONText.appendString(kind.rawValue, to: &out) } else { out += "null" }
        out += ",\"condition\":\"\(n.condition.rawValue)\",\"priority\":\"\(n.priority.rawValue)\""
        out += ",\"color\":\"\(n.priority.color)\",\"transition\":\"\(event.transition.name)\""
        out += ",\"state\":\"\(event.state.name)\",\"active\":\(event.state.isActive)"
        out += ",\"annunciated\":\(flags.contains(.annunciated)),\"shelved\":\(flags.contains(.shelved))"
        out += ",\"suppressed\":\(flags.contains(.suppressed)),\"out_of_service\":\(flags.contains(.outOfService))"
        out += ",\"chattering\":\(flags.contains(.chattering)),\"value\":"
        if n.kind == .discrete && n.condition != .BAD && event.value.isFinite {
            out += event.value != 0 ? "true" : "false"
        } else {
            JSONText.appendNumber(event.value, to: &out)
        }
        out += ",\"limit\":"
        JSONText.appendNumber(event.limit, to: &out)
        out += ",\"unit\":"
        JSONText.appendString(n.unit, to: &out)
        out += ",\"ts\":\"\(Timestamps.rfc3339(event.ts))\",\"activated_at\":"
        if event.activatedAt == AlarmEvent.never { out += "null" } else { out += "\"\(Timestamps.rfc3339(event.activatedAt))\"" }
        if event.shelvedUntil != AlarmEvent.never {
            out += ",\"shelved_until\":\"\(Timestamps.rfc3339(event.shelvedUntil))\""
        }
        out += ",\"message\":"
        JSONText.appendString(message(event, names: n), to: &out)
        out += "}"
        return out
    }

    /// A sentence an operator reads, e.g. `TK1.LT HH: 93 % >= 92 %`.
    public func message(_ event: AlarmEvent, names n: Names) -> String {
        let value = Self.format(event.value, unit: n.unit)
        let limit = Self.format(event.limit, unit: n.unit)
        let what = "\(n.tag) \(n.condition.rawValue)"
        switch (event.transition, n.condition) {
        case (.floodStart, _):
            return "alarm flood in \(n.enterprise): more than \(Self.integer(event.limit)) alarms in \(model.policy.floodWindow / 60_000) min"
        case (.floodEnd, _):
            return "alarm flood in \(n.enterprise) is over"
        case (.activate, .HH), (.activate, .H):
            return "\(what): \(value) >= \(limit)"
        case (.activate, .L), (.activate, .LL):
            return "\(what): \(value) <= \(limit)"
        case (.activate, .ROC):
            return "\(what): changed by \(value) within the window (max \(limit))"
        case (.activate, .WINDOW):
            return "\(what): window aggregate \(value) past \(limit)"
        case (.activate, .STALE):
            return "\(what): no data (last value \(value))"
        case (.activate, .FROZEN):
            return "\(what): value frozen at \(value)"
        case (.activate, .BAD):
            return "\(what): bad quality or out-of-range value \(value)"
        case (.activate, .DISCRETE):
            return "\(what): alarm state"
        case (.activate, .VOTE):
            return "\(what): \(Self.integer(event.value)) of \(model.votes[Int(rules[Int(event.alarm)].vote)].members.count) detectors in alarm (k = \(Self.integer(event.limit)))"
        case (.return, _):
            return "\(what) returned to normal (\(value))"
        case (.chatter, _):
            return event.flags.contains(.chattering) ? "\(what) is chattering: further activations are not annunciated"
                : "\(what) stopped chattering"
        default:
            return "\(what) \(event.transition.name)"
        }
    }

    private static func integer(_ x: Double) -> String { x.isFinite ? String(Int64(x)) : "?" }

    static func format(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "+Inf" : "-Inf") }
        let text = x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        return unit.isEmpty ? text : "\(text) \(unit)"
    }
}

/// JSON text helpers shared by every writer.
public enum JSONText {
    /// Appends `value` as a JSON string literal.
    public static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Appends a number; NaN and infinities become `null` (JSON has no such numbers).
    public static func appendNumber(_ value: Double, to out: inout String) {
        guard value.isFinite else { out += "null"; return }
        if value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)) } else { out += String(value) }
    }
}
