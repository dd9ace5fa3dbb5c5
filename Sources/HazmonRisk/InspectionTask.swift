public import HazmonCore

/// Where an inspection task is in its lifecycle (SPEC §7); the raw value is the JSON name.
public enum InspectionStatus: String, Sendable, Hashable, CaseIterable {
    case open
    case acknowledged
    case inProgress = "in_progress"
    case closed
    case cancelled

    /// Closed and cancelled tasks never change again.
    public var isFinal: Bool { self == .closed || self == .cancelled }
}

/// What the inspector found when closing a task.
public struct InspectionFindings: Sendable, Hashable {
    /// True when the warning pointed at a real hazard (it counts against the risk score for 12 months).
    public var hazardConfirmed: Bool
    /// What was found and done; never empty.
    public var note: String

    /// Findings as the inspector reports them.
    public init(hazardConfirmed: Bool, note: String) {
        self.hazardConfirmed = hazardConfirmed
        self.note = note
    }
}

/// One piece of evidence behind a task: the alarm event (or risk change) that triggered or re-triggered it.
public struct InspectionEvidence: Sendable, Hashable {
    /// Stable alarm id `{enterprise}/{tag}/{condition}`; nil for `risk_escalation`.
    public var alarmID: String?
    /// `seq` of the alarm event (the activation for timer triggers); nil when there is none.
    public var seq: UInt64?
    /// When the trigger condition held: the activation time, or the end of the sustained/outage period.
    public var ts: Millis
    /// The event's value (NaN when none).
    public var value: Double
    /// Priority of the alarm (or of the task, for evidence without an alarm).
    public var priority: Priority
    /// One line for the inspector.
    public var message: String

    /// Evidence as the policy records it.
    public init(alarmID: String?, seq: UInt64?, ts: Millis, value: Double, priority: Priority, message: String) {
        self.alarmID = alarmID
        self.seq = seq
        self.ts = ts
        self.value = value
        self.priority = priority
        self.message = message
    }

    /// Equal by bit pattern of `value`, so NaN evidence survives a JSON round trip as equal.
    public static func == (lhs: InspectionEvidence, rhs: InspectionEvidence) -> Bool {
        lhs.alarmID == rhs.alarmID && lhs.seq == rhs.seq && lhs.ts == rhs.ts
            && lhs.value.bitPattern == rhs.value.bitPattern && lhs.priority == rhs.priority
            && lhs.message == rhs.message
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(alarmID)
        hasher.combine(seq)
        hasher.combine(ts)
        hasher.combine(value.bitPattern)
        hasher.combine(message)
    }
}

/// One entry of a task's history: its opening, or one operator update (who, when, what, why).
public struct InspectionHistoryEntry: Sendable, Hashable {
    /// When it happened.
    public var at: Millis
    /// Who did it: `hazmon` for the opening, else the authenticated user (`inspector:li.na`).
    public var by: String
    /// Status before; nil for the opening.
    public var from: InspectionStatus?
    /// Status after (equal to `from` when only the assignee or a note changed).
    public var to: InspectionStatus
    /// Assignee after the update.
    public var assignee: String?
    /// Free text: why, or what was done.
    public var note: String?

    /// A history entry as the policy records it.
    public init(at: Millis, by: String, from: InspectionStatus?, to: InspectionStatus, assignee: String?,
                note: String?) {
        self.at = at
        self.by = by
        self.from = from
        self.to = to
        self.assignee = assignee
        self.note = note
    }
}

