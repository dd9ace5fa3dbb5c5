import HazmonCore
import Testing

/// STALE (Appendix B): the watermark is the greatest sample `ts` seen (or the wall clock); when
/// it advances, before the advancing sample is evaluated, every tag with `watermark - t >=
/// stale_after` goes stale, stamped `t + stale_after`.
@Suite("STALE")
struct StaleTests {
    /// Tag 0 `A` with STALE after 60 s; tag 1 `C` only drives the clock (its H 80 shows ordering).
    private func rig(clock: AlarmEngine.ClockMode = .eventTime) -> Rig {
        Rig(tag("A", stale: 60 * sec), tag("C", limits: [limit(.H, 80)]), clock: clock)
    }

    @Test("another tag's sample advancing the watermark makes A stale, stamped last + stale_after")
    func drivenByAnotherTag() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 0, 1)
        #expect(rig.feed(1, 59_999, 1) == [])
        #expect(rig.feed(1, 75 * sec, 1) == [.act(stale, 60 * sec)])
        #expect(rig.feed(1, 200 * sec, 1) == [])  // already active: no second activation
    }

    @Test("watermark - t == stale_after fires")
    func equalityFires() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 10 * sec, 1)
        #expect(rig.feed(1, 69_999, 1) == [])
        #expect(rig.feed(1, 70 * sec, 1) == [.act(stale, 70 * sec)])
    }

    @Test("STALE fires before the sample that advanced the watermark is evaluated")
    func firesBeforeTheAdvancingSample() {
        var rig = rig()
        let (stale, h) = (rig.alarm(0, .STALE), rig.alarm(1, .H))
        rig.feed(0, 0, 1)
        #expect(rig.feed(1, 70 * sec, 90) == [.act(stale, 60 * sec), .act(h, 70 * sec)])
    }

    @Test("a tag never heard counts from the first watermark")
    func neverHeard() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        #expect(rig.feed(1, 1 * sec, 1) == [])
        #expect(rig.feed(1, 60_999, 1) == [])
        #expect(rig.feed(1, 61 * sec, 1) == [.act(stale, 61 * sec)])
    }

    @Test("the next sample of the tag returns it, stamped with that sample's ts, and re-arms it")
    func nextSampleReturns() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 0, 1)
        #expect(rig.feed(1, 65 * sec, 1) == [.act(stale, 60 * sec)])
        #expect(rig.feed(0, 80 * sec, .nan) == [.rtn(stale, 80 * sec), .act(rig.alarm(0, .BAD), 80 * sec)])
        #expect(rig.feed(1, 139_999, 1) == [])
        #expect(rig.feed(1, 140 * sec, 1) == [.act(stale, 140 * sec)])
    }

    @Test("the tag's own sample stale_after late: activation at the deadline, then return at its ts")
    func ownLateSample() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 0, 1)
        #expect(rig.feed(0, 59_999, 1) == [])
        #expect(rig.feed(0, 119_999, 1) == [.act(stale, 119_999), .rtn(stale, 119_999)])
    }

    @Test("samples of any quality count as heard", arguments: [Quality.bad, .uncertain])
    func anyQualityIsHeard(_ q: Quality) {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 0, 1)
        rig.feed(0, 30 * sec, .nan, q)
        #expect(rig.feed(1, 89_999, 1) == [])
        #expect(rig.feed(1, 90 * sec, 1) == [.act(stale, 90 * sec)])
    }

    @Test("late and duplicate samples do not count as heard")
    func droppedSamplesAreNotHeard() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 10 * sec, 1)
        rig.feed(1, 40 * sec, 1)
        #expect(rig.send(0, 5 * sec, 1).verdict == .late)
        #expect(rig.send(0, 10 * sec, 1).verdict == .duplicate)
        #expect(rig.feed(1, 70 * sec, 1) == [.act(stale, 70 * sec)])
    }

    @Test("several tags going stale at one advance come out in deadline order")
    func deadlineOrder() {
        var rig = Rig(
            tag("A", stale: 60 * sec), tag("B", stale: 60 * sec), tag("D", stale: 60 * sec), tag("C"))
        let (a, b, d) = (rig.alarm(0, .STALE), rig.alarm(1, .STALE), rig.alarm(2, .STALE))
        rig.feed(1, 1 * sec, 1)  // first watermark: A and D count from 1 s until heard
        rig.feed(2, 2 * sec, 1)
        rig.feed(0, 3 * sec, 1)
        #expect(rig.feed(3, 100 * sec, 1) == [.act(b, 61 * sec), .act(d, 62 * sec), .act(a, 63 * sec)])
    }

    @Test("different stale_after values: deadline order, not tag order")
    func deadlineOrderAcrossDurations() {
        var rig = Rig(tag("A", stale: 90 * sec), tag("B", stale: 30 * sec), tag("C"))
        let (a, b) = (rig.alarm(0, .STALE), rig.alarm(1, .STALE))
        rig.feed(0, 0, 1)
        rig.feed(1, 0, 1)
        rig.feed(1, 25 * sec, 1)
        rig.feed(1, 50 * sec, 1)
        #expect(rig.feed(2, 100 * sec, 1) == [.act(b, 80 * sec), .act(a, 90 * sec)])
    }

    @Test("external clock: samples never move it, advance(to:) does")
    func externalClock() {
        var rig = Rig(tag("A", stale: 60 * sec), tag("B", stale: 60 * sec), clock: .external)
        let (a, b) = (rig.alarm(0, .STALE), rig.alarm(1, .STALE))
        rig.feed(0, 0, 1)
        rig.feed(1, 0, 1)
        #expect(rig.feed(0, 200 * sec, 1) == [])  // in event time this would make B stale
        #expect(rig.engine.watermark == .min)
        #expect(rig.advance(to: 59_999) == [])
        #expect(rig.advance(to: 60 * sec) == [.act(b, 60 * sec)])
        #expect(rig.engine.watermark == 60 * sec)
        #expect(rig.advance(to: 30 * sec) == [])  // the clock never goes back
        #expect(rig.engine.watermark == 60 * sec)
        #expect(rig.advance(to: 260 * sec) == [.act(a, 260 * sec)])
    }

    @Test("external clock: tags never heard count from the first advance")
    func externalNeverHeard() {
        var rig = Rig(tag("A", stale: 60 * sec), clock: .external)
        let a = rig.alarm(0, .STALE)
        #expect(rig.advance(to: 5 * sec) == [])
        #expect(rig.advance(to: 64_999) == [])
        #expect(rig.advance(to: 65 * sec) == [.act(a, 65 * sec)])
        #expect(rig.feed(0, 70 * sec, 1) == [.rtn(a, 70 * sec)])
    }

    @Test("advance(to:) in event-time mode moves the watermark too")
    func eventTimeAdvance() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(0, 0, 1)
        #expect(rig.advance(to: 60 * sec) == [.act(stale, 60 * sec)])
        #expect(rig.engine.watermark == 60 * sec)
    }

    @Test("a STALE activation reports the tag's last usable value")
    func staleValue() throws {
        var rig = rig()
        rig.feed(0, 0, 42)
        rig.feed(0, 1 * sec, .nan)
        let (_, events) = rig.send(1, 100 * sec, 1)
        let e = try #require(events.first)
        #expect(Ev(e) == .act(rig.alarm(0, .STALE), 61 * sec))
        #expect(e.value == 42)
    }

    // MARK: - First sample older than the first watermark

    @Test("event time: a tag first heard at a time older than the first watermark is stale from that time")
    func firstSampleOlderThanWatermark() {
        var rig = rig()
        let stale = rig.alarm(0, .STALE)
        rig.feed(1, 10 * sec, 1)  // first watermark: A counts from 10 s while unheard
        rig.feed(0, 5 * sec, 1)  // A's first sample, older than the watermark: accepted, t = 5 s
        // watermark 66 s - t 5 s >= 60 s: Appendix B says A is stale now, stamped 65 s.
        #expect(rig.feed(1, 66 * sec, 1) == [.act(stale, 65 * sec)])
    }

    @Test("event time: such a tag still goes stale in deadline order with the others")
    func firstSampleOlderThanWatermarkOrder() {
        var rig = Rig(tag("A", stale: 60 * sec), tag("B", stale: 58 * sec), tag("C"))
        let (a, b) = (rig.alarm(0, .STALE), rig.alarm(1, .STALE))
        rig.feed(1, 10 * sec, 1)  // first watermark 10 s: B due at 68 s, A (unheard) at 70 s
        rig.feed(0, 5 * sec, 1)  // A heard at 5 s: due at 65 s
        #expect(rig.feed(2, 100 * sec, 1) == [.act(a, 65 * sec), .act(b, 68 * sec)])
    }

    @Test("external clock: a tag whose first sample is older than the first advance is stale from it")
    func externalFirstSampleOlderThanClock() {
        var rig = Rig(tag("A", stale: 60 * sec), clock: .external)
        let stale = rig.alarm(0, .STALE)
        rig.advance(to: 10 * sec)
        rig.feed(0, 9_500, 1)  // arrives 500 ms after it was measured
        #expect(rig.advance(to: 69_600) == [.act(stale, 69_500)])
    }
}
