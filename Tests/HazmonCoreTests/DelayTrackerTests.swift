import HazmonCore
import Testing

/// One input to `DelayTracker.step` and the edge it must produce.
struct TrackerStep: Sendable {
    var meetsOn: Bool
    var meetsOff: Bool
    var ts: Millis
    var edge: DelayTracker.Edge
}

struct TrackerCase: CustomTestStringConvertible, Sendable {
    var name: String
    var on: Millis
    var off: Millis
    var steps: [TrackerStep]
    var testDescription: String { name }
}

private func s(_ meetsOn: Bool, _ meetsOff: Bool, _ ts: Millis, _ edge: DelayTracker.Edge = .none) -> TrackerStep {
    TrackerStep(meetsOn: meetsOn, meetsOff: meetsOff, ts: ts, edge: edge)
}

private let trackerCases: [TrackerCase] = [
    TrackerCase(
        name: "no delays: each edge at once", on: 0, off: 0,
        steps: [s(false, true, 0), s(true, false, 1, .activated), s(false, true, 2, .returned)]),
    TrackerCase(
        name: "on-delay counted from the first meeting sample", on: 10, off: 0,
        steps: [s(true, false, 100), s(true, false, 105), s(true, false, 110, .activated)]),
    TrackerCase(
        name: "a non-meeting sample ends the pending period", on: 10, off: 0,
        steps: [
            s(true, false, 100), s(false, false, 105), s(true, false, 110), s(true, false, 119),
            s(true, false, 120, .activated),
        ]),
    TrackerCase(
        name: "while active only meetsOff matters", on: 0, off: 10,
        steps: [
            s(true, false, 0, .activated), s(false, false, 1), s(true, true, 2), s(false, true, 5),
            s(true, true, 12, .returned),
        ]),
    TrackerCase(
        name: "while inactive only meetsOn matters", on: 5, off: 0,
        steps: [s(false, true, 0), s(true, true, 1), s(true, false, 6, .activated)]),
    TrackerCase(
        name: "neither test (deadband) ends a clearing period", on: 0, off: 10,
        steps: [
            s(true, false, 0, .activated), s(false, true, 1), s(false, false, 2), s(false, true, 3),
            s(false, true, 12), s(false, true, 13, .returned),
        ]),
]

@Suite("DelayTracker")
struct DelayTrackerTests {
    @Test("edges", arguments: trackerCases)
    func edges(_ c: TrackerCase) {
        var tracker = DelayTracker()
        for (i, step) in c.steps.enumerated() {
            let edge = tracker.step(
                meetsOn: step.meetsOn, meetsOff: step.meetsOff, at: step.ts, onDelay: c.on,
                offDelay: c.off)
            #expect(edge == step.edge, "step \(i) at \(step.ts)")
            if edge != .none { #expect(tracker.isActive == (edge == .activated)) }
        }
    }

    @Test("the period start is kept while it runs and cleared by an edge or an interruption")
    func periodStart() {
        var tracker = DelayTracker()
        #expect(tracker.periodStart == .min)
        _ = tracker.step(meetsOn: true, meetsOff: false, at: 7, onDelay: 10, offDelay: 0)
        #expect(tracker.periodStart == 7)
        _ = tracker.step(meetsOn: true, meetsOff: false, at: 9, onDelay: 10, offDelay: 0)
        #expect(tracker.periodStart == 7)
        _ = tracker.step(meetsOn: false, meetsOff: false, at: 10, onDelay: 10, offDelay: 0)
        #expect(tracker.periodStart == .min)
        _ = tracker.step(meetsOn: true, meetsOff: false, at: 11, onDelay: 0, offDelay: 0)
        #expect(tracker.isActive)
        #expect(tracker.periodStart == .min)
    }

    @Test("a restored tracker continues its period")
    func restored() {
        var tracker = DelayTracker(isActive: true, periodStart: 100)
        #expect(tracker.step(meetsOn: false, meetsOff: true, at: 109, onDelay: 0, offDelay: 10) == .none)
        #expect(tracker.step(meetsOn: false, meetsOff: true, at: 110, onDelay: 0, offDelay: 10) == .returned)
        #expect(!tracker.isActive)
    }
}
