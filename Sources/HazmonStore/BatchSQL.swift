internal import Foundation
internal import GRDB

/// The SQL that writes one `StoreBatch` inside the caller's transaction, with cached statements.
enum BatchSQL {
    static func write(_ batch: StoreBatch, to db: Database) throws -> Int {
        if !batch.events.isEmpty {
            // The seq is the identity: a re-submitted event is skipped, never duplicated.
            let insert = try db.cachedStatement(sql: """
                INSERT INTO events (seq, alarm_id, enterprise, hazard_source, tag, condition, transition, state, ts, json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING
                """)
            for e in batch.events {
                try insert.execute(arguments: [
                    Int64(bitPattern: e.seq), e.alarmID, e.enterprise, e.hazardSource, e.tag, e.condition,
                    e.transition, e.state, e.ts, e.json,
                ])
            }
        }
        if !batch.alarmStates.isEmpty {
            // An older state never overwrites a newer one, whatever order retries arrive in.
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO alarm_states (alarm_id, enterprise, hazard_source, tag, condition, priority, state, flags,
                    activated_at, returned_at, shelved_until, last_seq, last_ts, json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (alarm_id) DO UPDATE SET enterprise = excluded.enterprise,
                    hazard_source = excluded.hazard_source, tag = excluded.tag, condition = excluded.condition,
                    priority = excluded.priority, state = excluded.state, flags = excluded.flags,
                    activated_at = excluded.activated_at, returned_at = excluded.returned_at,
                    shelved_until = excluded.shelved_until, last_seq = excluded.last_seq, last_ts = excluded.last_ts,
                    json = excluded.json
                WHERE excluded.last_seq >= alarm_states.last_seq
                """)
            for s in batch.alarmStates {
                try upsert.execute(arguments: [
                    s.alarmID, s.enterprise, s.hazardSource, s.tag, s.condition, s.priority, s.state, s.flags,
                    s.activatedAt, s.returnedAt, s.shelvedUntil, Int64(bitPattern: s.lastSeq), s.lastTs, s.json,
                ])
            }
        }
        for change in batch.overlays {
            switch change {
            case .set(let o):
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO overlays (kind, target, reason, actor, since, until) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [o.kind.rawValue, o.target, o.reason, o.actor, o.since, o.until])
            case .remove(let kind, let target):
                try db.cachedStatement(sql: "DELETE FROM overlays WHERE kind = ? AND target = ?")
                    .execute(arguments: [kind.rawValue, target])
            }
        }
        if !batch.inspections.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO inspections (id, enterprise, hazard_source, trigger, status, priority, overdue,
                    opened_at, due_at, updated_at, json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for t in batch.inspections {
                try upsert.execute(arguments: [
                    t.id, t.enterprise, t.hazardSource, t.trigger, t.status, t.priority, t.overdue, t.openedAt,
                    t.dueAt, t.updatedAt, t.json,
                ])
            }
        }
        if !batch.inspectionHistory.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO inspection_history (task_id, ts, change, json) VALUES (?, ?, ?, ?)
                """)
            for h in batch.inspectionHistory {
                try insert.execute(arguments: [h.taskID, h.ts, h.change, h.json])
            }
        }
        if !batch.riskScores.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO risk_scores (enterprise, ts, score, grade, class, json) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for r in batch.riskScores {
                try insert.execute(arguments: [r.enterprise, r.ts, r.score, r.grade, r.supervisionClass, r.json])
            }
        }
        for r in batch.carriedRisk + batch.riskScores {
            try db.cachedStatement(sql: """
                INSERT INTO risk_latest (enterprise, ts, score, grade, class, json) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (enterprise) DO UPDATE SET ts = excluded.ts, score = excluded.score,
                    grade = excluded.grade, class = excluded.class, json = excluded.json
                WHERE excluded.ts >= risk_latest.ts
                """).execute(arguments: [r.enterprise, r.ts, r.score, r.grade, r.supervisionClass, r.json])
        }
        if !batch.deadLetters.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO dead_letters (received_at, topic, reason, detail, payload) VALUES (?, ?, ?, ?, ?)
                """)
            for d in batch.deadLetters {
                try insert.execute(arguments: [d.receivedAt, d.topic, d.reason, d.detail, Data(d.payload)])
            }
        }
        if !batch.audit.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO audit (ts, actor, role, action, target, reason, details, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for a in batch.audit {
                try insert.execute(arguments: [a.ts, a.actor, a.role, a.action, a.target, a.reason, a.details, a.outcome])
            }
        }
        if !batch.tagWatermarks.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO tag_watermarks (enterprise, tag, ts, value) VALUES (?, ?, ?, ?)
                ON CONFLICT (enterprise, tag) DO UPDATE SET ts = excluded.ts, value = excluded.value
                WHERE excluded.ts > tag_watermarks.ts
                """)
            for w in batch.tagWatermarks {
                try upsert.execute(arguments: [w.enterprise, w.tag, w.ts, w.value.isFinite ? w.value : nil])
            }
        }
        if let c = batch.checkpoint {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO checkpoint (id, ts, next_seq, engine_state, risk_state, inspection_counter)
                VALUES (1, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    c.ts, Int64(bitPattern: c.nextSeq), Data(c.engineState), Data(c.riskState), c.inspectionCounter,
                ])
        }
        return batch.rowCount
    }

    /// Deletes the oldest dead letters beyond `cap` (row ids only grow: AUTOINCREMENT).
    static func trimDeadLetters(_ db: Database, cap: Int) throws {
        try db.execute(
            sql: "DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - ?", arguments: [cap])
    }
}
