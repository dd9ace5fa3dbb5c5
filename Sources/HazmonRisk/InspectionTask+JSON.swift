import HazmonCore
import HazmonIO

extension InspectionTask {
    /// The task as the JSON object published on `hazmon/inspections/{enterprise}` and kept by the store
    /// (contract: `Alerts/inspection-task.schema.json`). Times are RFC 3339 UTC with milliseconds.
    public func json() -> String {
        var out = "{\"id\":"
        out.reserveCapacity(512 + 256 * evidence.count + 128 * history.count)
        JSONText.appendString(id, to: &out)
        out += ",\"enterprise\":"
        JSONText.appendString(enterprise, to: &out)
        out += ",\"hazard_source\":"
        Self.appendOptional(hazardSource, to: &out)
        out += ",\"trigger\":\"\(trigger.rawValue)\",\"priority\":\"\(priority.rawValue)\""
        out += ",\"color\":\"\(priority.color)\",\"status\":\"\(status.rawValue)\""
        out += ",\"opened_at\":\"\(Timestamps.rfc3339(openedAt))\",\"due_at\":\"\(Timestamps.rfc3339(dueAt))\""
        out += ",\"overdue\":\(overdue),\"assignee\":"
        Self.appendOptional(assignee, to: &out)
        out += ",\"findings\":"
        if let findings {
            out += "{\"hazard_confirmed\":\(findings.hazardConfirmed),\"note\":"
            JSONText.appendString(findings.note, to: &out)
            out += "}"
        } else {
            out += "null"
        }
        out += ",\"evidence\":["
        for (i, item) in evidence.enumerated() {
            if i > 0 { out += "," }
            out += "{\"alarm_id\":"
            Self.appendOptional(item.alarmID, to: &out)
            out += ",\"seq\":"
            if let seq = item.seq { out += String(seq) } else { out += "null" }
            out += ",\"ts\":\"\(Timestamps.rfc3339(item.ts))\",\"value\":"
            JSONText.appendNumber(item.value, to: &out)
            out += ",\"priority\":\"\(item.priority.rawValue)\",\"message\":"
            JSONText.appendString(item.message, to: &out)
            out += "}"
        }
        out += "],\"evidence_count\":\(evidenceCount),\"history\":["
        for (i, entry) in history.enumerated() {
            if i > 0 { out += "," }
            out += "{\"at\":\"\(Timestamps.rfc3339(entry.at))\",\"by\":"
            JSONText.appendString(entry.by, to: &out)
            out += ",\"from\":"
            if let from = entry.from { out += "\"\(from.rawValue)\"" } else { out += "null" }
            out += ",\"to\":\"\(entry.to.rawValue)\",\"assignee\":"
            Self.appendOptional(entry.assignee, to: &out)
            out += ",\"note\":"
            Self.appendOptional(entry.note, to: &out)
            out += "}"
        }
        out += "],\"updated_at\":\"\(Timestamps.rfc3339(updatedAt))\"}"
        return out
    }

    private static func appendOptional(_ text: String?, to out: inout String) {
        if let text { JSONText.appendString(text, to: &out) } else { out += "null" }
    }
}
