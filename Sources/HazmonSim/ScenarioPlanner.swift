import HazmonCore

/// Turns one script step into a ``ScenarioPhase``: picks the tags (``Scenario`` documents the
/// rules) and lays out the timeline.
struct ScenarioPlanner {
    /// The simulator so far: its behaviours and the phases planned before this one.
    let simulator: PlantSimulator
    /// `--tag`, resolved.
    let target: Int?

    static let second: Millis = 1000
    static let minute: Millis = 60_000

    var model: EngineModel { simulator.model }

    func plan(_ scenario: Scenario, start: Millis, end: Millis?) throws(SimulationError) -> ScenarioPhase {
        var phase = ScenarioPhase(scenario: scenario, start: start, end: end, targets: [], summary: "")
        switch scenario {
        case .normal:
            phase.summary = "normal: every tag moves inside its normal band; no alarm expected"
        case .overfill:
            try overfill(&phase)
        case .leak:
            try leak(&phase)
        case .stuckSensor:
            try stuck(&phase)
        case .gatewayOffline:
            try offline(&phase)
        }
        return phase
    }

    // MARK: - overfill

    private func overfill(_ phase: inout ScenarioPhase) throws(SimulationError) {
        let t: Int
        if let target {
            t = target
        } else {
            let levels = model.tags.indices.filter { model.tags[$0].kind == .level }
            guard
                let first = levels.first(where: { limit(model.tags[$0], .HH) != nil })
                    ?? levels.first(where: { limit(model.tags[$0], .H) != nil })
            else {
                throw SimulationError(
                    "overfill needs a level tag with an H or HH limit and the catalog has none; name a tag with --tag")
            }
            t = first
        }
        let spec = model.tags[t]
        guard spec.kind != .discrete, let peakLimit = limit(spec, .HH) ?? limit(spec, .H) else {
            throw SimulationError("overfill needs a tag with an H or HH limit; \(name(t)) has none")
        }
        let behaviour = simulator.behaviours[t]
        var peak = peakLimit + 0.03 * span(spec, behaviour)
        if let high = spec.rangeHigh { peak = min(peak, high) }
        let onset = 30 * Self.second
        let full = onset + 3 * Self.minute
        let before = behaviour.publishable(simulator.rawValue(t, at: phase.start + onset))
        let offset = max(0, peak - before)
        let ramp = Ramp(tag: t, keys: [(0, 0), (onset, 0), (full, offset)], recovery: recovery(spec, offset))
        phase.ramps = [ramp]
        phase.targets = [t]
        phase.summary =
            "overfill \(name(t)): inlet stuck open at +\(SimFormat.offset(onset)), "
            + "\(SimFormat.number(before)) → \(SimFormat.number(peak)) \(spec.unit) by +\(SimFormat.offset(full)) "
            + "(\(highLimits(spec))), then held; drains back over \(SimFormat.offset(ramp.recovery)) after the phase"
    }

    // MARK: - leak

