public import HazmonCore

/// Warning-triggered inspection tasks (预警触发式检查, SPEC §7) as a value-type state machine.
///
/// Inputs, each returning the task changes to publish on `hazmon/inspections/{enterprise}` and store:
/// - `observe(_:rule:message:)`: every alarm event the engine emits (floods excepted). Only
///   annunciated activations count; events of shelved, suppressed, out-of-service or chattering
///   alarms trigger nothing (SPEC §5), and such an overlay stops a pending sustained/outage timer.
/// - `advance(to:)`: the clock. Fires sustained-alarm and data-outage timers and flags overdue tasks.
/// - `riskGradeChanged(enterprise:from:to:at:)`: the risk model's grade changes.
/// - `update(task:status:assignee:findings:note:by:at:)`: inspectors' updates, validated.
///
/// At most one non-final task exists per (enterprise, hazard source, trigger); further evidence is
/// appended to it. Time comes only from arguments (`Millis`), so the same calls give the same tasks.
/// Closed and cancelled tasks leave memory at once (the store keeps them); only their confirmed
/// findings' closing times stay, for `confirmedFindings(enterprise:at:)`.
/// - Important: not thread-safe; one task owns a policy (the engine's, in the service).
public struct InspectionPolicy: Sendable {
    /// The parameters in force.
    public let settings: InspectionSettings
    /// The catalog the alarm rules index into (names, hazard source grades).
    public let model: EngineModel
    /// Every non-final task by id.
    public internal(set) var openTasks: [String: InspectionTask] = [:]

    /// The open task of each (enterprise, hazard source, trigger).
    var openByKey: [TaskKey: String] = [:]
    /// Per enterprise id: the number the next task id gets.
    var nextNumbers: [String: Int] = [:]
    /// Pending sustained-alarm and data-outage timers.
    var timers: [TimerKey: PendingTimer] = [:]
    /// Per hazard source index: the latest counted activations for `repeated_alarms`, oldest first.
    var recentActivations: [Int32: [PendingTimer]] = [:]
    /// Per enterprise id: closing times of tasks with a confirmed hazard, oldest first.
    var confirmedFindingTimes: [String: [Millis]] = [:]

    /// A policy with no tasks yet (first start).
    public init(settings: InspectionSettings = InspectionSettings(), model: EngineModel) {
        self.settings = settings
        self.model = model
    }

    // MARK: Queries the risk score needs

    /// Open (non-final) tasks of the enterprise that are overdue.
    public func overdueTasks(enterprise: String) -> Int {
        openTasks.values.count { $0.enterprise == enterprise && $0.overdue }
    }

    /// Tasks of the enterprise closed with a confirmed hazard within `settings.findingsWindow` before `now`.
    public func confirmedFindings(enterprise: String, at now: Millis) -> Int {
        (confirmedFindingTimes[enterprise] ?? []).count { $0 > now - settings.findingsWindow && $0 <= now }
    }

    /// The enterprise's open tasks, oldest first.
    public func openTasks(enterprise: String) -> [InspectionTask] {
        openTasks.values.filter { $0.enterprise == enterprise }.sorted(by: InspectionTask.olderFirst)
    }

    /// The number the enterprise's next task id will get (the store may persist it; restore takes it back).
    public func nextNumber(enterprise: String) -> Int { nextNumbers[enterprise] ?? 1 }
}

/// Identifies the one open task a trigger may have per hazard source ("" for enterprise-level).
struct TaskKey: Hashable, Sendable {
    var enterprise: String
    var hazardSource: String
    var trigger: InspectionTrigger

    init(enterprise: String, hazardSource: String?, trigger: InspectionTrigger) {
        self.enterprise = enterprise
        self.hazardSource = hazardSource ?? ""
        self.trigger = trigger
    }

    init(_ task: InspectionTask) {
        self.init(enterprise: task.enterprise, hazardSource: task.hazardSource, trigger: task.trigger)
    }
}

/// One alarm's pending timer for one trigger.
struct TimerKey: Hashable, Sendable, Comparable {
    var alarm: Int32
    var trigger: InspectionTrigger

    static func < (lhs: TimerKey, rhs: TimerKey) -> Bool {
        (lhs.alarm, lhs.trigger.rawValue) < (rhs.alarm, rhs.trigger.rawValue)
    }
}

/// An alarm fact waiting to become evidence: a timer (at `deadline`) or a counted activation.
struct PendingTimer: Sendable {
    var deadline: Millis
    var enterprise: String
    var hazardSource: String?
    var evidence: InspectionEvidence
}

extension InspectionTask {
    /// Oldest opening first, then id: a stable order for reports and changes.
    static func olderFirst(_ a: InspectionTask, _ b: InspectionTask) -> Bool {
        (a.openedAt, a.id) < (b.openedAt, b.id)
    }
}
