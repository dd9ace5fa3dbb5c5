/// The validated, resolved catalog the engine runs: every default applied, every name turned
/// into a dense index. The catalog loader builds it; the engine never sees YAML or strings per sample.
public struct EngineModel: Sendable {
    public var enterprises: [EnterpriseSpec]
    public var hazardSources: [HazardSourceSpec]
    /// All tags of all enterprises; a tag's position is its dense index (`Sample.tag`).
    public var tags: [TagSpec]
    public var votes: [VoteSpec]
    public var policy: LifecyclePolicy

    public init(
        enterprises: [EnterpriseSpec], hazardSources: [HazardSourceSpec], tags: [TagSpec],
        votes: [VoteSpec] = [], policy: LifecyclePolicy = LifecyclePolicy()
    ) {
        self.enterprises = enterprises
        self.hazardSources = hazardSources
        self.tags = tags
        self.votes = votes
        self.policy = policy
    }
}

/// An enterprise (企业) and the facts about it the risk model reads (SPEC §2).
public struct EnterpriseSpec: Sendable, Hashable {
    public var id: String
    public var name: String
    public var district: String
    /// `normal`, `red_list` or `black_list`.
    public var credit: String
    /// Standardization grade `1`, `2`, `3`, or nil for `none`.
    public var standardization: Int?
    public var accidents12m: Int
    public var penalties12m: Int

    public init(
        id: String, name: String = "", district: String = "", credit: String = "normal",
        standardization: Int? = nil, accidents12m: Int = 0, penalties12m: Int = 0
    ) {
        self.id = id
        self.name = name
        self.district = district
        self.credit = credit
        self.standardization = standardization
        self.accidents12m = accidents12m
        self.penalties12m = penalties12m
    }
}

/// A major hazard source (重大危险源) of one enterprise.
public struct HazardSourceSpec: Sendable, Hashable {
    public var id: String
    public var name: String
    public var enterprise: Int
    /// GB 18218 grade 1–4, given or computed from `rValue`.
    public var grade: Int?
    public var rValue: Double?
    /// In maintenance: its alarms are suppressed by design.
    public var maintenance: Bool

    public init(id: String, name: String = "", enterprise: Int, grade: Int? = nil, rValue: Double? = nil,
                maintenance: Bool = false) {
        self.id = id
        self.name = name
        self.enterprise = enterprise
        self.grade = grade
        self.rValue = rValue
        self.maintenance = maintenance
    }
}

/// Delays and priority shared by every rule kind that has them.
public struct RuleTiming: Sendable, Hashable {
    /// The condition must hold this long, at every sample, before the alarm activates.
    public var onDelay: Millis
    /// The clearing condition must hold this long before the alarm returns.
    public var offDelay: Millis
    public var priority: Priority

    public init(onDelay: Millis = 0, offDelay: Millis = 0, priority: Priority) {
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.priority = priority
    }
}

/// An absolute limit `HH`, `H`, `L` or `LL` with its deadband (engineering units).
public struct LimitRule: Sendable, Hashable {
    public var condition: Condition
    public var value: Double
    public var deadband: Double
    public var timing: RuleTiming

    public init(condition: Condition, value: Double, deadband: Double = 0, timing: RuleTiming) {
        self.condition = condition
        self.value = value
        self.deadband = deadband
        self.timing = timing
    }
}

/// Rate of change: `|newest - oldest|` inside the closed window `per` compared with `max`.
public struct RocRule: Sendable, Hashable {
    public var max: Double
    public var per: Millis
    public var direction: RocDirection
    public var timing: RuleTiming

    public init(max: Double, per: Millis, direction: RocDirection = .both, timing: RuleTiming) {
        self.max = max
        self.per = per
        self.direction = direction
        self.timing = timing
    }
}

/// An aggregate over a sliding time window compared with a high or low limit, with hysteresis.
public struct WindowRule: Sendable, Hashable {
    public var function: WindowFunction
    public var over: Millis
    public var limit: Double
    /// True when the aggregate alarms at or above `limit`; false for a low limit.
    public var isHigh: Bool
    public var deadband: Double
    public var timing: RuleTiming

    public init(function: WindowFunction, over: Millis, limit: Double, isHigh: Bool, deadband: Double = 0,
                timing: RuleTiming) {
        self.function = function
        self.over = over
        self.limit = limit
        self.isHigh = isHigh
        self.deadband = deadband
        self.timing = timing
    }
}

