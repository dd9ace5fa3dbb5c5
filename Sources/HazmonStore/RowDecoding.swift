internal import Foundation
internal import GRDB

/// Table rows back into the public row types: the one place column names are read.
extension EventRow {
    static let columns = "seq, alarm_id, enterprise, hazard_source, tag, condition, transition, state, ts, json"

    init(row: Row) {
        self.init(
            seq: UInt64(bitPattern: row["seq"]), alarmID: row["alarm_id"], enterprise: row["enterprise"],
            hazardSource: row["hazard_source"], tag: row["tag"], condition: row["condition"],
            transition: row["transition"], state: row["state"], ts: row["ts"], json: row["json"])
    }
}

extension AlarmStateRow {
    init(row: Row) {
        self.init(
            alarmID: row["alarm_id"], enterprise: row["enterprise"], hazardSource: row["hazard_source"],
            tag: row["tag"], condition: row["condition"], priority: row["priority"], state: row["state"],
            flags: row["flags"], activatedAt: row["activated_at"], returnedAt: row["returned_at"],
            shelvedUntil: row["shelved_until"], lastSeq: UInt64(bitPattern: row["last_seq"]), lastTs: row["last_ts"],
            json: row["json"])
    }
}

extension OverlayRow {
    init(row: Row) throws {
        let kind: String = row["kind"]
        guard let parsed = OverlayKind(rawValue: kind) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "unknown overlay kind '\(kind)' in overlays")
        }
        self.init(kind: parsed, target: row["target"], reason: row["reason"], actor: row["actor"],
                  since: row["since"], until: row["until"])
    }
}

extension InspectionRow {
    init(row: Row) {
        self.init(
            id: row["id"], enterprise: row["enterprise"], hazardSource: row["hazard_source"], trigger: row["trigger"],
            status: row["status"], priority: row["priority"], overdue: row["overdue"], openedAt: row["opened_at"],
            dueAt: row["due_at"], updatedAt: row["updated_at"], json: row["json"])
    }
}

extension InspectionHistoryRow {
    init(row: Row) {
        self.init(taskID: row["task_id"], ts: row["ts"], change: row["change"], json: row["json"])
    }
}

extension RiskScoreRow {
    init(row: Row) {
        self.init(enterprise: row["enterprise"], ts: row["ts"], score: row["score"], grade: row["grade"],
                  supervisionClass: row["class"], json: row["json"])
    }
}

extension DeadLetterRow {
    init(row: Row) {
        let payload: Data = row["payload"]
        self.init(id: row["id"], receivedAt: row["received_at"], topic: row["topic"], reason: row["reason"],
                  detail: row["detail"], payload: [UInt8](payload))
    }
}

extension AuditRow {
    init(row: Row) {
        self.init(id: row["id"], ts: row["ts"], actor: row["actor"], role: row["role"], action: row["action"],
                  target: row["target"], reason: row["reason"], details: row["details"], outcome: row["outcome"])
    }
}

extension Checkpoint {
    init(row: Row) {
        let engine: Data = row["engine_state"]
        let risk: Data = row["risk_state"]
        self.init(ts: row["ts"], nextSeq: UInt64(bitPattern: row["next_seq"]), engineState: [UInt8](engine),
                  riskState: [UInt8](risk), inspectionCounter: row["inspection_counter"])
    }
}
