import HazmonCore

/// SplitMix64: tiny, fast, and the same numbers on every platform and Swift version (the
/// standard library's `random(in:using:)` algorithms are not promised to stay the same).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n` (modulo bias is irrelevant here).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// What a random stream does next.
enum Op {
    case sample(Sample)
    case advance(Millis)
    case ack(alarm: Int, at: Millis)
    case shelve(alarm: Int, until: Millis, at: Millis)
    case unshelve(alarm: Int, at: Millis)
    case maintenance(hazardSource: Int, Bool, at: Millis)
    case outOfService(tag: Int, Bool, at: Millis)
}

/// A random catalog and a random stream of samples and operator actions over it.
struct Scenario {
    var seed: UInt64
    var model: EngineModel
    var ops: [Op]
    /// Number of alarms of an engine built from `model` (operator actions aim at them).
    var alarmCount: Int

    var samples: [Sample] {
        ops.compactMap { if case .sample(let s) = $0 { s } else { nil } }
    }
}

enum ScenarioOptions {
    /// No operator actions and no explicit clock moves: samples only.
    case samplesOnly
    /// Samples, operator actions and `advance(to:)` calls.
    case everything
}

private let delays: [Millis] = [0, 0, 0, 500, 1_000, 3_000, 10_000]
private let deadbands: [Double] = [0, 0, 0.5, 1, 2.5, 5]

