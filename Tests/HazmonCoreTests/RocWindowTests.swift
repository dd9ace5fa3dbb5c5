import HazmonCore
import Testing

/// A ROC or WINDOW series: samples and the exact transitions of the rule's alarm.
struct SeriesCase: CustomTestStringConvertible, Sendable {
    var name: String
    var samples: [(Millis, Double)]
    var expected: [(Transition, Millis)]
    var testDescription: String { name }
}

private func expectSeries(_ rig: inout Rig, alarm a: Int, _ c: SeriesCase) {
    let expected = c.expected.map { Ev(a, $0.0, $0.1, $0.0 == .activate ? .unack : .rtnUnack) }
    #expect(rig.feed(0, c.samples) == expected)
}

// ROC max 5 per 10 s.
private let rocRise: [SeriesCase] = [
    SeriesCase(
        name: "a sample exactly `per` old is the oldest (window closed at the far end)",
        samples: [(0, 0), (10 * sec, 5)], expected: [(.activate, 10 * sec)]),
    SeriesCase(
        name: "a sample just older than `per` is out of the window",
        samples: [(0, 0), (5 * sec, 2), (10_001, 6)], expected: []),
    SeriesCase(
        name: "oldest in the window, not the previous sample",
        samples: [(0, 0), (4 * sec, 2), (8 * sec, 4), (10 * sec, 5)], expected: [(.activate, 10 * sec)]),
    SeriesCase(
        name: "only the current sample in the window: delta 0",
        samples: [(0, 0), (20 * sec, 100)], expected: []),
    SeriesCase(
        name: "returns at the first sample where it is false",
        samples: [(0, 0), (10 * sec, 5), (15 * sec, 10), (16 * sec, 9.5)],
        expected: [(.activate, 10 * sec), (.return, 16 * sec)]),
    SeriesCase(
        name: "rise ignores a fall", samples: [(0, 10), (5 * sec, 0), (10 * sec, -10)], expected: []),
]

private let rocFall: [SeriesCase] = [
    SeriesCase(name: "a fall of max activates", samples: [(0, 10), (10 * sec, 5)], expected: [(.activate, 10 * sec)]),
    SeriesCase(name: "fall ignores a rise", samples: [(0, 0), (5 * sec, 10), (10 * sec, 20)], expected: []),
    SeriesCase(
        name: "returns when the fall leaves the window",
        samples: [(0, 10), (5 * sec, 4), (11 * sec, 4)], expected: [(.activate, 5 * sec), (.return, 11 * sec)]),
]

private let rocBoth: [SeriesCase] = [
    SeriesCase(name: "a rise activates", samples: [(0, 0), (10 * sec, 5)], expected: [(.activate, 10 * sec)]),
    SeriesCase(name: "a fall activates", samples: [(0, 0), (10 * sec, -5)], expected: [(.activate, 10 * sec)]),
    SeriesCase(name: "just under max does not", samples: [(0, 0), (10 * sec, -4.999)], expected: []),
]

// WINDOW over 60 s.
private let windowMeanHigh: [SeriesCase] = [
    SeriesCase(
        name: "mean at the limit activates; hysteresis holds it in the deadband; returns below it",
        // H 50, deadband 5: means 40, 50, 46.67, 46.67, 40.
        samples: [(0, 40), (30 * sec, 60), (60 * sec, 40), (61 * sec, 40), (91 * sec, 40)],
        expected: [(.activate, 30 * sec), (.return, 91 * sec)]),
    SeriesCase(
        name: "the sample exactly `over` old is still in the mean",
        // [0, 60]: (90 + 10) / 2 = 50; [1, 61]: (10 + 10) / 2 = 10.
        samples: [(0, 90), (60 * sec, 10), (61 * sec, 10)], expected: [(.activate, 0), (.return, 61 * sec)]),
]

@Suite("ROC and WINDOW")
struct RocWindowTests {
    private func rocRig(_ direction: RocDirection, on: Millis = 0, off: Millis = 0) -> Rig {
        Rig(tag("T", roc: RocRule(max: 5, per: 10 * sec, direction: direction, timing: timing(on: on, off: off))))
    }

    @Test("ROC rise", arguments: rocRise)
    func rise(_ c: SeriesCase) {
        var rig = rocRig(.rise)
        expectSeries(&rig, alarm: rig.alarm(0, .ROC), c)
    }

    @Test("ROC fall", arguments: rocFall)
    func fall(_ c: SeriesCase) {
        var rig = rocRig(.fall)
        expectSeries(&rig, alarm: rig.alarm(0, .ROC), c)
    }

    @Test("ROC both", arguments: rocBoth)
    func both(_ c: SeriesCase) {
        var rig = rocRig(.both)
        expectSeries(&rig, alarm: rig.alarm(0, .ROC), c)
    }

    @Test("ROC with an on-delay activates when the rate held for `on`")
    func rocOnDelay() {
        var rig = rocRig(.rise, on: 5 * sec)
        let roc = rig.alarm(0, .ROC)
        // deltas: 6 (pending from 10 s), 6 at 15 s ([5, 15]: oldest (10 s, 6)).
        #expect(rig.feed(0, [(0, 0), (10 * sec, 6), (14 * sec, 11)]) == [])
        #expect(rig.feed(0, 15 * sec, 12) == [.act(roc, 15 * sec)])
    }

