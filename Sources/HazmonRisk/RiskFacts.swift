public import HazmonCore

/// Everything the model reads about one enterprise at one time: the static catalog facts, the
/// counts the inspection module supplies, and the live figures the tracker keeps.
/// `RiskModel.assess` turns it into a score; tests build it directly.
public struct RiskFacts: Sendable, Hashable {
    /// Hazard sources of the enterprise, and how many have a grade (given or from R).
    public var hazardSources = 0
    public var gradedHazardSources = 0
    /// Worst (lowest-numbered) GB 18218 grade and the source that has it; nil when none is graded.
    public var worstGrade: Int?
    public var worstSource: String?
    /// Standardization grade 1–3, nil for none.
    public var standardization: Int?
    /// `normal`, `red_list` or `black_list`.
    public var credit = "normal"
    public var overdueInspections = 0
    public var confirmedFindings = 0
    public var accidents12m = 0
    public var penalties12m = 0
    /// Annunciated alarm activity in the last 24 h and 7 d.
    public var activity24h = AlarmActivity()
    public var activity7d = AlarmActivity()
    /// Tag-time offline against tag-time observed over the data-quality window.
    public var dataQuality = DataQualityFacts()
    /// The longest-unacknowledged active critical alarm, if any.
    public var unackedCritical: UnackedCritical?

    /// No facts: a score of 100 with the default settings' zero-point choices.
    public init() {}
}

/// Annunciated activations and time active within a window, by priority (index = `Priority.rank`).
public struct AlarmActivity: Sendable, Hashable {
    /// Activations per priority: critical, high, medium, low.
    public var activations: [Int] = [0, 0, 0, 0]
    /// Milliseconds active per priority (annunciated, not shelved, suppressed or out of service).
    public var activeMillis: [Millis] = [0, 0, 0, 0]

    /// No activity.
    public init() {}

    /// Activity from per-priority counts and active times (critical first).
    public init(activations: [Int], activeMillis: [Millis]) {
        self.activations = activations
        self.activeMillis = activeMillis
    }

    /// Load units: each activation weighs its priority's weight, plus `weightPerActiveHour` × that
    /// weight per hour active.
    public func load(_ settings: RiskSettings) -> Double {
        var total = 0.0
        for priority in Priority.allCases {
            let weight = settings.priorityWeights[priority]
            let hours = Double(activeMillis[priority.rank]) / 3_600_000
            total += weight * (Double(activations[priority.rank]) + settings.weightPerActiveHour * hours)
        }
        return total
    }

    /// Total activations.
    public var count: Int { activations.reduce(0, +) }
}

/// What the online rate is computed from.
public struct DataQualityFacts: Sendable, Hashable {
    /// Tags counted (in service in the catalog).
    public var tags = 0
    /// Time the tracker observed within the window (less than the window after a start).
    public var observedMillis: Millis = 0
    /// Sum over tags of the time each was `STALE` or `BAD`.
    public var offlineTagMillis: Millis = 0

    /// Nothing observed yet.
    public init() {}

    /// Facts from tag count and times.
    public init(tags: Int, observedMillis: Millis, offlineTagMillis: Millis) {
        self.tags = tags
        self.observedMillis = observedMillis
        self.offlineTagMillis = offlineTagMillis
    }

    /// Online rate in percent, or nil when there is nothing to rate (no tags or no time observed).
    public var onlinePercent: Double? {
        guard tags > 0, observedMillis > 0 else { return nil }
        let possible = Double(tags) * Double(observedMillis)
        return Swift.max(0, 100 * (1 - Double(offlineTagMillis) / possible))
    }
}

/// An active, unacknowledged critical alarm and how long it has been so.
public struct UnackedCritical: Sendable, Hashable {
    /// Alarm id `{enterprise}/{tag}/{condition}`.
    public var alarm: String
    public var duration: Millis

    /// An alarm and its unacknowledged time.
    public init(alarm: String, duration: Millis) {
        self.alarm = alarm
        self.duration = duration
    }
}
