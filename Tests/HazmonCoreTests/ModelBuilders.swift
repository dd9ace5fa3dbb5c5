import HazmonCore

// Small builders so each test states only the rules it is about. Every tag lives in enterprise
// 0 / hazard source 0 unless it says otherwise; times are milliseconds (`sec`, `minute`).

let sec: Millis = 1_000
let minute: Millis = 60_000

func timing(on: Millis = 0, off: Millis = 0, priority: Priority = .medium) -> RuleTiming {
    RuleTiming(onDelay: on, offDelay: off, priority: priority)
}

/// An absolute limit (`HH`, `H`, `L`, `LL`).
func limit(_ condition: Condition, _ value: Double, deadband: Double = 0, on: Millis = 0, off: Millis = 0)
    -> LimitRule
{
    LimitRule(condition: condition, value: value, deadband: deadband, timing: timing(on: on, off: off))
}

func tag(
    _ id: String, enterprise: Int = 0, hazardSource: Int = 0, kind: TagKind = .level,
    range: ClosedRange<Double>? = nil, limits: [LimitRule] = [], roc: RocRule? = nil, window: WindowRule? = nil,
    stale: Millis? = nil, frozen: FrozenRule? = nil, discrete: Bool? = nil, discreteTiming: RuleTiming = timing(),
    badTiming: RuleTiming = timing(priority: .low), windowCapacity: Int = 256, outOfService: Bool = false
) -> TagSpec {
    TagSpec(
        id: id, enterprise: enterprise, hazardSource: hazardSource, kind: discrete != nil ? .discrete : kind,
        rangeLow: range?.lowerBound, rangeHigh: range?.upperBound, limits: limits, roc: roc, window: window,
        stale: stale.map { StaleRule(after: $0) }, frozen: frozen, discreteAlarmValue: discrete,
        discreteTiming: discreteTiming, badTiming: badTiming, windowCapacity: windowCapacity,
        outOfService: outOfService)
}

/// A model over `tags`. Enterprises and hazard sources are created as the tags need them;
/// hazard source `h` belongs to the enterprise of the first tag that names it.
func model(
    _ tags: [TagSpec], votes: [VoteSpec] = [], maintenance: Set<Int> = [], policy: LifecyclePolicy = LifecyclePolicy()
) -> EngineModel {
    let enterpriseCount = (tags.map(\.enterprise) + votes.map(\.enterprise)).max().map { $0 + 1 } ?? 1
    let hazardCount = tags.map(\.hazardSource).max().map { $0 + 1 } ?? 1
    let hazardSources = (0..<hazardCount).map { h in
        HazardSourceSpec(
            id: "HS\(h)", enterprise: tags.first { $0.hazardSource == h }?.enterprise ?? 0, grade: 2,
            maintenance: maintenance.contains(h))
    }
    return EngineModel(
        enterprises: (0..<enterpriseCount).map { EnterpriseSpec(id: "E\($0)") }, hazardSources: hazardSources,
        tags: tags, votes: votes, policy: policy)
}

/// The part of an event most tests pin: which alarm, what happened, when, and the state after.
struct Ev: Equatable, CustomStringConvertible {
    var alarm: Int32
    var transition: Transition
    var ts: Millis
    var state: AlarmState

    init(_ alarm: Int, _ transition: Transition, _ ts: Millis, _ state: AlarmState) {
        self.alarm = Int32(alarm)
        self.transition = transition
        self.ts = ts
        self.state = state
    }

    init(_ event: AlarmEvent) {
        alarm = event.alarm
        transition = event.transition
        ts = event.ts
        state = event.state
    }

    /// Activation of an alarm nobody has acknowledged yet.
    static func act(_ alarm: Int, _ ts: Millis) -> Ev { Ev(alarm, .activate, ts, .unack) }
    /// Return of an alarm that was not acknowledged.
    static func rtn(_ alarm: Int, _ ts: Millis) -> Ev { Ev(alarm, .return, ts, .rtnUnack) }

    var description: String { "(\(alarm) \(transition.name) @\(ts) \(state.name))" }
}

