public import HazmonCore

/// One inspection task's current state (`inspections`), upserted by id (SPEC §7).
public struct InspectionRow: Sendable, Hashable {
    /// Statuses after which a task never changes again; restore skips them.
    public static let finalStatuses: Set<String> = ["closed", "cancelled"]

    public var id: String
    public var enterprise: String
    public var hazardSource: String
    /// `critical_alarm`, `sustained_alarm`, `repeated_alarms`, `data_outage`, `risk_escalation`.
    public var trigger: String
    /// `open`, `acknowledged`, `in_progress`, `closed`, `cancelled`.
    public var status: String
    public var priority: String
    public var overdue: Bool
    public var openedAt: Millis
    public var dueAt: Millis
    public var updatedAt: Millis
    /// The task as the inspection module renders it.
    public var json: String

    /// A task row from its columns.
    public init(
        id: String, enterprise: String, hazardSource: String, trigger: String, status: String, priority: String,
        overdue: Bool, openedAt: Millis, dueAt: Millis, updatedAt: Millis, json: String
    ) {
        self.id = id
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.trigger = trigger
        self.status = status
        self.priority = priority
        self.overdue = overdue
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.updatedAt = updatedAt
        self.json = json
    }
}

/// One change to an inspection task (`inspection_history`): opened, evidence appended, status changed, ….
public struct InspectionHistoryRow: Sendable, Hashable {
    public var taskID: String
    public var ts: Millis
    /// A short name of the change (`opened`, `evidence`, `status:in_progress`, …).
    public var change: String
    public var json: String

    /// A history row from its columns.
    public init(taskID: String, ts: Millis, change: String, json: String) {
        self.taskID = taskID
        self.ts = ts
        self.change = change
        self.json = json
    }
}

/// One enterprise risk score (`risk_scores` history and `risk_latest`), SPEC §8.
public struct RiskScoreRow: Sendable, Hashable {
    public var enterprise: String
    public var ts: Millis
    /// 0–100, higher is safer.
    public var score: Double
    /// `blue`, `yellow`, `orange`, `red`.
    public var grade: String
    /// Supervision class `A`–`D`.
    public var supervisionClass: String
    /// The score with every factor's contribution, as the risk module renders it.
    public var json: String

    /// A score row from its columns.
    public init(enterprise: String, ts: Millis, score: Double, grade: String, supervisionClass: String, json: String) {
        self.enterprise = enterprise
        self.ts = ts
        self.score = score
        self.grade = grade
        self.supervisionClass = supervisionClass
        self.json = json
    }
}
