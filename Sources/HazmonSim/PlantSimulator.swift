public import HazmonCore

/// Realistic telemetry for every tag of a catalog, with alarm scenarios, as a pure function of
/// (model, seed, script, start, time).
///
/// ```swift
/// let script = try ScenarioScript(parsing: "normal:2m,leak:5m,normal:2m", duration: DurationParser.parse)
/// let simulator = try PlantSimulator(model: catalog.model, seed: 7, start: now, script: script)
/// for k in 0... { let samples = simulator.samples(at: now + Millis(k) * 1000) … }
/// ```
///
/// Nothing is kept between calls and no clock is read: `samples(at:)` for the same time gives the
/// same samples, whatever was asked before and at whatever rate (every random number is a hash of
/// the seed, the tag's ids and the time; see `SimNoise`). Normal behaviour per tag kind is described
/// on `TagBehaviour` (internal): values stay well inside the band between the tag's low and high
/// limits, so a `normal` run raises no alarm. Scenario timelines are on ``Scenario``.
///
/// Values are rounded to about 1/10 000 of the tag's range, clamped to the range, never below 0 for
/// gas detectors; discrete tags give 1 or 0. Every sample has quality `good`.
public struct PlantSimulator: Sendable {
    /// The catalog being simulated.
    public let model: EngineModel
    /// The seed every random number derives from.
    public let seed: UInt64
    /// Simulated time of the first phase's start (epoch ms).
    public let start: Millis
    /// The script's phases, resolved to tags and absolute times.
    public private(set) var phases: [ScenarioPhase]
    let behaviours: [TagBehaviour]

    /// How long an overfilled tank takes to drain back, or a gas cloud to disperse, after its phase ends;
    /// longer for a tag whose `ROC` rule would see that as too fast a change.
    public static let recovery: Millis = 120_000

    /// Resolves the script's scenarios to tags of `model` (``Scenario`` says which; a step's own target,
    /// else `target`, overrides that choice).
    /// - Throws: ``SimulationError`` when a scenario finds no tag to act on, or `target` is unknown or unfit.
    public init(
        model: EngineModel, seed: UInt64 = 1, start: Millis, script: ScenarioScript = ScenarioScript(),
        target: TagReference? = nil
    ) throws(SimulationError) {
        self.model = model
        self.seed = seed
        self.start = start
        behaviours = model.tags.map { TagBehaviour(tag: $0, model: model, seed: seed) }
        self.phases = []
        let targetIndex = try target.map { (reference) throws(SimulationError) in try reference.resolve(in: model) }
        var at = start
        for step in script.steps {
            let end = step.duration.map { at + $0 }
            // The planner sees the phases before this one: a stuck transmitter repeats what it showed,
            // an earlier scenario's recovery included.
            let stepTarget = try step.target.map { (reference) throws(SimulationError) in
                try reference.resolve(in: model)
            }
            let planner = ScenarioPlanner(simulator: self, target: stepTarget ?? targetIndex)
            let phase = try planner.plan(step.scenario, start: at, end: end)
            phases.append(phase)
            at = end ?? at
        }
    }

    /// When the script ends (epoch ms), or nil when its last step is open-ended.
    public var end: Millis? { phases.last?.end }

    /// The phase running at `t`, if any.
    public func phaseIndex(at t: Millis) -> Int? {
        phases.lastIndex { $0.start <= t && ($0.end.map { t < $0 } ?? true) }
    }

    /// One sample of every tag that publishes at `t`, in dense tag order.
    public func samples(at t: Millis) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(model.tags.count)
        samples(at: t, into: &out)
        return out
    }

    /// Appends one sample of every tag that publishes at `t` to `out`, in dense tag order.
    public func samples(at t: Millis, into out: inout [Sample]) {
        for tag in model.tags.indices {
            if let value = value(ofTag: tag, at: t) { out.append(Sample(tag: Int32(tag), ts: t, value: value)) }
        }
    }

    /// The published value of `tag` at `t`, or nil when it is silent then (gateway offline).
    public func value(ofTag tag: Int, at t: Millis) -> Double? {
        for phase in phases where phase.start <= t && (phase.end.map { t < $0 } ?? true) {
            if phase.silentTags.contains(tag), t >= phase.silentFrom, t < phase.silentUntil { return nil }
            if phase.stuckTag == tag, t >= phase.stuckAt { return phase.stuckValue }
        }
        return behaviours[tag].publishable(rawValue(tag, at: t))
    }

    /// The normal value of `tag` at `t` without any scenario, as it would be published.
    public func normalValue(ofTag tag: Int, at t: Millis) -> Double {
        behaviours[tag].publishable(behaviours[tag].value(at: t, seed: seed, levels: behaviours))
    }

    /// Normal value plus the offsets of every running or recovering ramp, unrounded.
    func rawValue(_ tag: Int, at t: Millis) -> Double {
        let behaviour = behaviours[tag]
        var v = behaviour.value(at: t, seed: seed, levels: behaviours)
        for phase in phases where phase.start <= t && !phase.ramps.isEmpty {
            for ramp in phase.ramps where ramp.tag == tag {
                var elapsed = t - phase.start
                var factor = 1.0
                if let end = phase.end, t >= end {
                    factor = 1 - Double(t - end) / Double(ramp.recovery)
                    guard factor > 0 else { continue }
                    elapsed = end - phase.start
                }
                var offset = ramp.offset(at: elapsed)
                if ramp.fluctuation != 0, offset != 0 {
                    let h = SimNoise.hash(seed, behaviour.stream, 0x504C_554D, UInt64(bitPattern: t))
                    offset *= 1 + ramp.fluctuation * SimNoise.bell(h)
                }
                v += factor * offset
            }
        }
        return v
    }
}

/// One step of a script, resolved: when it runs and what it does to which tags.
public struct ScenarioPhase: Sendable {
    /// What happens in this phase.
    public var scenario: Scenario
    /// Start (epoch ms).
    public var start: Millis
    /// End (epoch ms), nil when open-ended.
    public var end: Millis?
    /// Dense indices of the tags it acts on (ramped, stuck or silenced).
    public var targets: [Int]
    /// One line for the operator: the targets and the timeline.
    public var summary: String

    var ramps: [Ramp] = []
    var stuckTag: Int?
    var stuckAt: Millis = .max
    var stuckValue: Double = .nan
    var silentTags: Set<Int> = []
    var silentFrom: Millis = .max
    var silentUntil: Millis = .min
}

/// A piecewise-linear offset added to a tag's normal value: zero before the first key, the last
/// key's value after it.
struct Ramp: Sendable {
    var tag: Int
    /// (elapsed ms since the phase start, offset), increasing in time; the first offset is 0.
    var keys: [(at: Millis, offset: Double)]
    /// Relative random fluctuation of the offset (±).
    var fluctuation: Double = 0
    /// After the phase, the offset falls linearly to zero over this long.
    var recovery: Millis = PlantSimulator.recovery

    func offset(at elapsed: Millis) -> Double {
        guard let first = keys.first, elapsed > first.at else { return 0 }
        for i in 1..<keys.count where elapsed < keys[i].at {
            let a = keys[i - 1]
            let b = keys[i]
            return a.offset + (b.offset - a.offset) * Double(elapsed - a.at) / Double(b.at - a.at)
        }
        return keys[keys.count - 1].offset
    }
}