    @Test("WINDOW mean, high limit", arguments: windowMeanHigh)
    func windowMean(_ c: SeriesCase) {
        var rig = Rig(
            tag(
                "T",
                window: WindowRule(
                    function: .mean, over: 60 * sec, limit: 50, isHigh: true, deadband: 5,
                    timing: timing())))
        expectSeries(&rig, alarm: rig.alarm(0, .WINDOW), c)
    }

    @Test("WINDOW max: the peak holds it for `over` (closed window)")
    func windowMax() {
        var rig = Rig(
            tag("T", window: WindowRule(function: .max, over: 60 * sec, limit: 50, isHigh: true, timing: timing())))
        let w = rig.alarm(0, .WINDOW)
        #expect(rig.feed(0, 0, 60) == [.act(w, 0)])
        #expect(rig.feed(0, 30 * sec, 10) == [])
        #expect(rig.feed(0, 60 * sec, 10) == [])
        #expect(rig.feed(0, 60_001, 10) == [.rtn(w, 60_001)])
    }

    @Test("WINDOW min, low limit with deadband")
    func windowMinLow() {
        var rig = Rig(
            tag(
                "T",
                window: WindowRule(
                    function: .min, over: 60 * sec, limit: 10, isHigh: false, deadband: 2,
                    timing: timing())))
        let w = rig.alarm(0, .WINDOW)
        #expect(rig.feed(0, 0, 10) == [.act(w, 0)])
        #expect(rig.feed(0, 30 * sec, 20) == [])
        #expect(rig.feed(0, 61 * sec, 12) == [])  // min 12 = limit + deadband: holds
        #expect(rig.feed(0, 91 * sec, 12.5) == [])  // [31, 91]: min 12
        #expect(rig.feed(0, 122 * sec, 13) == [.rtn(w, 122 * sec)])  // [62, 122]: min 12.5
    }

    @Test("WINDOW mean, low limit (oxygen-like)")
    func windowMeanLow() {
        var rig = Rig(
            tag("T", window: WindowRule(function: .mean, over: 60 * sec, limit: 19.5, isHigh: false, timing: timing())))
        let w = rig.alarm(0, .WINDOW)
        #expect(rig.feed(0, 0, 21) == [])
        #expect(rig.feed(0, 10 * sec, 19) == [])  // mean 20
        #expect(rig.feed(0, 20 * sec, 18.5) == [.act(w, 20 * sec)])  // mean 19.5
        #expect(rig.feed(0, 70 * sec, 21) == [])  // [10, 70]: (19 + 18.5 + 21) / 3 = 19.5
        #expect(rig.feed(0, 71 * sec, 21) == [.rtn(w, 71 * sec)])  // [11, 71]: (18.5 + 21 + 21) / 3
    }

    @Test("WINDOW with an on-delay")
    func windowOnDelay() {
        var rig = Rig(
            tag(
                "T",
                window: WindowRule(
                    function: .max, over: 60 * sec, limit: 50, isHigh: true,
                    timing: timing(on: 10 * sec))))
        let w = rig.alarm(0, .WINDOW)
        #expect(rig.feed(0, [(0, 60), (9 * sec, 0)]) == [])
        #expect(rig.feed(0, 10 * sec, 0) == [.act(w, 10 * sec)])
    }

    @Test("more samples in the window than windowCapacity: the oldest are dropped and counted")
    func windowOverflow() {
        var rig = Rig(
            tag(
                "T", window: WindowRule(function: .mean, over: 60 * sec, limit: 50, isHigh: true, timing: timing()),
                windowCapacity: 3))
        rig.feed(0, [(0, 1), (1 * sec, 1), (2 * sec, 1)])
        #expect(rig.engine.windowOverflows == 0)
        rig.feed(0, [(3 * sec, 1), (4 * sec, 1)])
        #expect(rig.engine.windowOverflows == 2)
        rig.feed(0, 100 * sec, 1)  // everything older than the window leaves without overflow
        #expect(rig.engine.windowOverflows == 2)
    }

    @Test("ROC and WINDOW on one tag share the history with different spans")
    func sharedHistory() {
        var rig = Rig(
            tag(
                "T", roc: RocRule(max: 5, per: 10 * sec, direction: .rise, timing: timing()),
                window: WindowRule(function: .max, over: 60 * sec, limit: 50, isHigh: true, timing: timing())))
        let (roc, w) = (rig.alarm(0, .ROC), rig.alarm(0, .WINDOW))
        #expect(rig.feed(0, 0, 55) == [.act(w, 0)])
        #expect(rig.feed(0, 20 * sec, 0) == [])
        #expect(rig.feed(0, 30 * sec, 5) == [.act(roc, 30 * sec)])
        #expect(rig.feed(0, 60_001, 5) == [.rtn(roc, 60_001), .rtn(w, 60_001)])
    }
}