    private func leak(_ phase: inout ScenarioPhase) throws(SimulationError) {
        let (first, second, vote) = try leakTargets()
        let a = model.tags[first]
        guard let aH = limit(a, .H) ?? TagBehaviour.highLimits(a).min() else {
            throw SimulationError("leak needs a gas detector with an H limit; \(name(first)) has none")
        }
        var keys: [(at: Millis, offset: Double)] = [(0, 0), (60 * Self.second, 0), (3 * Self.minute, 1.2 * aH)]
        var text =
            "leak at \(name(first)): +1m rises to \(SimFormat.number(1.2 * aH)) \(a.unit) by +3m (H \(SimFormat.number(aH)))"
        let aHH = limit(a, .HH).flatMap { $0 > aH ? $0 : nil }
        var ramps: [Ramp] = []
        var targets = [first]
        if let second, let vote {
            let b = model.tags[second]
            let condition: Condition = vote.condition == .HH ? .HH : .H
            if let bLimit = limit(b, condition) ?? TagBehaviour.highLimits(b).min() {
                ramps.append(
                    Ramp(
                        tag: second, keys: [(0, 0), (2 * Self.minute, 0), (4 * Self.minute, 1.2 * bLimit)],
                        fluctuation: 0.04,
                        recovery: recovery(b, 1.2 * bLimit)))
                targets.append(second)
                text +=
                    "; \(b.id) +2m rises to \(SimFormat.number(1.2 * bLimit)) by +4m → VOTE \(vote.id) "
                    + "(\(vote.k) of \(vote.members.count) at \(vote.condition.rawValue))"
            }
        }
        if let aHH {
            keys.append((4 * Self.minute, 1.2 * aH))
            keys.append((5 * Self.minute, 1.2 * aHH))
            text += "; \(a.id) +4m climbs to \(SimFormat.number(1.2 * aHH)) by +5m (HH \(SimFormat.number(aHH)))"
        }
        let source = Ramp(tag: first, keys: keys, fluctuation: 0.04, recovery: recovery(a, keys[keys.count - 1].offset))
        ramps.insert(source, at: 0)
        phase.ramps = ramps
        phase.targets = targets
        phase.summary = text + "; held, disperses over \(SimFormat.offset(source.recovery)) after the phase"
    }

    /// The detector nearest the source, a second member of its vote, and the vote.
    private func leakTargets() throws(SimulationError) -> (Int, Int?, VoteSpec?) {
        let isGas = { (t: Int) in model.tags[t].kind == .gasCombustible || model.tags[t].kind == .gasToxic }
        if let target {
            guard isGas(target) else {
                throw SimulationError(
                    "leak needs a gas detector (gas_combustible or gas_toxic); \(name(target)) is \(model.tags[target].kind.rawValue)"
                )
            }
            guard let vote = model.votes.first(where: { $0.members.contains(target) }) else {
                return (target, nil, nil)
            }
            return (target, vote.members.first { $0 != target }, vote)
        }
        if let vote = model.votes.first(where: { vote in
            vote.members.count >= 2 && vote.members.allSatisfy(isGas)
                && !TagBehaviour.highLimits(model.tags[vote.members[0]]).isEmpty
        }) {
            return (vote.members[0], vote.members[1], vote)
        }
        guard
            let single = model.tags.indices.first(where: {
                isGas($0) && !TagBehaviour.highLimits(model.tags[$0]).isEmpty
            })
        else {
            throw SimulationError(
                "leak needs a gas detector (gas_combustible or gas_toxic) with an H limit and the catalog has none")
        }
        return (single, nil, nil)
    }

    // MARK: - stuck sensor

    private func stuck(_ phase: inout ScenarioPhase) throws(SimulationError) {
        let tags = model.tags
        let analog = tags.indices.filter { tags[$0].kind != .discrete }
        guard
            let t = target
                ?? analog.first(where: { tags[$0].kind == .pressure && tags[$0].frozen != nil })
                ?? analog.first(where: { tags[$0].frozen != nil })
                ?? analog.first(where: { tags[$0].kind == .pressure })
                ?? analog.first
        else {
            throw SimulationError("stuck-sensor needs an analog tag and the catalog has none")
        }
        let at = 30 * Self.second
        phase.stuckTag = t
        phase.stuckAt = phase.start + at
        phase.stuckValue = simulator.behaviours[t].publishable(simulator.rawValue(t, at: phase.stuckAt))
        phase.targets = [t]
        var text =
            "stuck-sensor \(name(t)): from +\(SimFormat.offset(at)) repeats "
            + "\(SimFormat.number(phase.stuckValue)) \(tags[t].unit) exactly"
        if let frozen = tags[t].frozen {
            text += "; FROZEN after \(SimFormat.offset(frozen.after)) more (frozen.after)"
        } else {
            text += "; it has no FROZEN rule, so only the flat trend shows"
        }
        phase.summary = text
    }

