import HazmonCore
public import HazmonIO

/// Why stored or received task JSON could not be read back: which field, and what was wrong.
public struct InspectionDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON path of the offending field (`evidence[2].ts`), or `""` for the document itself.
    public var field: String
    /// What was wrong.
    public var message: String

    /// An error at `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `inspection task JSON: evidence[2].ts: expected …`.
    public var description: String {
        field.isEmpty ? "inspection task JSON: \(message)" : "inspection task JSON: \(field): \(message)"
    }
}

extension InspectionTask {
    /// Reads back what `json()` wrote (the store keeps that text; restore reads it). Unknown fields are ignored.
    public static func parse(_ text: String) throws(InspectionDecodingError) -> InspectionTask {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw InspectionDecodingError(field: "", message: error.description)
        }
        return try InspectionTask(json: value)
    }

    /// Reads a task from a parsed JSON object.
    public init(json: JSONValue) throws(InspectionDecodingError) {
        let r = FieldReader(value: json, path: "")
        guard case .object = json else { throw r.fail("expected an object") }
        // Read in document order, so the first problem reported is the first one a reader meets.
        let id = try r.string("id")
        let enterprise = try r.string("enterprise")
        let hazardSource = try r.optionalString("hazard_source")
        let trigger = try r.word("trigger") { s in InspectionTrigger(rawValue: s) }
        let priority = try r.word("priority") { s in Priority(rawValue: s) }
        let status = try r.word("status") { s in InspectionStatus(rawValue: s) }
        let openedAt = try r.time("opened_at")
        let dueAt = try r.time("due_at")
        let overdue = try r.bool("overdue")
        let assignee = try r.optionalString("assignee")
        var findings: InspectionFindings?
        if let node = json["findings"], node != .null {
            let f = FieldReader(value: node, path: "findings.")
            findings = InspectionFindings(hazardConfirmed: try f.bool("hazard_confirmed"), note: try f.string("note"))
        }
        var evidence: [InspectionEvidence] = []
        for (i, item) in try r.array("evidence").enumerated() {
            let e = FieldReader(value: item, path: "evidence[\(i)].")
            evidence.append(InspectionEvidence(
                alarmID: try e.optionalString("alarm_id"), seq: try e.optionalSeq("seq"), ts: try e.time("ts"),
                value: try e.optionalNumber("value") ?? .nan,
                priority: try e.optional("priority") { s in Priority(rawValue: s) } ?? .medium,
                message: try e.string("message")))
        }
        var history: [InspectionHistoryEntry] = []
        for (i, item) in try r.array("history").enumerated() {
            let h = FieldReader(value: item, path: "history[\(i)].")
            history.append(InspectionHistoryEntry(
                at: try h.time("at"), by: try h.string("by"),
                from: try h.optional("from") { s in InspectionStatus(rawValue: s) },
                to: try h.word("to") { s in InspectionStatus(rawValue: s) },
                assignee: try h.optionalString("assignee"), note: try h.optionalString("note")))
        }
        self.init(
            id: id, enterprise: enterprise, hazardSource: hazardSource, trigger: trigger, priority: priority,
            status: status, openedAt: openedAt, dueAt: dueAt, overdue: overdue, assignee: assignee,
            findings: findings, evidence: evidence,
            evidenceCount: try r.optionalCount("evidence_count") ?? evidence.count, history: history,
            updatedAt: try r.time("updated_at"))
    }
}

/// Typed access to the members of one JSON object, failing with the member's path.
private struct FieldReader {
    let value: JSONValue
    let path: String

    func fail(_ message: String, _ key: String = "") -> InspectionDecodingError {
        InspectionDecodingError(field: key.isEmpty ? String(path.dropLast()) : path + key, message: message)
    }

    func member(_ key: String) throws(InspectionDecodingError) -> JSONValue {
        guard let member = value[key] else { throw fail("missing", key) }
        return member
    }

    func string(_ key: String) throws(InspectionDecodingError) -> String {
        guard case .string(let s) = try member(key) else { throw fail("expected a string", key) }
        return s
    }

    func optionalString(_ key: String) throws(InspectionDecodingError) -> String? {
        switch value[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw fail("expected a string or null", key)
        }
    }

    func bool(_ key: String) throws(InspectionDecodingError) -> Bool {
        guard case .bool(let b) = try member(key) else { throw fail("expected true or false", key) }
        return b
    }

    func optionalNumber(_ key: String) throws(InspectionDecodingError) -> Double? {
        switch value[key] {
        case nil, .null?: return nil
        case .number(let n)?: return n
        default: throw fail("expected a number or null", key)
        }
    }

    func optionalSeq(_ key: String) throws(InspectionDecodingError) -> UInt64? {
        guard let n = try optionalNumber(key) else { return nil }
        guard n >= 0, n == n.rounded(), n < 9.0e15 else { throw fail("expected a whole number ≥ 0", key) }
        return UInt64(n)
    }

    func optionalCount(_ key: String) throws(InspectionDecodingError) -> Int? {
        try optionalSeq(key).map { Int($0) }
    }

    func time(_ key: String) throws(InspectionDecodingError) -> Millis {
        let text = try string(key)
        guard let ms = Timestamps.parse(text) else { throw fail("expected an RFC 3339 time, got '\(text)'", key) }
        return ms
    }

    func array(_ key: String) throws(InspectionDecodingError) -> [JSONValue] {
        guard case .array(let items) = try member(key) else { throw fail("expected an array", key) }
        return items
    }

    /// A string from a fixed vocabulary.
    func word<T>(_ key: String, _ make: (String) -> T?) throws(InspectionDecodingError) -> T {
        let text = try string(key)
        guard let word = make(text) else { throw fail("unknown value '\(text)'", key) }
        return word
    }

    func optional<T>(_ key: String, _ make: (String) -> T?) throws(InspectionDecodingError) -> T? {
        guard let text = try optionalString(key) else { return nil }
        guard let word = make(text) else { throw fail("unknown value '\(text)'", key) }
        return word
    }
}
