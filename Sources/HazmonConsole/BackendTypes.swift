public import HazmonCore

/// An alarm's identity `{enterprise}/{tag}/{condition}` (SPEC §6); no part contains `/`, `+` or `#`.
public struct AlarmID: Sendable, Hashable, CustomStringConvertible {
    /// Enterprise id.
    public var enterprise: String
    /// Tag id (the vote id for `VOTE`, `*` for `FLOOD`).
    public var tag: String
    /// The alarm condition.
    public var condition: Condition

    /// An id from its three parts.
    public init(enterprise: String, tag: String, condition: Condition) {
        self.enterprise = enterprise
        self.tag = tag
        self.condition = condition
    }

    /// `enterprise/tag/condition`, the `id` field of the alarm's events.
    public var description: String { "\(enterprise)/\(tag)/\(condition.rawValue)" }
}

/// Who is acting: the authenticated token's name and role (the event's `actor` field is `role:name`).
public struct Actor: Sendable, Hashable {
    /// The token's name, e.g. `wang.li`.
    public var name: String
    /// The token's role.
    public var role: Role

    /// An actor from a token's name and role.
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// `role:name`, the form the §6 `actor` field uses.
    public var label: String { "\(role.rawValue):\(name)" }
}

/// Alarm list filter from the query string; every field nil means "any".
public struct AlarmFilter: Sendable, Hashable {
    /// ISA-18.2 states to include (any of them).
    public var states: Set<AlarmState>?
    /// Priorities to include (any of them).
    public var priorities: Set<Priority>?
    /// Conditions to include (any of them).
    public var conditions: Set<Condition>?
    /// Only this enterprise.
    public var enterprise: String?
    /// Only this hazard source.
    public var hazardSource: String?

    /// A filter; the defaults match everything.
    public init(
        states: Set<AlarmState>? = nil, priorities: Set<Priority>? = nil, conditions: Set<Condition>? = nil,
        enterprise: String? = nil, hazardSource: String? = nil
    ) {
        self.states = states
        self.priorities = priorities
        self.conditions = conditions
        self.enterprise = enterprise
        self.hazardSource = hazardSource
    }
}

/// A tag out of service or a hazard source in maintenance, on or off (SPEC §5).
public struct ServiceStateChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case outOfService, maintenance }
    public var kind: Kind
    public var enterprise: String
    /// The tag id (out of service) or the hazard source id (maintenance).
    public var subject: String
    public var on: Bool
    public var reason: String?

    public init(kind: Kind, enterprise: String, subject: String, on: Bool, reason: String?) {
        self.kind = kind
        self.enterprise = enterprise
        self.subject = subject
        self.on = on
        self.reason = reason
    }
}

/// Why an alarm write was refused.
public enum AlarmRefusal: Error, Sendable, Hashable {
    /// No alarm with that id is known to the service.
    case unknownAlarm
    /// The transition is not allowed from the alarm's current state; the text says why (e.g. "already acknowledged").
    case invalidTransition(String)
    /// The requested shelve exceeds the service's maximum (milliseconds).
    case shelveTooLong(maximum: Int64)
}

/// Inspection task status (SPEC §7).
public enum InspectionStatus: String, Sendable, Hashable, CaseIterable {
    case open, acknowledged
    case inProgress = "in_progress"
    case closed, cancelled
}

/// Inspection list filter from the query string; every field nil means "any".
public struct InspectionFilter: Sendable, Hashable {
    /// Statuses to include (any of them).
    public var statuses: Set<InspectionStatus>?
    /// Only this enterprise.
    public var enterprise: String?
    /// Only this hazard source.
    public var hazardSource: String?
    /// Only overdue (true) or not overdue (false) tasks.
    public var overdue: Bool?
    /// Only tasks assigned to this person.
    public var assignee: String?

    /// A filter; the defaults match everything.
    public init(
        statuses: Set<InspectionStatus>? = nil, enterprise: String? = nil, hazardSource: String? = nil,
        overdue: Bool? = nil, assignee: String? = nil
    ) {
        self.statuses = statuses
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.overdue = overdue
        self.assignee = assignee
    }
}

/// Findings recorded when an inspection closes (SPEC §7).
public struct Findings: Sendable, Hashable {
    /// Whether the inspection confirmed a hazard.
    public var hazardConfirmed: Bool
    /// What was found or done.
    public var note: String

    /// Findings from their two fields.
    public init(hazardConfirmed: Bool, note: String) {
        self.hazardConfirmed = hazardConfirmed
        self.note = note
    }
}

/// A partial update of an inspection task: nil fields stay as they are.
public struct InspectionUpdate: Sendable, Hashable {
    /// The new status.
    public var status: InspectionStatus?
    /// The new assignee.
    public var assignee: String?
    /// Findings (required by the service to close a task).
    public var findings: Findings?
    /// A note for the task's history (required by the service to cancel a task).
    public var note: String?