    // MARK: - gateway offline

    private func offline(_ phase: inout ScenarioPhase) throws(SimulationError) {
        let tags = model.tags
        guard !model.hazardSources.isEmpty else {
            throw SimulationError("gateway-offline needs a hazard source and the catalog has none")
        }
        let source =
            target.map { tags[$0].hazardSource }
            ?? model.hazardSources.indices.last { hs in tags.contains { $0.hazardSource == hs && $0.stale != nil } }
            ?? model.hazardSources.count - 1
        let members = tags.indices.filter { tags[$0].hazardSource == source }
        let stale = members.compactMap { tags[$0].stale?.after }
        let longest = stale.max() ?? 5 * Self.minute
        let from = 30 * Self.second
        let silentFor = longest + Self.minute
        phase.silentTags = Set(members)
        phase.silentFrom = phase.start + from
        phase.silentUntil = min(phase.silentFrom + silentFor, phase.end ?? .max)
        phase.targets = members
        let hs = model.hazardSources[source]
        var text =
            "gateway-offline \(model.enterprises[hs.enterprise].id)/\(hs.id) (\(members.count) tags): silent from "
            + "+\(SimFormat.offset(from)) to +\(SimFormat.offset(from + silentFor))"
        text +=
            stale.isEmpty
            ? " (no tag has a STALE rule)"
            : " (STALE on \(stale.count) tags after \(stale.min()! == longest ? "" : "\(SimFormat.offset(stale.min()!))–")"
                + "\(SimFormat.offset(longest)))"
        phase.summary = text + ", then resumes"
    }

    // MARK: - Helpers

    /// The standard recovery, or longer so that a falling offset of `offset` stays under half the
    /// tag's `ROC` limit (a fall or both-ways rule): draining back is not a rupture.
    private func recovery(_ tag: TagSpec, _ offset: Double) -> Millis {
        guard let roc = tag.roc, roc.direction != .rise, roc.max > 0, offset > 0 else { return PlantSimulator.recovery }
        let needed = Millis((offset / (0.5 * roc.max) * Double(roc.per)).rounded(.up))
        return max(PlantSimulator.recovery, (needed + 59_999) / 60_000 * 60_000)
    }

    private func limit(_ tag: TagSpec, _ condition: Condition) -> Double? {
        tag.limits.first { $0.condition == condition }?.value
    }

    private func span(_ tag: TagSpec, _ behaviour: TagBehaviour) -> Double {
        if let low = tag.rangeLow, let high = tag.rangeHigh, high > low { return high - low }
        return max(behaviour.bandHigh - behaviour.bandLow, 1)
    }

    private func highLimits(_ tag: TagSpec) -> String {
        tag.limits.filter { $0.condition.isHighLimit }.sorted { $0.value < $1.value }.map { rule in
            let delay = rule.timing.onDelay > 0 ? " after \(SimFormat.offset(rule.timing.onDelay))" : ""
            return "\(rule.condition.rawValue) \(SimFormat.number(rule.value))\(delay)"
        }.joined(separator: ", ")
    }

    private func name(_ t: Int) -> String {
        "\(model.enterprises[model.tags[t].enterprise].id)/\(model.tags[t].id)"
    }
}

/// Numbers and offsets for summaries.
enum SimFormat {
    /// At most 4 decimals, no trailing zeros.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let rounded = (v * 10_000).rounded() / 10_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// `30s`, `3m30s`, `2h`, `1h5m`, `250ms`.
    static func offset(_ ms: Millis) -> String {
        if ms == 0 { return "0s" }
        if ms % 1000 != 0 { return "\(ms)ms" }
        var seconds = ms / 1000
        var text = ""
        if seconds >= 86_400, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds >= 3600 {
            text += "\(seconds / 3600)h"
            seconds %= 3600
        }
        if seconds >= 60 {
            text += "\(seconds / 60)m"
            seconds %= 60
        }
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}
