import HazmonCore
import Testing

/// Appendix B: a sample whose `ts` is not greater than the tag's last accepted `ts` is dropped
/// (late or duplicate) and changes nothing.
@Suite("Late and duplicate samples")
struct SampleOrderTests {
    @Test("an equal ts is a duplicate and does not end a pending period")
    func duplicateKeepsPending() {
        var rig = Rig(tag("T", limits: [limit(.H, 80, on: 10 * sec)]))
        let h = rig.alarm(0, .H)
        #expect(rig.send(0, 0, 85).verdict == .accepted)
        let dup = rig.send(0, 0, 50)
        #expect(dup.verdict == .duplicate)
        #expect(dup.events.isEmpty)
        #expect(rig.feed(0, 10 * sec, 85) == [.act(h, 10 * sec)])
    }

    @Test("a smaller ts is late and does not end a pending period")
    func lateKeepsPending() {
        var rig = Rig(tag("T", limits: [limit(.H, 80, on: 10 * sec)]))
        let h = rig.alarm(0, .H)
        rig.feed(0, 5 * sec, 85)
        let late = rig.send(0, 3 * sec, 50)
        #expect(late.verdict == .late)
        #expect(late.events.isEmpty)
        #expect(rig.feed(0, 14 * sec, 85) == [])
        #expect(rig.feed(0, 15 * sec, 85) == [.act(h, 15 * sec)])
    }

    @Test("late and duplicate samples neither return an active alarm nor start a pending one")
    func droppedSamplesChangeNothing() {
        var rig = Rig(tag("T", range: 0...100, limits: [limit(.H, 80, off: 5 * sec)]))
        let h = rig.alarm(0, .H)
        rig.feed(0, 10 * sec, 85)
        rig.feed(0, 11 * sec, 10)  // clearing period starts at 11 s
        #expect(rig.send(0, 11 * sec, 90).verdict == .duplicate)  // would end it
        #expect(rig.send(0, 9 * sec, 90).verdict == .late)
        #expect(rig.send(0, 11 * sec, .nan, .bad).verdict == .duplicate)  // would raise BAD
        #expect(rig.send(0, 1 * sec, 500).verdict == .late)  // out of range: would raise BAD
        #expect(rig.log.map(Ev.init) == [.act(h, 10 * sec)])
        #expect(rig.feed(0, 16 * sec, 10) == [.rtn(h, 16 * sec)])
        #expect(rig.engine.lastValue(ofTag: 0) == 10)
    }

    @Test("a dropped sample does not move the watermark")
    func droppedSampleKeepsWatermark() {
        var rig = Rig(tag("A"), tag("B"))
        rig.feed(0, 100 * sec, 1)
        rig.feed(1, 50 * sec, 1)  // older than the watermark but new for B: accepted
        #expect(rig.engine.watermark == 100 * sec)
        #expect(rig.send(1, 40 * sec, 1).verdict == .late)
        #expect(rig.send(0, 100 * sec, 1).verdict == .duplicate)
        #expect(rig.engine.watermark == 100 * sec)
    }

    @Test("ordering is per tag: another tag's newer sample does not make a sample late")
    func perTagOrder() {
        var rig = Rig(tag("A", limits: [limit(.H, 80)]), tag("B", limits: [limit(.H, 80)]))
        let hb = rig.alarm(1, .H)
        rig.feed(0, 100 * sec, 1)
        let older = rig.send(1, 5 * sec, 90)
        #expect(older.verdict == .accepted)
        #expect(older.events.map(Ev.init) == [.act(hb, 5 * sec)])
    }

    @Test("unknown tags are refused without effect", arguments: [-1, 2, 1_000])
    func unknownTag(_ t: Int) {
        var rig = Rig(tag("A", limits: [limit(.H, 80)]), tag("B"))
        let result = rig.send(t, 10 * sec, 90)
        #expect(result.verdict == .unknownTag)
        #expect(result.events.isEmpty)
        #expect(rig.engine.watermark == .min)
    }
}