/// Builds a scenario from a seed; the same seed always gives the same scenario.
func makeScenario(seed: UInt64, _ options: ScenarioOptions = .everything, operations: ClosedRange<Int> = 150...400)
    -> Scenario
{
    var r = SplitMix64(seed: seed)
    let enterprises = r.int(1...2)
    let tagCount = r.int(3...7)
    var tags: [TagSpec] = []
    for t in 0..<tagCount {
        let hazardSource = t % 2 == 0 || enterprises == 1 ? t % 2 : 1
        let enterprise = enterprises == 2 && hazardSource == 1 ? 1 : 0
        if t == tagCount - 1 && r.chance(40) {
            tags.append(
                tag(
                    "D\(t)", enterprise: enterprise, hazardSource: hazardSource, stale: r.chance(30) ? 20 * sec : nil,
                    discrete: r.chance(50), discreteTiming: timing(on: r.pick(delays), off: r.pick(delays))))
            continue
        }
        var limits: [LimitRule] = []
        if r.chance(40) {
            limits.append(limit(.HH, 90, deadband: r.pick(deadbands), on: r.pick(delays), off: r.pick(delays)))
        }
        if r.chance(75) || t < 3 {
            limits.append(
                limit(
                    .H, Double(r.pick([60, 70, 75, 80])), deadband: r.pick(deadbands), on: r.pick(delays),
                    off: r.pick(delays)))
        }
        if r.chance(50) {
            limits.append(
                limit(
                    .L, Double(r.pick([20, 25, 30])), deadband: r.pick(deadbands), on: r.pick(delays),
                    off: r.pick(delays)))
        }
        if r.chance(30) {
            limits.append(limit(.LL, 10, deadband: r.pick(deadbands), on: r.pick(delays), off: r.pick(delays)))
        }
        let roc: RocRule? =
            r.chance(35)
            ? RocRule(
                max: r.pick([2, 5, 10]), per: r.pick([1_000, 5_000, 20_000]), direction: r.pick([.rise, .fall, .both]),
                timing: timing(on: r.pick(delays), off: r.pick(delays))) : nil
        var window: WindowRule? = nil
        if r.chance(35) {
            let high = r.chance(50)
            window = WindowRule(
                function: r.pick([.mean, .max, .min]), over: r.pick([5_000, 30_000, 60_000]),
                limit: high ? Double(r.pick([55, 65, 75])) : Double(r.pick([25, 35, 45])), isHigh: high,
                deadband: r.pick(deadbands), timing: timing(on: r.pick(delays), off: r.pick(delays)))
        }
        let range: ClosedRange<Double>? = r.pick([nil, nil, 0...100, -10...110])
        tags.append(
            tag(
                "T\(t)", enterprise: enterprise, hazardSource: hazardSource, range: range, limits: limits, roc: roc,
                window: window, stale: r.chance(40) ? r.pick([5 * sec, 15 * sec, 60 * sec]) : nil,
                frozen: r.chance(30)
                    ? FrozenRule(after: r.pick([3 * sec, 10 * sec, 30 * sec]), epsilon: r.pick([0, 0.5, 1])) : nil,
                badTiming: r.chance(20)
                    ? timing(on: r.pick(delays), off: r.pick(delays), priority: .low)
                    : timing(priority: .low),
                windowCapacity: r.pick([2, 3, 8, 256, 256])))
    }

    var votes: [VoteSpec] = []
    let withH = tags.indices.filter { t in tags[t].limits.contains { $0.condition == .H } }
    if withH.count >= 2 {
        let members = withH.filter { _ in r.chance(80) }
        if members.count >= 2 {
            votes.append(
                VoteSpec(
                    id: "V-H", enterprise: tags[members[0]].enterprise, hazardSource: r.pick([nil, 0]),
                    members: members, condition: .H, k: r.int(1...members.count)))
        }
    }
    let withStale = tags.indices.filter { tags[$0].stale != nil }
    if withStale.count >= 2 {
        votes.append(
            VoteSpec(
                id: "V-STALE", enterprise: 0, hazardSource: nil, members: withStale, condition: .STALE,
                k: 2))
    }
    var policy = LifecyclePolicy()
    policy.chatterActivations = r.pick([2, 3, 3])
    policy.chatterWindow = r.pick([10 * sec, 60 * sec])
    policy.chatterClearAfter = r.pick([30 * sec, 10 * minute])
    policy.floodThreshold = r.pick([2, 4, 10])
    policy.floodWindow = r.pick([30 * sec, 10 * minute])
    policy.maxShelve = r.pick([1 * minute, 12 * 3_600 * sec])
    let maintenance: Set<Int> = r.chance(15) ? [0] : []
    let m = model(tags, votes: votes, maintenance: maintenance, policy: policy)
    let alarmCount = AlarmEngine(model: m).alarmCount

    // The stream: a global clock with per-tag jitter (tags lag each other), duplicates, late
    // samples, non-finite values, bad and uncertain quality, values on a 0.5 grid so that
    // equality with limits and deadbands happens often.
    var clock: Millis = 1_763_798_400_000 + Millis(r.below(1_000))
    var last = [Millis?](repeating: nil, count: tagCount)
    var value = (0..<tagCount).map { _ in Double(r.int(0...200)) / 2 }
    var ops: [Op] = []
    let count = r.int(operations)
    while ops.count < count {
        let roll = r.below(100)
        if options == .everything && roll < 12 {
            switch roll {
            case 0..<3: ops.append(.advance(clock + r.pick([0, 1_000, 20_000, 120_000])))
            case 3..<7: ops.append(.ack(alarm: r.below(alarmCount + 1), at: clock))
            case 7..<9:
                ops.append(
                    .shelve(
                        alarm: r.below(alarmCount), until: clock + r.pick([-1_000, 0, 5_000, 30_000, 2 * minute]),
                        at: clock))
            case 9: ops.append(.unshelve(alarm: r.below(alarmCount), at: clock))
            case 10: ops.append(.maintenance(hazardSource: r.below(2), r.chance(50), at: clock))
            default: ops.append(.outOfService(tag: r.below(tagCount), r.chance(50), at: clock))
            }
            continue
        }
        clock += r.pick([0, 0, 100, 250, 500, 1_000, 1_000, 3_000, 10_000, 45_000])
        let t = r.chance(1) ? tagCount : r.below(tagCount)  // now and then an unknown tag
        var ts = clock - r.pick([0, 0, 0, 0, 200, 2_000])
        if t < tagCount, let previous = last[t] {
            if r.chance(5) {
                ts = previous  // duplicate
            } else if r.chance(5) {
                ts = previous - Millis(r.int(1...5_000))  // late
            }
        }
        var v: Double
        if t < tagCount && tags[t].discreteAlarmValue != nil {
            if r.chance(30) { value[t] = value[t] == 0 ? 1 : 0 }
            v = value[t] == 0 ? 0 : 1
        } else if t < tagCount {
            if r.chance(5) {
                value[t] = Double(r.int(-20...240)) / 2
            } else {
                value[t] += r.pick([-5, -2.5, -1, -0.5, 0, 0, 0, 0, 0.5, 1, 2.5, 5])
                value[t] = min(max(value[t], -20), 120)
            }
            v = value[t]
        } else {
            v = 50
        }
        switch r.below(100) {
        case 0..<3: v = .nan
        case 3: v = .infinity
        case 4: v = -.infinity
        default: break
        }
        let quality: Quality = r.chance(5) ? .bad : r.chance(5) ? .uncertain : .good
        if t < tagCount, last[t].map({ ts > $0 }) ?? true { last[t] = ts }
        ops.append(.sample(Sample(tag: Int32(t), ts: ts, value: v, quality: quality)))
    }
    return Scenario(seed: seed, model: m, ops: ops, alarmCount: alarmCount)
}

extension AlarmEngine {
    /// Applies one operation; operator refusals are part of the game and ignored.
    mutating func apply(_ op: Op, into events: inout [AlarmEvent]) {
        switch op {
        case .sample(let s): _ = process(s, into: &events)
        case .advance(let now): advance(to: now, into: &events)
        case .ack(let a, let ts): try? acknowledge(alarm: a, at: ts, into: &events)
        case .shelve(let a, let until, let ts): try? shelve(alarm: a, until: until, at: ts, into: &events)
        case .unshelve(let a, let ts): try? unshelve(alarm: a, at: ts, into: &events)
        case .maintenance(let h, let on, let ts): _ = try? setMaintenance(hazardSource: h, on, at: ts, into: &events)
        case .outOfService(let t, let on, let ts): _ = try? setOutOfService(tag: t, on, at: ts, into: &events)
        }
    }
}

/// Runs a whole scenario through a fresh engine into one buffer.
func run(_ scenario: Scenario, clock: AlarmEngine.ClockMode = .eventTime) -> [AlarmEvent] {
    var engine = AlarmEngine(model: scenario.model, clockMode: clock)
    var events: [AlarmEvent] = []
    for op in scenario.ops { engine.apply(op, into: &events) }
    return events
}
