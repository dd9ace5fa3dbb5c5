import HazmonCore
import Testing

/// After a `kill -9` the service restores the checkpoint, lays the journal's newer lifecycles on top,
/// then each tag's last evaluated sample (`restoreLastSample`). The tag was heard at that sample: its
/// STALE timer must count from it, or a STALE the journal already holds would fire again.
@Suite("Restoring a tag's last sample")
struct WatermarkRestoreTests {
    @Test("a STALE that returned after the checkpoint does not fire again before its real deadline")
    func staleCountsFromTheRestoredSample() throws {
        let tagSpec = tag("A", stale: 60 * sec)
        var live = Rig(tagSpec, clock: .external)
        let stale = live.alarm(0, .STALE)
        live.feed(0, 0, 1)
        #expect(live.advance(to: 70 * sec).map(\.transition) == [.activate])
        let checkpoint = live.engine.snapshot()  // STALE active, last heard at 0
        #expect(live.feed(0, 80 * sec, 1).map(\.transition) == [.return])  // journaled, watermark 80 s

        var restored = AlarmEngine(model: live.engine.model, clockMode: .external)
        restored.restore(checkpoint)
        try restored.setLifecycle(live.engine.lifecycle(stale), ofAlarm: stale)
        restored.restoreLastSample(ofTag: 0, ts: 80 * sec, value: 1)
        #expect(restored.lastSampleTime(ofTag: 0) == 80 * sec)

        var events: [AlarmEvent] = []
        restored.advance(to: 100 * sec, into: &events)
        #expect(events.isEmpty, "heard at 80 s: not stale before 140 s, and no repeat of the 60 s STALE")
        restored.advance(to: 141 * sec, into: &events)
        #expect(events.map(\.transition) == [.activate])
        #expect(events.first?.ts == 140 * sec)
        // A resent sample up to the watermark is a duplicate, not a second evaluation.
        #expect(restored.process(Sample(tag: 0, ts: 80 * sec, value: 1), into: &events) == .duplicate)
    }
}
