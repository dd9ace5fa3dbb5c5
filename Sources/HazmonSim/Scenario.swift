public import HazmonCore

/// What the simulated plant does (SPEC §9). Each scenario's timeline counts from the start of its
/// phase; times below are those offsets. "Target: `--tag`" means the step's own `@TAG` in a
/// script, else the simulator's target, else the default choice described.
///
/// - `normal`: every tag moves inside its normal band (see ``PlantSimulator``); no alarm.
/// - `overfill`: a tank's inlet sticks open. Target: `--tag`, else the first `level` tag with an
///   `HH` limit (else with `H`). At +30 s the level starts climbing linearly from where it is to
///   `HH` (else `H`) + 3 % of the range (clamped to the range), reached at +3 min 30 s, crossing `H`
///   then `HH` (between about +2 and +3 min 20 s, depending on where the level was); the alarms
///   follow after the tag's on-delays (60 s on the demo levels). It then stays there until the phase
///   ends, and drains back to normal over 2 min after it (slower if the tag's `ROC` rule would take
///   a 2-min drain for a rupture: the fall stays under half its limit).
/// - `leak`: gas spreads from a source. Target: `--tag` (the detector nearest the source), else the
///   first member of the first vote whose members are all gas detectors (on the demo: `GT101` of
///   `SPH-PUMP-GAS`). The first detector rises from its baseline at +60 s to 1.2 × `H` at +3 min; a
///   second member of the same vote rises from +2 min to 1.2 × its vote limit at +4 min, which
///   brings the vote to k = 2 (with 2-of-n votes); the first detector climbs on from +4 min to
///   1.2 × `HH` at +5 min (`HH` has no on-delay by default: it fires on crossing, about +4 min
///   40 s). The readings fluctuate ±4 % (a plume is not steady), hold until the phase ends and
///   disperse over 2 min after it. Without a vote, only the first detector rises.
/// - `stuck-sensor`: a transmitter freezes. Target: `--tag`, else the first `pressure` tag with a
///   `FROZEN` rule (on the demo `V102.PT`, `frozen.after` 2 h), else the first tag of any kind with
///   one, else the first `pressure` tag. From +30 s it repeats exactly the value it had at +30 s
///   (good quality) until the phase ends; `FROZEN` fires `frozen.after` later if the tag has it.
/// - `gateway-offline`: a hazard source's data gateway loses its link. Target: the hazard source
///   of `--tag`, else the last hazard source with a `STALE` rule on some tag (on the demo
///   `E-DEMO-02/HS01`). From +30 s none of its tags publishes for the longest `stale_after` among
///   them (5 min if none has one) + 60 s, so `STALE` fires on every tag that has it; then they
///   resume (at the end of the phase, if that comes first) and `STALE` returns.
public enum Scenario: String, Sendable, Hashable, CaseIterable {
    case normal
    case overfill
    case leak
    case stuckSensor = "stuck-sensor"
    case gatewayOffline = "gateway-offline"