    /// An update; at least one field should be set (the API refuses an empty one).
    public init(status: InspectionStatus? = nil, assignee: String? = nil, findings: Findings? = nil) {
        self.status = status
        self.assignee = assignee
        self.findings = findings
    }
}

/// Why an inspection update was refused.
public enum InspectionRefusal: Error, Sendable, Hashable {
    /// No task with that id.
    case unknownTask
    /// The status change is not allowed from the task's current status; the text says why.
    case invalidTransition(String)
    /// The update is incomplete or inconsistent (e.g. closing without findings); the text says what to add.
    case invalidUpdate(String)
}

/// An enterprise with its latest risk JSON (nil before the first score).
public struct EnterpriseSummary: Sendable, Hashable {
    /// Enterprise id.
    public var id: String
    /// Display name.
    public var name: String
    /// Latest risk JSON, nil before the first computation.
    public var risk: String?

    /// A summary from its fields.
    public init(id: String, name: String, risk: String?) {
        self.id = id
        self.name = name
        self.risk = risk
    }
}

/// An enterprise with its risk history.
public struct EnterpriseDetail: Sendable, Hashable {
    /// The enterprise and its latest risk (with the factor breakdown).
    public var summary: EnterpriseSummary
    /// Earlier risk JSON objects, oldest first.
    public var history: [String]

    /// A detail from its summary and history.
    public init(summary: EnterpriseSummary, history: [String]) {
        self.summary = summary
        self.history = history
    }
}

/// One recent sample of a tag.
public struct TagSample: Sendable, Hashable {
    /// Sample time, Unix milliseconds.
    public var ts: Int64
    /// The value; nil when not finite.
    public var value: Double?
    /// Field quality.
    public var quality: Quality

    /// A sample from its fields.
    public init(ts: Int64, value: Double?, quality: Quality) {
        self.ts = ts
        self.value = value
        self.quality = quality
    }
}

/// The live view of one tag: value, limits, active alarms and recent samples.
public struct TagView: Sendable, Hashable {
    /// Enterprise id.
    public var enterprise: String
    /// Tag id.
    public var tag: String
    /// Tag kind (`pressure`, `discrete`…).
    public var kind: TagKind
    /// Engineering unit (empty for discrete tags).
    public var unit: String
    /// Latest value; nil when never heard or not finite.
    public var value: Double?
    /// Latest quality; nil when never heard.
    public var quality: Quality?
    /// Latest sample time, Unix milliseconds; nil when never heard.
    public var ts: Int64?
    /// The configured absolute limits by condition (`HH`, `H`, `L`, `LL`).
    public var limits: [Condition: Double]
    /// The tag's alarms that are not back to normal, as alarm JSON.
    public var activeAlarms: [String]
    /// Recent samples, oldest first.
    public var samples: [TagSample]

    /// A tag view from its fields.
    public init(
        enterprise: String, tag: String, kind: TagKind, unit: String, value: Double?, quality: Quality?, ts: Int64?,
        limits: [Condition: Double], activeAlarms: [String], samples: [TagSample]
    ) {
        self.enterprise = enterprise
        self.tag = tag
        self.kind = kind
        self.unit = unit
        self.value = value
        self.quality = quality
        self.ts = ts
        self.limits = limits
        self.activeAlarms = activeAlarms
        self.samples = samples
    }
}

/// What a stream item carries.
public enum StreamItemType: String, Sendable, Hashable, CaseIterable {
    case alarm, inspection, risk, flood
}

/// One live update: an SSE event with `id: seq`, `event: type` and the JSON as `data`.
public struct StreamItem: Sendable, Hashable {
    /// The service's sequence number (strictly increasing; the SSE `id`).
    public var seq: Int64
    /// Which kind of object `data` is.
    public var type: StreamItemType
    /// One JSON object on one line.
    public var data: String

    /// An item from its fields.
    public init(seq: Int64, type: StreamItemType, data: String) {
        self.seq = seq
        self.type = type
        self.data = data
    }
}

/// Whether the service is ready, and why not.
public struct Readiness: Sendable, Hashable {
    /// True when the service can serve traffic.
    public var isReady: Bool
    /// Why not, when not ready (e.g. "broker not connected").
    public var reason: String?

    /// Ready.
    public static let ready = Readiness(isReady: true, reason: nil)

    /// Not ready, for `reason`.
    public static func notReady(_ reason: String) -> Readiness { Readiness(isReady: false, reason: reason) }

    /// A readiness from its fields.
    public init(isReady: Bool, reason: String?) {
        self.isReady = isReady
        self.reason = reason
    }
}

/// How an audited write ended.
public enum AuditOutcome: String, Sendable, Hashable {
    /// The write was applied.
    case success
    /// The backend refused it (unknown target, invalid transition…).
    case refused
    /// The request was rejected before reaching the backend (bad body or id).
    case invalid
    /// The token's role does not allow this write (HTTP 403). A missing or unknown token (401) has no actor
    /// and is not audited.
    case forbidden
}
