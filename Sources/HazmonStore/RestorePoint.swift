internal import GRDB

/// What the service needs to resume after a restart, read in one snapshot (SPEC §10).
public struct RestorePoint: Sendable, Hashable {
    /// The last checkpoint; nil on a new database.
    public var checkpoint: Checkpoint?
    /// The highest journal seq; the engine must continue above it (nil: empty journal).
    public var maxSeq: UInt64?
    /// Every alarm's current state.
    public var alarmStates: [AlarmStateRow]
    /// Operator overlays in force.
    public var overlays: [OverlayRow]
    /// Inspection tasks not yet closed or cancelled.
    public var openInspections: [InspectionRow]
    /// Each enterprise's latest risk score.
    public var riskLatest: [RiskScoreRow]
    /// Every tag's last evaluated sample (newer than the checkpoint's where the engine ran on).
    public var tagWatermarks: [TagWatermarkRow] = []

    /// A restore point from its parts.
    public init(checkpoint: Checkpoint?, maxSeq: UInt64?, alarmStates: [AlarmStateRow], overlays: [OverlayRow],
                openInspections: [InspectionRow], riskLatest: [RiskScoreRow]) {
        self.checkpoint = checkpoint
        self.maxSeq = maxSeq
        self.alarmStates = alarmStates
        self.overlays = overlays
        self.openInspections = openInspections
        self.riskLatest = riskLatest
    }

    /// The seq the engine must give its next event: above both the checkpoint's and the journal's.
    public var nextSeq: UInt64 {
        max(checkpoint?.nextSeq ?? 1, (maxSeq ?? 0) + 1)
    }
}

extension HazmonStore {
    /// Reads the restore point in one read transaction, so all parts agree with each other.
    public func loadRestorePoint() throws(StoreError) -> RestorePoint {
        let finals = InspectionRow.finalStatuses.sorted()
        let placeholders = finals.map { _ in "?" }.joined(separator: ", ")
        return try read("loading the restore point") { db in
            var point = RestorePoint(
                checkpoint: try Row.fetchOne(db, sql: "SELECT * FROM checkpoint WHERE id = 1").map(Checkpoint.init(row:)),
                maxSeq: try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events").map { UInt64(bitPattern: $0) },
                alarmStates: try Row.fetchAll(db, sql: "SELECT * FROM alarm_states ORDER BY alarm_id")
                    .map(AlarmStateRow.init(row:)),
                overlays: try Row.fetchAll(db, sql: "SELECT * FROM overlays ORDER BY kind, target")
                    .map { try OverlayRow(row: $0) },
                openInspections: try Row.fetchAll(
                    db, sql: "SELECT * FROM inspections WHERE status NOT IN (\(placeholders)) ORDER BY opened_at, id",
                    arguments: StatementArguments(finals)
                ).map(InspectionRow.init(row:)),
                riskLatest: try Row.fetchAll(db, sql: "SELECT * FROM risk_latest ORDER BY enterprise")
                    .map(RiskScoreRow.init(row:)))
            point.tagWatermarks = try Row.fetchAll(db, sql: "SELECT * FROM tag_watermarks ORDER BY enterprise, tag")
                .map { TagWatermarkRow(enterprise: $0["enterprise"], tag: $0["tag"], ts: $0["ts"],
                                       value: $0["value"] ?? Double.nan) }
            return point
        }
    }
}