/// Communication loss: no sample for `after`.
public struct StaleRule: Sendable, Hashable {
    public var after: Millis
    public var priority: Priority

    public init(after: Millis, priority: Priority = .low) {
        self.after = after
        self.priority = priority
    }
}

/// Stuck sensor: unchanged within `epsilon` for `after` across at least 3 samples.
public struct FrozenRule: Sendable, Hashable {
    public var after: Millis
    public var epsilon: Double
    public var priority: Priority

    public init(after: Millis, epsilon: Double, priority: Priority = .low) {
        self.after = after
        self.epsilon = epsilon
        self.priority = priority
    }
}

/// Everything about one tag (监测点位) the engine needs.
public struct TagSpec: Sendable, Hashable {
    public var id: String
    public var name: String
    public var enterprise: Int
    public var hazardSource: Int
    public var kind: TagKind
    public var unit: String
    /// Instrument range (量程); a finite value outside it raises `BAD` (超量程) but is still evaluated.
    public var rangeLow: Double?
    public var rangeHigh: Double?
    public var limits: [LimitRule]
    public var roc: RocRule?
    public var window: WindowRule?
    public var stale: StaleRule?
    public var frozen: FrozenRule?
    /// For `discrete` tags: the value that alarms, with its timing.
    public var discreteAlarmValue: Bool?
    public var discreteTiming: RuleTiming
    /// `BAD` exists for every tag: bad quality, non-finite or out-of-range values.
    public var badTiming: RuleTiming
    /// Most samples kept for `ROC`/`WINDOW`; past it the oldest are dropped (counted).
    public var windowCapacity: Int
    /// Taken out of service in the catalog (its alarms are evaluated but never annunciated).
    public var outOfService: Bool

    public init(
        id: String, name: String = "", enterprise: Int, hazardSource: Int, kind: TagKind, unit: String = "",
        rangeLow: Double? = nil, rangeHigh: Double? = nil, limits: [LimitRule] = [], roc: RocRule? = nil,
        window: WindowRule? = nil, stale: StaleRule? = nil, frozen: FrozenRule? = nil,
        discreteAlarmValue: Bool? = nil, discreteTiming: RuleTiming = RuleTiming(priority: .high),
        badTiming: RuleTiming = RuleTiming(priority: .low), windowCapacity: Int = 256, outOfService: Bool = false
    ) {
        self.id = id
        self.name = name
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.kind = kind
        self.unit = unit
        self.rangeLow = rangeLow
        self.rangeHigh = rangeHigh
        self.limits = limits
        self.roc = roc
        self.window = window
        self.stale = stale
        self.frozen = frozen
        self.discreteAlarmValue = discreteAlarmValue
        self.discreteTiming = discreteTiming
        self.badTiming = badTiming
        self.windowCapacity = windowCapacity
        self.outOfService = outOfService
    }
}

/// k of n member tags with `condition` active (after their own delays) raise one alarm.
public struct VoteSpec: Sendable, Hashable {
    public var id: String
    public var enterprise: Int
    /// The members' hazard source when they all share one.
    public var hazardSource: Int?
    /// Dense tag indices.
    public var members: [Int]
    public var condition: Condition
    public var k: Int
    public var priority: Priority

    public init(id: String, enterprise: Int, hazardSource: Int?, members: [Int], condition: Condition, k: Int,
                priority: Priority = .critical) {
        self.id = id
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.members = members
        self.condition = condition
        self.k = k
        self.priority = priority
    }
}

/// ISA-18.2 lifecycle parameters (SPEC §5 defaults).
public struct LifecyclePolicy: Sendable, Hashable {
    /// Activations within `chatterWindow` that flag an alarm as chattering.
    public var chatterActivations: Int = 3
    public var chatterWindow: Millis = 60_000
    /// How long a chattering alarm must stay normal before it is annunciated again.
    public var chatterClearAfter: Millis = 600_000
    /// More than this many annunciated activations within `floodWindow` in one enterprise is a flood.
    public var floodThreshold: Int = 10
    public var floodWindow: Millis = 600_000
    /// Longest shelve an operator may ask for.
    public var maxShelve: Millis = 12 * 3_600_000

    public init() {}
}