/// A warning-triggered inspection task (预警触发式检查, SPEC §7), as published on
/// `hazmon/inspections/{enterprise}` and kept by the store (`json()` / `parse(_:)`).
public struct InspectionTask: Sendable, Hashable {
    /// `INS-{enterprise}-{number}`: unique and stable across restarts (the number never repeats per enterprise).
    public var id: String
    /// Enterprise id.
    public var enterprise: String
    /// Hazard source id; nil for enterprise-level tasks (`risk_escalation`, votes spanning several sources).
    public var hazardSource: String?
    /// What opened it.
    public var trigger: InspectionTrigger
    /// The most urgent evidence's priority; it only rises.
    public var priority: Priority
    /// Lifecycle status.
    public var status: InspectionStatus
    /// When the trigger first held.
    public var openedAt: Millis
    /// When it must be handled by (SPEC §7 due times by priority).
    public var dueAt: Millis
    /// Past due and not final (set by `InspectionPolicy.advance(to:)`; kept as it was when the task became final).
    public var overdue: Bool
    /// Who handles it.
    public var assignee: String?
    /// Set exactly when closed.
    public var findings: InspectionFindings?
    /// The first evidence and the latest ones (bounded by `InspectionSettings.maxEvidence`).
    public var evidence: [InspectionEvidence]
    /// All evidence ever appended, including entries dropped from `evidence`.
    public var evidenceCount: Int
    /// Opening and every update, oldest first.
    public var history: [InspectionHistoryEntry]
    /// Time of the latest change.
    public var updatedAt: Millis

    /// A task with every field given (the policy opens tasks; this is for restoring and tests).
    public init(
        id: String, enterprise: String, hazardSource: String?, trigger: InspectionTrigger, priority: Priority,
        status: InspectionStatus, openedAt: Millis, dueAt: Millis, overdue: Bool, assignee: String?,
        findings: InspectionFindings?, evidence: [InspectionEvidence], evidenceCount: Int,
        history: [InspectionHistoryEntry], updatedAt: Millis
    ) {
        self.id = id
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.trigger = trigger
        self.priority = priority
        self.status = status
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.overdue = overdue
        self.assignee = assignee
        self.findings = findings
        self.evidence = evidence
        self.evidenceCount = evidenceCount
        self.history = history
        self.updatedAt = updatedAt
    }

    /// The number in `INS-{enterprise}-{number}`, or nil if the id is not of that shape.
    public var number: Int? {
        let prefix = "INS-\(enterprise)-"
        guard id.hasPrefix(prefix) else { return nil }
        return Int(id.dropFirst(prefix.count))
    }

    /// When it became final (its last history entry), or nil while it is not.
    public var finishedAt: Millis? { status.isFinal ? (history.last?.at ?? updatedAt) : nil }
}

/// One change to one task, as `InspectionPolicy` reports it: publish `task.json()` and store it.
public struct InspectionChange: Sendable, Hashable {
    /// The task after the change.
    public var task: InspectionTask
    /// What changed.
    public var what: What

    /// A change as the policy reports it.
    public init(task: InspectionTask, what: What) {
        self.task = task
        self.what = what
    }

    /// The parts of a task a change touched.
    public struct What: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        /// Wraps raw bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The task was opened.
        public static let opened = What(rawValue: 1 << 0)
        /// Evidence was appended to an open task.
        public static let evidence = What(rawValue: 1 << 1)
        /// The status changed.
        public static let status = What(rawValue: 1 << 2)
        /// The assignee changed.
        public static let assignee = What(rawValue: 1 << 3)
        /// Findings were recorded (on closing).
        public static let findings = What(rawValue: 1 << 4)
        /// `overdue` flipped.
        public static let overdue = What(rawValue: 1 << 5)
        /// More urgent evidence raised the priority (and moved the due time earlier).
        public static let priority = What(rawValue: 1 << 6)
        /// A note was added without another change.
        public static let note = What(rawValue: 1 << 7)

        /// The parts by name (`opened`, `evidence`, `status`, …), for the stored task history.
        public var names: [String] {
            let all: [(What, String)] = [
                (.opened, "opened"), (.evidence, "evidence"), (.status, "status"), (.assignee, "assignee"),
                (.findings, "findings"), (.overdue, "overdue"), (.priority, "priority"), (.note, "note"),
            ]
            return all.filter { contains($0.0) }.map(\.1)
        }
    }
}