    /// The scenario named `name` (`normal`, `overfill`, `leak`, `stuck-sensor`, `gateway-offline`).
    public init(name: some StringProtocol) throws(SimulationError) {
        guard let scenario = Scenario(rawValue: String(name)) else {
            throw SimulationError(
                "unknown scenario '\(name)'; choose one of \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = scenario
    }
}

/// Scenarios in sequence, each for a duration, e.g. `normal:2m,leak:5m,normal:2m`; the last step
/// may omit its duration and then runs until the simulation stops. A step may name the tag it acts
/// on: `overfill@T201.LT:5m`, `leak@E-DEMO-01/AT202:6m` (else the simulator's target, else the
/// scenario's default choice).
public struct ScenarioScript: Sendable, Hashable {
    /// One scenario for a while.
    public struct Step: Sendable, Hashable {
        /// What happens.
        public var scenario: Scenario
        /// nil: until the simulation stops (last step only).
        public var duration: Millis?
        /// The tag this step acts on, overriding the simulator's target.
        public var target: TagReference?

        /// A step of `scenario` for `duration` (nil: open-ended), optionally on `target`.
        public init(_ scenario: Scenario, duration: Millis? = nil, target: TagReference? = nil) {
            self.scenario = scenario
            self.duration = duration
            self.target = target
        }
    }

    /// The steps, in order; each starts when the one before ends.
    public var steps: [Step]

    /// One open-ended scenario (or one of `duration`).
    public init(_ scenario: Scenario = .normal, duration: Millis? = nil) {
        steps = [Step(scenario, duration: duration)]
    }

    /// Steps as given; every step but the last needs a duration.
    public init(steps: [Step]) throws(SimulationError) {
        guard !steps.isEmpty else { throw SimulationError("a script needs at least one scenario") }
        for (i, step) in steps.enumerated() where i < steps.count - 1 && step.duration == nil {
            throw SimulationError(
                "step \(i + 1) ('\(step.scenario.rawValue)') needs a duration: only the last step may run until the end"
            )
        }
        for step in steps where (step.duration ?? 1) <= 0 {
            throw SimulationError("'\(step.scenario.rawValue)' has a zero duration; give it a positive one such as 2m")
        }
        self.steps = steps
    }

    /// Parses `NAME[@TAG][:DURATION],…` with `duration` reading each duration (e.g. `DurationParser.parse`).
    public init(parsing text: String, duration: (String) -> Millis?) throws(SimulationError) {
        var steps: [Step] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingSpaces()
            var head = item[...]
            var length: Millis?
            if let colon = item.lastIndex(of: ":") {
                let text = item[item.index(after: colon)...].trimmingSpaces()
                guard let parsed = duration(text) else {
                    throw SimulationError("'\(text)' in '\(item)' is not a duration such as 90s, 5m or 2h")
                }
                length = parsed
                head = item[..<colon]
            }
            var target: TagReference?
            if let at = head.firstIndex(of: "@") {
                let tag = head[head.index(after: at)...].trimmingSpaces()
                guard !tag.isEmpty else { throw SimulationError("'\(item)' names no tag after '@'") }
                target = TagReference(tag)
                head = head[..<at]
            }
            steps.append(Step(try Scenario(name: head.trimmingSpaces()), duration: length, target: target))
        }
        try self.init(steps: steps)
    }

    /// The whole script's length, or nil when the last step is open-ended.
    public var totalDuration: Millis? {
        var total: Millis = 0
        for step in steps {
            guard let duration = step.duration else { return nil }
            total += duration
        }
        return total
    }
}

/// A simulation that cannot be set up as asked: the message says what and how to fix it.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do about it.
    public var description: String

    init(_ description: String) { self.description = description }
}

/// A tag named on the command line: `TAG` or `ENTERPRISE/TAG`.
public struct TagReference: Sendable, Hashable, CustomStringConvertible {
    /// The enterprise id, or nil to match the tag id in any enterprise.
    public var enterprise: String?
    /// The tag id.
    public var tag: String

    /// Splits `ENTERPRISE/TAG` (tag ids never contain `/`); a bare `TAG` matches in any enterprise.
    public init(_ text: String) {
        if let slash = text.lastIndex(of: "/") {
            enterprise = String(text[..<slash])
            tag = String(text[text.index(after: slash)...])
        } else {
            enterprise = nil
            tag = text
        }
    }

    /// `ENTERPRISE/TAG` or `TAG`, as given.
    public var description: String { enterprise.map { "\($0)/\(tag)" } ?? tag }

    /// The dense index of the first tag it names.
    func resolve(in model: EngineModel) throws(SimulationError) -> Int {
        let found = model.tags.indices.first { t in
            model.tags[t].id == tag
                && (enterprise == nil || model.enterprises[model.tags[t].enterprise].id == enterprise)
        }
        guard let found else { throw SimulationError("tag '\(description)' is in no loaded catalog") }
        return found
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
