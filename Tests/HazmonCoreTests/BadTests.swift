import HazmonCore
import Testing

/// A value the field sent that no rule but BAD and STALE may look at.
struct Unusable: CustomTestStringConvertible, Sendable {
    var name: String
    var value: Double
    var quality: Quality
    var testDescription: String { name }
}

private let unusable: [Unusable] = [
    Unusable(name: "NaN", value: .nan, quality: .good),
    Unusable(name: "+Inf", value: .infinity, quality: .good),
    Unusable(name: "-Inf", value: -.infinity, quality: .good),
    Unusable(name: "bad quality, value over the limit", value: 95, quality: .bad),
    Unusable(name: "bad quality, value under the clearing level", value: 0, quality: .bad),
    Unusable(name: "uncertain NaN", value: .nan, quality: .uncertain),
]

@Suite("BAD, non-finite values and quality")
struct BadTests {
    @Test("an unusable sample raises BAD and leaves the on-delay running", arguments: unusable)
    func onDelayRunsAcross(_ u: Unusable) {
        var rig = Rig(tag("T", limits: [limit(.H, 80, on: 10 * sec)]))
        let (bad, h) = (rig.alarm(0, .BAD), rig.alarm(0, .H))
        #expect(rig.feed(0, 0, 85) == [])
        #expect(rig.feed(0, 5 * sec, u.value, u.quality) == [.act(bad, 5 * sec)])
        // The pending period began at 0 and was not ended by the unusable sample.
        #expect(rig.feed(0, 10 * sec, 85) == [.rtn(bad, 10 * sec), .act(h, 10 * sec)])
    }

    @Test("an unusable sample neither activates nor returns a limit", arguments: unusable)
    func limitStateKept(_ u: Unusable) {
        var rig = Rig(tag("T", limits: [limit(.H, 80), limit(.L, 20)]))
        let (bad, h, l) = (rig.alarm(0, .BAD), rig.alarm(0, .H), rig.alarm(0, .L))
        #expect(rig.feed(0, 0, 85) == [.act(h, 0)])
        #expect(rig.feed(0, 1 * sec, u.value, u.quality) == [.act(bad, 1 * sec)])
        #expect(rig.state(h) == .unack)
        #expect(rig.state(l) == .normal)
        #expect(rig.feed(0, 2 * sec, 50) == [.rtn(bad, 2 * sec), .rtn(h, 2 * sec)])
    }

    @Test("an unusable sample leaves a running off-delay running", arguments: unusable)
    func offDelayRunsAcross(_ u: Unusable) {
        var rig = Rig(tag("T", limits: [limit(.H, 80, off: 10 * sec)]))
        let (bad, h) = (rig.alarm(0, .BAD), rig.alarm(0, .H))
        rig.feed(0, 0, 85)
        rig.feed(0, 1 * sec, 50)  // clearing period starts
        rig.feed(0, 6 * sec, u.value, u.quality)
        #expect(rig.feed(0, 11 * sec, 50) == [.rtn(bad, 11 * sec), .rtn(h, 11 * sec)])
    }

    @Test("quality uncertain is evaluated normally and is not BAD")
    func uncertainIsEvaluated() {
        var rig = Rig(tag("T", range: 0...100, limits: [limit(.H, 80)]))
        let h = rig.alarm(0, .H)
        #expect(rig.feed(0, 0, 85, .uncertain) == [.act(h, 0)])
        #expect(rig.feed(0, 1 * sec, 50, .uncertain) == [.rtn(h, 1 * sec)])
        #expect(rig.engine.lastValue(ofTag: 0) == 50)
    }

    @Test("an unusable sample does not become the tag's last value")
    func lastValueSkipsUnusable() {
        var rig = Rig(tag("T"))
        #expect(rig.engine.lastValue(ofTag: 0).isNaN)
        rig.feed(0, 0, 42)
        rig.feed(0, 1 * sec, .nan)
        rig.feed(0, 2 * sec, 7, .bad)
        #expect(rig.engine.lastValue(ofTag: 0) == 42)
    }

    @Test("out of range above: BAD and the limits both activate (fail-safe)")
    func outOfRangeAbove() {
        var rig = Rig(tag("T", range: 0...100, limits: [limit(.H, 80), limit(.HH, 90)]))
        let (bad, hh, h) = (rig.alarm(0, .BAD), rig.alarm(0, .HH), rig.alarm(0, .H))
        #expect(rig.feed(0, 0, 120) == [.act(bad, 0), .act(hh, 0), .act(h, 0)])
        #expect(rig.feed(0, 1 * sec, 95) == [.rtn(bad, 1 * sec)])
        #expect(rig.state(hh) == .unack)
        #expect(rig.state(h) == .unack)
        #expect(rig.engine.lastValue(ofTag: 0) == 95)
    }

    @Test("out of range below: BAD activates and the low limit sees the value")
    func outOfRangeBelow() {
        var rig = Rig(tag("T", range: 0...100, limits: [limit(.H, 80), limit(.LL, 5)]))
        let (bad, h, ll) = (rig.alarm(0, .BAD), rig.alarm(0, .H), rig.alarm(0, .LL))
        #expect(rig.feed(0, 0, 85) == [.act(h, 0)])
        #expect(rig.feed(0, 1 * sec, -5) == [.act(bad, 1 * sec), .rtn(h, 1 * sec), .act(ll, 1 * sec)])
    }

