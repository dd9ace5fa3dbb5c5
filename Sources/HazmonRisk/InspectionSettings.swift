public import HazmonCore

/// What opens an inspection task (SPEC §7); the raw value is the name used in config and JSON.
public enum InspectionTrigger: String, Sendable, Hashable, CaseIterable {
    /// Any critical alarm activates (annunciated).
    case criticalAlarm = "critical_alarm"
    /// A high or critical alarm stays active for `SustainedAlarm.after`.
    case sustainedAlarm = "sustained_alarm"
    /// Enough annunciated activations of medium or higher priority on one hazard source within a window.
    case repeatedAlarms = "repeated_alarms"
    /// A `STALE` alarm on a tag of a grade 1 or 2 hazard source lasts `DataOutage.after`.
    case dataOutage = "data_outage"
    /// An enterprise's risk grade worsens to red (enterprise-level: no hazard source).
    case riskEscalation = "risk_escalation"
}

/// The inspection policy's parameters (SPEC §7 defaults; `Config/hazmon.yaml`, section `inspections`).
///
/// Numbers marked `[hazmon]` in `Config/hazmon.yaml` are hazmon's choices where SPEC §7 is silent.
public struct InspectionSettings: Sendable, Hashable {
    /// `critical_alarm`: any annunciated activation of a critical alarm.
    public var criticalAlarm = CriticalAlarm()
    /// `sustained_alarm`: an alarm of `minPriority` or higher active for `after`.
    public var sustainedAlarm = SustainedAlarm()
    /// `repeated_alarms`: `count` annunciated activations of `minPriority`+ on one hazard source within `within`.
    public var repeatedAlarms = RepeatedAlarms()
    /// `data_outage`: `STALE` on a tag of a hazard source whose grade is in `grades`, active for `after`.
    public var dataOutage = DataOutage()
    /// `risk_escalation`: the enterprise's grade worsens to `grade` (or beyond).
    public var riskEscalation = RiskEscalation()
    /// Time from a task's opening (or more urgent evidence) to its due time, by task priority.
    public var due = DueTimes()
    /// Evidence entries kept per task: the first and the latest `maxEvidence - 1`; `evidence_count` counts all.
    public var maxEvidence = 50
    /// Confirmed findings count against the risk score for this long after the task closed (12 months).
    public var findingsWindow: Millis = 365 * 86_400_000

    /// SPEC §7 defaults.
    public init() {}

    /// Settings of `critical_alarm`.
    public struct CriticalAlarm: Sendable, Hashable {
        /// False turns the trigger off.
        public var enabled = true
        /// SPEC §7 default: on.
        public init() {}
    }

    /// Settings of `sustained_alarm`.
    public struct SustainedAlarm: Sendable, Hashable {
        /// False turns the trigger off.
        public var enabled = true
        /// How long the alarm must stay active (30 min).
        public var after: Millis = 30 * 60_000
        /// Least priority that counts (high: "a high or critical alarm").
        public var minPriority: Priority = .high
        /// SPEC §7 defaults.
        public init() {}
    }

    /// Settings of `repeated_alarms`.
    public struct RepeatedAlarms: Sendable, Hashable {
        /// False turns the trigger off.
        public var enabled = true
        /// Annunciated activations needed within `within` (3).
        public var count = 3
        /// The sliding window (24 h).
        public var within: Millis = 24 * 3_600_000
        /// Least priority that counts (medium).
        public var minPriority: Priority = .medium
        /// SPEC §7 defaults.
        public init() {}
    }

    /// Settings of `data_outage`.
    public struct DataOutage: Sendable, Hashable {
        /// False turns the trigger off.
        public var enabled = true
        /// How long the `STALE` alarm must stay active (4 h).
        public var after: Millis = 4 * 3_600_000
        /// GB 18218 grades of the hazard sources watched (1 and 2).
        public var grades: Set<Int> = [1, 2]
        /// Priority of the task (`[hazmon]` high: STALE alarms themselves are low priority).
        public var priority: Priority = .high
        /// SPEC §7 defaults.
        public init() {}
    }

    /// Settings of `risk_escalation`.
    public struct RiskEscalation: Sendable, Hashable {
        /// False turns the trigger off.
        public var enabled = true
        /// The grade whose reaching opens a task (red).
        public var grade: RiskGrade = .red
        /// Priority of the task (`[hazmon]` high).
        public var priority: Priority = .high
        /// SPEC §7 defaults.
        public init() {}
    }

    /// Due times by task priority (SPEC §7: critical 2 h, high 24 h, medium 72 h).
    public struct DueTimes: Sendable, Hashable {
        /// Due time of critical tasks.
        public var critical: Millis = 2 * 3_600_000
        /// Due time of high tasks.
        public var high: Millis = 24 * 3_600_000
        /// Due time of medium tasks; also used for low (no default trigger makes low-priority tasks).
        public var medium: Millis = 72 * 3_600_000
        /// SPEC §7 defaults.
        public init() {}

        /// The time allowed for a task of `priority`.
        public func time(for priority: Priority) -> Millis {
            switch priority {
            case .critical: critical
            case .high: high
            case .medium, .low: medium
            }
        }
    }

    /// Whether `trigger` is switched on.
    public func isEnabled(_ trigger: InspectionTrigger) -> Bool {
        switch trigger {
        case .criticalAlarm: criticalAlarm.enabled
        case .sustainedAlarm: sustainedAlarm.enabled
        case .repeatedAlarms: repeatedAlarms.enabled
        case .dataOutage: dataOutage.enabled
        case .riskEscalation: riskEscalation.enabled
        }
    }
}

