/// The alarm engine: every rule of SPEC §4 with the semantics of Appendix B and the ISA-18.2
/// lifecycle of §5, over dense arrays built once from an `EngineModel`.
///
/// Deterministic: time comes only from sample timestamps and `advance(to:into:)`, so the same
/// calls give the same events. Events are appended to a caller-owned buffer; in steady state the
/// per-sample path allocates nothing.
/// - Important: not thread-safe; one task owns an engine.
public struct AlarmEngine: Sendable {
    /// Where the clock comes from.
    public enum ClockMode: Sendable {
        /// Replay and tests: the watermark is the newest sample time seen (SPEC §4).
        case eventTime
        /// Live service: only `advance(to:into:)` (the wall clock) moves the watermark.
        case external
    }

    public let model: EngineModel
    public let clockMode: ClockMode
    /// Every alarm's rule; an alarm's position is its dense index. Read by events, not per sample.
    public private(set) var rules: [AlarmRule] = []
    /// What samples touch (hot rule rows, tag layouts and runtime, rings), copied on write.
    var storage: EngineStorage
    /// Lifecycles change only with events, so a Swift array's per-mutation check costs little here.
    var lifecycles: [AlarmLifecycle] = []
    /// For each alarm, the range of `voteLinks` naming the votes it is a member of.
    var voteLinkStart: [Int32] = []
    var voteLinks: [Int32] = []
    var voteCounts: [Int32] = []
    /// Index of the first vote alarm; vote `v` is alarm `voteAlarmBase + v`.
    var voteAlarmBase: Int = 0
    var timers = TimerHeap()
    /// Per enterprise: the last `floodThreshold + 1` annunciated activation times (ring).
    var floodTimes: [Millis] = []
    var floodHead: [Int32] = []
    var floodCount: [Int32] = []
    var inFlood: [Bool] = []
    /// Per enterprise in flood: when it ends unless another activation extends it.
    var floodEndsAt: [Millis] = []
    /// Per enterprise: deadline of the live `floodEnd` timer in the heap, `Int64.max` if none.
    /// Kept at or before `floodEndsAt`; it re-arms itself when it fires early, so a flood holds
    /// one heap entry instead of one per activation.
    var floodTimerAt: [Millis] = []

    /// Greatest time seen: newest sample (event time) or the wall clock (external).
    public internal(set) var watermark: Millis = .min
    /// The `seq` the next event gets.
    public var nextSeq: UInt64 = 1
    /// Samples dropped from `ROC`/`WINDOW` rings because more than `windowCapacity` fell in the window.
    public internal(set) var windowOverflows: UInt64 = 0

    /// Builds the engine's arrays from a validated model.
    public init(model: EngineModel, clockMode: ClockMode = .eventTime) {
        self.model = model
        self.clockMode = clockMode
        storage = EngineStorage()
        build()
    }

    /// Number of alarms (tag rules and votes).
    public var alarmCount: Int { rules.count }

    /// The lifecycle of alarm `index`.
    public func lifecycle(_ index: Int) -> AlarmLifecycle { lifecycles[index] }

    /// Number of tags.
    var tagCount: Int { storage.layouts.count }