    @Test(
        "the range is closed: its ends are fine, anything outside is BAD",
        arguments: [(0.0, false), (100.0, false), (50.0, false), (0.0.nextDown, true), (100.0.nextUp, true)])
    func rangeEnds(_ v: Double, _ isBad: Bool) {
        var rig = Rig(tag("T", range: 0...100))
        let bad = rig.alarm(0, .BAD)
        #expect(rig.feed(0, 0, v) == (isBad ? [.act(bad, 0)] : []))
    }

    @Test("BAD returns only at the first sample that is none of bad, non-finite, out of range")
    func badReturnsAtFirstGoodSample() {
        var rig = Rig(tag("T", range: 0...100))
        let bad = rig.alarm(0, .BAD)
        #expect(rig.feed(0, 0, .nan) == [.act(bad, 0)])
        #expect(rig.feed(0, 1 * sec, 150) == [])
        #expect(rig.feed(0, 2 * sec, 50, .bad) == [])
        #expect(rig.feed(0, 3 * sec, -.infinity) == [])
        #expect(rig.feed(0, 4 * sec, -0.001) == [])
        #expect(rig.feed(0, 5 * sec, 50, .uncertain) == [.rtn(bad, 5 * sec)])
    }

    @Test("without a range any finite good value is fine")
    func noRange() {
        var rig = Rig(tag("T"))
        #expect(rig.feed(0, 0, -1e300) == [])
        #expect(rig.feed(0, 1 * sec, 1e300) == [])
        #expect(rig.feed(0, 2 * sec, .greatestFiniteMagnitude) == [])
    }

    @Test("BAD honours its own on- and off-delays")
    func badDelays() {
        var rig = Rig(tag("T", range: 0...100, badTiming: timing(on: 5 * sec, off: 3 * sec, priority: .low)))
        let bad = rig.alarm(0, .BAD)
        #expect(rig.feed(0, 0, .nan) == [])
        #expect(rig.feed(0, 3 * sec, 200) == [])
        #expect(rig.feed(0, 4 * sec, 50) == [])  // ends the pending period
        #expect(rig.feed(0, 5 * sec, .nan, .bad) == [])
        #expect(rig.feed(0, 10 * sec, .infinity) == [.act(bad, 10 * sec)])
        #expect(rig.feed(0, 11 * sec, 50) == [])
        #expect(rig.feed(0, 12 * sec, .nan) == [])  // ends the clearing period
        #expect(rig.feed(0, 13 * sec, 50) == [])
        #expect(rig.feed(0, 16 * sec, 50) == [.rtn(bad, 16 * sec)])
    }

    @Test("FROZEN does not count an unusable sample")
    func frozenSkipsUnusable() {
        var rig = Rig(tag("T", frozen: FrozenRule(after: 10 * sec, epsilon: 0.5)))
        let (bad, frozen) = (rig.alarm(0, .BAD), rig.alarm(0, .FROZEN))
        rig.feed(0, 0, 5)
        #expect(rig.feed(0, 5 * sec, 5, .bad) == [.act(bad, 5 * sec)])
        // Had the bad sample counted, this would be the third sample within epsilon.
        #expect(rig.feed(0, 10 * sec, 5) == [.rtn(bad, 10 * sec)])
        #expect(rig.feed(0, 11 * sec, 5) == [.act(frozen, 11 * sec)])
    }

    @Test("an unusable sample is not part of the ROC window")
    func rocSkipsUnusable() {
        var rig = Rig(
            tag("T", roc: RocRule(max: 5, per: 10 * sec, direction: .both, timing: timing())))
        let (bad, roc) = (rig.alarm(0, .BAD), rig.alarm(0, .ROC))
        rig.feed(0, 0, 0)
        #expect(rig.feed(0, 11 * sec, -10, .bad) == [.act(bad, 11 * sec)])
        // Window [2 s, 12 s]: only the current sample is in it, so delta is 0 (not -4 - -10 = 6).
        #expect(rig.feed(0, 12 * sec, -4) == [.rtn(bad, 12 * sec)])
        #expect(rig.state(roc) == .normal)
    }

    @Test("an unusable sample is not part of the WINDOW aggregate")
    func windowSkipsUnusable() {
        var rig = Rig(
            tag("T", window: WindowRule(function: .max, over: 60 * sec, limit: 50, isHigh: true, timing: timing())))
        let (bad, window) = (rig.alarm(0, .BAD), rig.alarm(0, .WINDOW))
        rig.feed(0, 0, 10)
        #expect(rig.feed(0, 1 * sec, 1_000, .bad) == [.act(bad, 1 * sec)])
        #expect(rig.feed(0, 2 * sec, 10) == [.rtn(bad, 2 * sec)])
        #expect(rig.feed(0, 3 * sec, .infinity) == [.act(bad, 3 * sec)])
        #expect(rig.feed(0, 4 * sec, 10) == [.rtn(bad, 4 * sec)])
        #expect(rig.state(window) == .normal)
    }
}
