public import HazmonCore
internal import GRDB

/// Reads for the HTTP API and exports. On a file store they run on reader connections, concurrently
/// with the writer, each in its own read transaction (a consistent snapshot).
extension HazmonStore {
    /// Journal events with `seq > afterSeq`, in seq order, at most `limit`: page through with the last seq.
    public func events(afterSeq: UInt64 = 0, limit: Int = 1000) throws(StoreError) -> [EventRow] {
        try read("reading the journal") { db in
            try Row.fetchAll(db, sql: "SELECT \(EventRow.columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                             arguments: [Int64(bitPattern: afterSeq), limit]).map(EventRow.init(row:))
        }
    }

    /// Every journal event of one alarm, in seq order.
    public func events(alarmID: String) throws(StoreError) -> [EventRow] {
        try read("reading an alarm's journal") { db in
            try Row.fetchAll(db, sql: "SELECT \(EventRow.columns) FROM events WHERE alarm_id = ? ORDER BY seq",
                             arguments: [alarmID]).map(EventRow.init(row:))
        }
    }

    /// The highest journal seq, nil when the journal is empty.
    public func maxSeq() throws(StoreError) -> UInt64? {
        try read("reading the journal") { db in
            try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events").map { UInt64(bitPattern: $0) }
        }
    }

    /// Current alarm states matching `filter`, most recently changed first.
    public func alarmStates(filter: AlarmStateFilter = AlarmStateFilter()) throws(StoreError) -> [AlarmStateRow] {
        let (clause, arguments) = whereClause(filter.clauses)
        return try read("reading alarm states") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alarm_states\(clause) ORDER BY last_seq DESC",
                             arguments: StatementArguments(arguments)).map(AlarmStateRow.init(row:))
        }
    }

    /// Operator overlays in force, by kind then target.
    public func overlays() throws(StoreError) -> [OverlayRow] {
        try read("reading overlays") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM overlays ORDER BY kind, target").map { try OverlayRow(row: $0) }
        }
    }

    /// Inspection tasks matching `filter`, newest first.
    public func inspections(filter: InspectionFilter = InspectionFilter()) throws(StoreError) -> [InspectionRow] {
        var (clause, textArguments) = whereClause(filter.clauses)
        var values: [(any DatabaseValueConvertible)?] = textArguments
        if let overdue = filter.overdue {
            clause += clause.isEmpty ? " WHERE overdue = ?" : " AND overdue = ?"
            values.append(overdue)
        }
        values.append(filter.limit)
        let sql = "SELECT * FROM inspections\(clause) ORDER BY opened_at DESC, id LIMIT ?"
        let bound = StatementArguments(values)
        return try read("reading inspections") { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map(InspectionRow.init(row:))
        }
    }

    /// One inspection task, nil if there is none with this id.
    public func inspection(id: String) throws(StoreError) -> InspectionRow? {
        try read("reading an inspection") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inspections WHERE id = ?", arguments: [id])
                .map(InspectionRow.init(row:))
        }
    }

    /// Every recorded change of one inspection task, oldest first.
    public func inspectionHistory(id: String) throws(StoreError) -> [InspectionHistoryRow] {
        try read("reading an inspection's history") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inspection_history WHERE task_id = ? ORDER BY id",
                             arguments: [id]).map(InspectionHistoryRow.init(row:))
        }
    }

    /// An enterprise's scores with `ts >= since`, oldest first; when more than `limit` match, the newest `limit`.
    public func riskHistory(enterprise: String, since: Millis = .min, limit: Int = 10_000) throws(StoreError)
        -> [RiskScoreRow]
    {
        try read("reading risk history") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT * FROM risk_scores WHERE enterprise = ? AND ts >= ?
                               ORDER BY ts DESC, id DESC LIMIT ?)
                ORDER BY ts, id
                """, arguments: [enterprise, since, limit]).map(RiskScoreRow.init(row:))
        }
    }

    /// Every enterprise's latest score, by enterprise.
    public func riskLatest() throws(StoreError) -> [RiskScoreRow] {
        try read("reading the latest risk") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM risk_latest ORDER BY enterprise").map(RiskScoreRow.init(row:))
        }
    }

    /// The newest audit entries, newest first.
    public func audit(limit: Int = 100) throws(StoreError) -> [AuditRow] {
        try read("reading the audit log") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(AuditRow.init(row:))
        }
    }

    /// The newest dead letters, newest first.
    public func deadLetters(limit: Int = 100) throws(StoreError) -> [DeadLetterRow] {
        try read("reading dead letters") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(DeadLetterRow.init(row:))
        }
    }

    /// The restart checkpoint, nil before the first one.
    public func checkpoint() throws(StoreError) -> Checkpoint? {
        try read("reading the checkpoint") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM checkpoint WHERE id = 1").map(Checkpoint.init(row:))
        }
    }
}
