/// One alarm's rule, flattened so every condition fits one fixed-size row (no existentials).
public struct AlarmRule: Sendable, Hashable {
    public var condition: Condition
    /// Dense tag index; -1 for votes.
    public var tag: Int32
    /// Vote index for `VOTE`; -1 otherwise.
    public var vote: Int32
    public var enterprise: Int32
    /// Dense hazard source index; -1 when a vote spans several.
    public var hazardSource: Int32
    public var priority: Priority
    /// Limit value (`HH`…`LL`, `WINDOW`), `max` (`ROC`), `k` (`VOTE`), alarm value 1/0 (`DISCRETE`); NaN otherwise.
    public var limit: Double
    /// Deadband (`HH`…`LL`, `WINDOW`) or epsilon (`FROZEN`).
    public var deadband: Double
    /// `per` (`ROC`), `over` (`WINDOW`), `after` (`STALE`, `FROZEN`).
    public var span: Millis
    public var onDelay: Millis
    public var offDelay: Millis
    /// High-side limit (`HH`, `H`, high `WINDOW`).
    public var isHigh: Bool
    public var direction: RocDirection
    public var function: WindowFunction

    init(condition: Condition, tag: Int32, vote: Int32 = -1, enterprise: Int32, hazardSource: Int32,
         priority: Priority, limit: Double = .nan, deadband: Double = 0, span: Millis = 0,
         timing: RuleTiming? = nil, isHigh: Bool = true, direction: RocDirection = .both,
         function: WindowFunction = .mean) {
        self.condition = condition
        self.tag = tag
        self.vote = vote
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.priority = timing?.priority ?? priority
        self.limit = limit
        self.deadband = deadband
        self.span = span
        self.onDelay = timing?.onDelay ?? 0
        self.offDelay = timing?.offDelay ?? 0
        self.isHigh = isHigh
        self.direction = direction
        self.function = function
    }
}

/// Where one tag's alarms and sample history live in the engine's flat arrays.
struct TagLayout {
    /// `BAD` alarm (every tag has one).
    var bad: Int32
    /// `STALE` alarm or -1.
    var stale: Int32
    /// First and end of the alarms evaluated on the value (limits, ROC, WINDOW, FROZEN, DISCRETE).
    var valueRulesStart: Int32
    var valueRulesEnd: Int32
    /// Sample ring for `ROC`/`WINDOW`: offset into the shared storage and capacity (0: none).
    var ringOffset: Int32
    var ringCapacity: Int32
    /// The longest window any rule of the tag looks back.
    var ringSpan: Millis
    /// `STALE` `after`, here so a sample does not read the STALE rule's row.
    var staleAfter: Millis
    var rangeLow: Double
    var rangeHigh: Double
}

/// What the engine remembers of one tag between samples (64 bytes: fields ordered to fit one line).
struct TagRuntime {
    /// Last accepted sample time; later samples must be newer.
    var lastTs: Millis = .min
    /// Last time the tag was heard, or the first watermark if it never was (for `STALE`).
    var lastHeard: Millis = .min
    /// Last finite, not-bad value.
    var lastValue: Double = .nan
    var frozenReference: Double = .nan
    var frozenReferenceTs: Millis = .min
    /// Deadline of the live stale timer for this tag in the heap; `Int64.max` when none is armed.
    /// Older heap entries for the tag no longer match it and are ignored when they fire.
    var staleDeadline: Millis = .max
    var frozenCount: Int32 = 0
    var ringHead: Int32 = 0
    var ringCount: Int32 = 0
    /// The tag's `STALE` alarm is active: kept here so a sample need not read its lifecycle.
    /// Only `fire(.stale)` activates STALE and only a sample of the tag returns it.
    var staleActive = false
}
