/// Everything one engine step produced that must become durable together: written in ONE transaction.
public struct StoreBatch: Sendable, Hashable {
    /// Journal rows; a `seq` already stored is skipped, so re-submitting a batch is harmless.
    public var events: [EventRow]
    /// Current alarm states, upserted by alarm id.
    public var alarmStates: [AlarmStateRow]
    /// Overlays switched on or off, applied in order.
    public var overlays: [OverlayChange]
    /// Inspection tasks, upserted by id.
    public var inspections: [InspectionRow]
    /// Inspection task changes, appended.
    public var inspectionHistory: [InspectionHistoryRow]
    /// Risk scores: appended to the history and upserted as each enterprise's latest.
    public var riskScores: [RiskScoreRow]
    /// Refused messages, appended; the oldest beyond `StoreOptions.deadLetterCap` are deleted.
    public var deadLetters: [DeadLetterRow]
    /// Audit entries, appended.
    public var audit: [AuditRow]
    /// Replaces the single checkpoint row when present.
    public var checkpoint: Checkpoint?
    /// Tags' last evaluated samples, upserted (a later time wins).
    public var tagWatermarks: [TagWatermarkRow] = []

    /// A batch from its parts; everything defaults to empty.
    public init(
        events: [EventRow] = [], alarmStates: [AlarmStateRow] = [], overlays: [OverlayChange] = [],
        inspections: [InspectionRow] = [], inspectionHistory: [InspectionHistoryRow] = [],
        riskScores: [RiskScoreRow] = [], deadLetters: [DeadLetterRow] = [], audit: [AuditRow] = [],
        checkpoint: Checkpoint? = nil
    ) {
        self.events = events
        self.alarmStates = alarmStates
        self.overlays = overlays
        self.inspections = inspections
        self.inspectionHistory = inspectionHistory
        self.riskScores = riskScores
        self.deadLetters = deadLetters
        self.audit = audit
        self.checkpoint = checkpoint
    }

    /// Rows the batch writes (a checkpoint counts as one).
    public var rowCount: Int {
        events.count + alarmStates.count + overlays.count + inspections.count + inspectionHistory.count
            + riskScores.count + deadLetters.count + audit.count + (checkpoint == nil ? 0 : 1) + tagWatermarks.count
    }

    /// True when committing it would write nothing.
    public var isEmpty: Bool { rowCount == 0 }

    /// Rows that are history (journal, task history, risk history, dead letters, audit) rather than
    /// current state: what the writer gives up first when it must shed a backlog.
    var historyRowCount: Int {
        events.count + inspectionHistory.count + riskScores.count + deadLetters.count + audit.count
    }

    /// Folds `later` into this batch keeping only current state: latest alarm states, overlays,
    /// inspections, risk (as history-less latest) and checkpoint. History rows of `self` are dropped;
    /// those of `later` are kept. Used only when the writer's retained backlog overflows.
    func compacted(into later: StoreBatch) -> StoreBatch {
        var merged = later
        let laterAlarms = Set(later.alarmStates.map(\.alarmID))
        merged.alarmStates = alarmStates.filter { !laterAlarms.contains($0.alarmID) } + later.alarmStates
        merged.overlays = overlays + later.overlays
        let laterTasks = Set(later.inspections.map(\.id))
        merged.inspections = inspections.filter { !laterTasks.contains($0.id) } + later.inspections
        merged.checkpoint = later.checkpoint ?? checkpoint
        let laterTags = Set(later.tagWatermarks.map { "\($0.enterprise)/\($0.tag)" })
        merged.tagWatermarks = tagWatermarks.filter { !laterTags.contains("\($0.enterprise)/\($0.tag)") }
            + later.tagWatermarks
        // A dropped risk history row still carries an enterprise's latest score if no later one does.
        let laterRisk = Set(later.riskScores.map(\.enterprise))
        var latest: [String: RiskScoreRow] = [:]
        for row in carriedRisk + riskScores + later.carriedRisk { latest[row.enterprise] = row }
        merged.carriedRisk = latest.values.filter { !laterRisk.contains($0.enterprise) }.sorted { $0.ts < $1.ts }
        return merged
    }

    /// Latest risk scores carried over from a compacted batch: upserted into `risk_latest` only.
    var carriedRisk: [RiskScoreRow] = []
}