/// Every field of an event, with doubles compared by bit pattern so NaN equals NaN.
struct Fingerprint: Equatable, CustomStringConvertible {
    var seq: UInt64
    var alarm: Int32
    var enterprise: Int32
    var transition: Transition
    var state: AlarmState
    var flags: UInt8
    var ts: Millis
    var activatedAt: Millis
    var value: UInt64
    var limit: UInt64
    var shelvedUntil: Millis

    init(_ e: AlarmEvent) {
        seq = e.seq
        alarm = e.alarm
        enterprise = e.enterprise
        transition = e.transition
        state = e.state
        flags = e.flags.rawValue
        ts = e.ts
        activatedAt = e.activatedAt
        value = e.value.bitPattern
        limit = e.limit.bitPattern
        shelvedUntil = e.shelvedUntil
    }

    var description: String {
        "#\(seq) a\(alarm) e\(enterprise) \(transition.name) \(state.name) f\(flags) @\(ts) since \(activatedAt) "
            + "v\(Double(bitPattern: value)) l\(Double(bitPattern: limit)) shelved \(shelvedUntil)"
    }
}

/// An engine, the events it has written so far, and shorthands to drive it.
struct Rig {
    var engine: AlarmEngine
    var log: [AlarmEvent] = []

    init(_ model: EngineModel, clock: AlarmEngine.ClockMode = .eventTime) {
        engine = AlarmEngine(model: model, clockMode: clock)
    }

    init(_ tags: TagSpec..., clock: AlarmEngine.ClockMode = .eventTime) {
        self.init(model(tags), clock: clock)
    }

    /// Processes one sample; returns its verdict and the full events it caused.
    mutating func send(_ tag: Int, _ ts: Millis, _ value: Double, _ quality: Quality = .good)
        -> (verdict: SampleVerdict, events: [AlarmEvent])
    {
        let before = log.count
        let verdict = engine.process(Sample(tag: Int32(tag), ts: ts, value: value, quality: quality), into: &log)
        return (verdict, Array(log[before...]))
    }

    /// Processes one sample; returns the events it caused.
    @discardableResult
    mutating func feed(_ tag: Int, _ ts: Millis, _ value: Double, _ quality: Quality = .good) -> [Ev] {
        send(tag, ts, value, quality).events.map(Ev.init)
    }

    /// Feeds `(ts, value)` pairs of one tag; returns all the events they caused.
    @discardableResult
    mutating func feed(_ tag: Int, _ samples: [(Millis, Double)]) -> [Ev] {
        samples.flatMap { feed(tag, $0.0, $0.1) }
    }

    /// Moves the clock; returns the events of the timers that fired.
    @discardableResult
    mutating func advance(to now: Millis) -> [Ev] {
        let before = log.count
        engine.advance(to: now, into: &log)
        return log[before...].map(Ev.init)
    }

    /// Runs an operator action against the log; returns its events.
    mutating func act(_ body: (inout AlarmEngine, inout [AlarmEvent]) throws(OperatorRefusal) -> Void)
        throws(OperatorRefusal) -> [AlarmEvent]
    {
        let before = log.count
        try body(&engine, &log)
        return Array(log[before...])
    }

    /// The alarm for (tag, condition); traps when the tag lacks the rule (a broken test, not an engine bug).
    func alarm(_ tag: Int, _ condition: Condition) -> Int {
        guard let a = engine.alarm(tag: tag, condition: condition) else {
            fatalError("tag \(tag) has no \(condition) rule")
        }
        return a
    }

    func state(_ alarm: Int) -> AlarmState { engine.lifecycle(alarm).state }
    func flags(_ alarm: Int) -> AlarmFlags { engine.lifecycle(alarm).flags }
    func inFlood(_ enterprise: Int) -> Bool { engine.isInFlood(enterprise: enterprise) }
}

extension Rig: CustomStringConvertible {
    /// Short, so failure messages do not dump the engine's arrays.
    var description: String { "Rig(\(log.count) events, watermark \(engine.watermark))" }
}