    /// Gives this engine its own storage if a copy shares it: once at the top of every public
    /// mutating call, so the per-sample path can write through the buffers without checks.
    @inline(__always)
    mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = EngineStorage(copying: storage) }
    }

    /// The alarms of one tag, `BAD` first.
    public func alarms(ofTag tag: Int) -> Range<Int> {
        precondition(tag >= 0 && tag < tagCount, "no tag with index \(tag)")
        let layout = storage.layouts[tag]
        let first = Int(layout.stale >= 0 ? min(layout.bad, layout.stale) : layout.bad)
        return first..<Int(layout.valueRulesEnd)
    }

    /// The alarm of vote `vote`.
    public func alarm(ofVote vote: Int) -> Int { voteAlarmBase + vote }

    /// The alarm for (tag, condition), if the tag has that rule.
    public func alarm(tag: Int, condition: Condition) -> Int? {
        alarms(ofTag: tag).first { rules[$0].condition == condition }
    }

    /// Last finite, good value of a tag (NaN if none yet).
    public func lastValue(ofTag tag: Int) -> Double {
        precondition(tag >= 0 && tag < tagCount, "no tag with index \(tag)")
        return storage.runtime[tag].lastValue
    }

    /// Is the enterprise in an alarm flood?
    public func isInFlood(enterprise: Int) -> Bool { inFlood[enterprise] }

    private mutating func build() {
        let policy = model.policy
        // Counted first so that every array is allocated once, without growth slack.
        var alarmTotal = model.votes.count
        var ringTotal = 0
        for tag in model.tags {
            alarmTotal += 1 + (tag.stale != nil ? 1 : 0) + tag.limits.count + (tag.roc != nil ? 1 : 0)
                + (tag.window != nil ? 1 : 0) + (tag.frozen != nil ? 1 : 0) + (tag.discreteAlarmValue != nil ? 1 : 0)
            if tag.roc != nil || tag.window != nil { ringTotal += max(2, tag.windowCapacity) }
        }
        rules.reserveCapacity(alarmTotal)
        var layouts: [TagLayout] = []
        layouts.reserveCapacity(model.tags.count)
        var ringOffset = 0
        var staleTags = 0
        for (t, tag) in model.tags.enumerated() {
            let t32 = Int32(t)
            let e = Int32(tag.enterprise)
            let hs = Int32(tag.hazardSource)
            let bad = Int32(rules.count)
            rules.append(AlarmRule(condition: .BAD, tag: t32, enterprise: e, hazardSource: hs, priority: .low,
                                   timing: tag.badTiming))
            var stale: Int32 = -1
            var staleAfter: Millis = 0
            if let rule = tag.stale {
                stale = Int32(rules.count)
                staleAfter = rule.after
                staleTags += 1
                rules.append(AlarmRule(condition: .STALE, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: rule.priority, span: rule.after))
            }
            let valueStart = Int32(rules.count)
            for limit in tag.limits.sorted(by: { Self.limitOrder($0.condition) < Self.limitOrder($1.condition) }) {
                rules.append(AlarmRule(condition: limit.condition, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: limit.timing.priority, limit: limit.value, deadband: limit.deadband,
                                       timing: limit.timing, isHigh: limit.condition.isHighLimit))
            }
            var span: Millis = 0
            if let roc = tag.roc {
                rules.append(AlarmRule(condition: .ROC, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: roc.timing.priority, limit: roc.max, span: roc.per,
                                       timing: roc.timing, direction: roc.direction))
                span = max(span, roc.per)
            }
            if let window = tag.window {
                rules.append(AlarmRule(condition: .WINDOW, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: window.timing.priority, limit: window.limit,
                                       deadband: window.deadband, span: window.over, timing: window.timing,
                                       isHigh: window.isHigh, function: window.function))
                span = max(span, window.over)
            }
            if let frozen = tag.frozen {
                rules.append(AlarmRule(condition: .FROZEN, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: frozen.priority, deadband: frozen.epsilon, span: frozen.after))
            }
            if let alarmValue = tag.discreteAlarmValue {
                rules.append(AlarmRule(condition: .DISCRETE, tag: t32, enterprise: e, hazardSource: hs,
                                       priority: tag.discreteTiming.priority, limit: alarmValue ? 1 : 0,
                                       timing: tag.discreteTiming))
            }
            let capacity: Int32 = (tag.roc != nil || tag.window != nil) ? Int32(max(2, tag.windowCapacity)) : 0
            layouts.append(TagLayout(
                bad: bad, stale: stale, valueRulesStart: valueStart, valueRulesEnd: Int32(rules.count),
                ringOffset: Int32(ringOffset), ringCapacity: capacity, ringSpan: span, staleAfter: staleAfter,
                rangeLow: tag.rangeLow ?? -.infinity, rangeHigh: tag.rangeHigh ?? .infinity))
            ringOffset += Int(capacity)
        }
        voteAlarmBase = rules.count
        var membership: [[Int32]] = Array(repeating: [], count: rules.count)
        var linkTotal = 0
        for (v, vote) in model.votes.enumerated() {
            rules.append(AlarmRule(condition: .VOTE, tag: -1, vote: Int32(v), enterprise: Int32(vote.enterprise),
                                   hazardSource: Int32(vote.hazardSource ?? -1), priority: vote.priority,
                                   limit: Double(vote.k)))
            for member in vote.members {
                if let alarm = Self.alarm(of: member, condition: vote.condition, layouts: layouts, rules: rules) {
                    membership[alarm].append(Int32(v))
                    linkTotal += 1
                }
            }
        }
        assert(rules.count == alarmTotal && ringOffset == ringTotal)
        voteCounts = Array(repeating: 0, count: model.votes.count)
        voteLinkStart.reserveCapacity(membership.count + 1)
        voteLinks.reserveCapacity(linkTotal)
        for links in membership {
            voteLinkStart.append(Int32(voteLinks.count))
            voteLinks.append(contentsOf: links)
        }
        voteLinkStart.append(Int32(voteLinks.count))
        storage = EngineStorage(
            rows: rules.map(HotRule.init), layouts: layouts,
            runtime: Array(repeating: TagRuntime(), count: model.tags.count), ringCount: ringTotal)
        lifecycles = Array(repeating: AlarmLifecycle(), count: rules.count)
        // Overlays the catalog declares are initial state, not transitions: no events.
        for a in rules.indices {
            let rule = rules[a]
            if rule.tag >= 0, model.tags[Int(rule.tag)].outOfService {
                _ = lifecycles[a].setOverlay(.outOfService, true)
            }
            if rule.hazardSource >= 0, model.hazardSources[Int(rule.hazardSource)].maintenance {
                _ = lifecycles[a].setOverlay(.suppressed, true)
            }
        }
        let enterprises = model.enterprises.count
        let floodSlots = policy.floodThreshold + 1
        floodTimes = Array(repeating: .min, count: enterprises * floodSlots)
        floodHead = Array(repeating: 0, count: enterprises)
        floodCount = Array(repeating: 0, count: enterprises)
        inFlood = Array(repeating: false, count: enterprises)
        floodEndsAt = Array(repeating: .max, count: enterprises)
        floodTimerAt = Array(repeating: .max, count: enterprises)
        // Live entries: one stale timer per STALE tag and one flood end per enterprise; chatter
        // clearing and shelve expiry add one per alarm that chatters or is shelved. The margin
        // covers those and the rare superseded entries (a deadline moved earlier by a lagging tag).
        timers.reserve(staleTags + enterprises + rules.count / 64 + 64)
    }

    /// The alarm for (tag, condition) while `build` runs, before the storage exists.
    private static func alarm(of tag: Int, condition: Condition, layouts: [TagLayout], rules: [AlarmRule]) -> Int? {
        let layout = layouts[tag]
        let first = Int(layout.stale >= 0 ? min(layout.bad, layout.stale) : layout.bad)
        return (first..<Int(layout.valueRulesEnd)).first { rules[$0].condition == condition }
    }

    private static func limitOrder(_ condition: Condition) -> Int {
        Condition.limits.firstIndex(of: condition) ?? 4
    }
}
