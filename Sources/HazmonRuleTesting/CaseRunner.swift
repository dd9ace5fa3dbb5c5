public import HazmonCatalog
import HazmonCore
import HazmonIO

/// Runs one case through a fresh engine, exactly as `hazmon replay` feeds it (event-time clock).
///
/// Decisions where the spec is silent:
/// - Samples of all series go in time order; at equal times, in the order the series are written.
/// - An action at time `t` runs after every sample stamped at or before `t` (the operator reacts to what
///   the console shows), and moves the clock to `t` first with `advance(to:)` as the live service's wall
///   clock would, so a shelve expiry or a `STALE` due by then fires before it.
/// - `advance_to` moves the clock once more after the last sample and action (for `STALE` after the data stop).
public enum CaseRunner {
    /// What a case produced.
    public struct Outcome: Sendable {
        /// Every event, in emission order.
        public var events: [ObservedEvent]
        /// Actions the engine refused, with the reason; a refused action fails the case.
        public var refusals: [(action: OperatorAction, reason: String)]
        /// Samples the engine ignored as late or duplicate (two samples of one tag at one time).
        public var ignoredSamples: Int
    }

    /// Runs `testCase` against `catalog`'s model.
    public static func run(_ testCase: RuleTestCase, catalog: LoadedCatalog) -> Outcome {
        var engine = AlarmEngine(model: catalog.model)
        let renderer = EventRenderer(engine: engine)
        var buffer: [AlarmEvent] = []
        var outcome = Outcome(events: [], refusals: [], ignoredSamples: 0)
        func drain() {
            for event in buffer {
                let names = renderer.names(event)
                outcome.events.append(ObservedEvent(
                    enterprise: names.enterprise, tag: names.tag, condition: names.condition,
                    transition: event.transition, ts: event.ts, state: event.state, priority: names.priority,
                    value: event.value, annunciated: event.flags.contains(.annunciated)))
            }
            buffer.removeAll(keepingCapacity: true)
        }
        var next = 0
        for sample in testCase.samples {
            while next < testCase.actions.count, testCase.actions[next].ts < sample.ts {
                apply(testCase.actions[next], to: &engine, buffer: &buffer, outcome: &outcome)
                drain()
                next += 1
            }
            if engine.process(sample, into: &buffer) != .accepted { outcome.ignoredSamples += 1 }
            drain()
        }
        while next < testCase.actions.count {
            apply(testCase.actions[next], to: &engine, buffer: &buffer, outcome: &outcome)
            drain()
            next += 1
        }
        if let end = testCase.advanceTo {
            engine.advance(to: end, into: &buffer)
            drain()
        }
        return outcome
    }

    private static func apply(_ action: OperatorAction, to engine: inout AlarmEngine, buffer: inout [AlarmEvent],
                              outcome: inout Outcome)
    {
        engine.advance(to: action.ts, into: &buffer)
        do throws(OperatorRefusal) {
            switch action.kind {
            case .acknowledge(let alarm): try engine.acknowledge(alarm: alarm, at: action.ts, into: &buffer)
            case .shelve(let alarm, let until): try engine.shelve(alarm: alarm, until: until, at: action.ts, into: &buffer)
            case .unshelve(let alarm): try engine.unshelve(alarm: alarm, at: action.ts, into: &buffer)
            case .outOfService(let tag, let on): try engine.setOutOfService(tag: tag, on, at: action.ts, into: &buffer)
            case .maintenance(let hs, let on): try engine.setMaintenance(hazardSource: hs, on, at: action.ts, into: &buffer)
            }
        } catch {
            outcome.refusals.append((action, error.description))
        }
    }
}
