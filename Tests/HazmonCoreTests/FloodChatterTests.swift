import HazmonCore
import Testing

/// Chattering (3 activations within 60 s; cleared after 10 min normal) and enterprise floods
/// (more than 10 annunciated activations within 10 min), SPEC §5 defaults.
@Suite("Chattering and floods")
struct FloodChatterTests {
    // MARK: - Chattering

    /// Tag 0 with H 80 and no delays; tag 1 drives the clock.
    private func chatterRig() -> Rig { Rig(tag("T", limits: [limit(.H, 80)]), tag("CLOCK")) }

    @Test("the 3rd activation within 60 s flags chattering and is still annunciated; the 4th is not")
    func chatterStarts() {
        var rig = chatterRig()
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10), (2 * sec, 90), (3 * sec, 10)])
        let third = rig.send(0, 4 * sec, 90).events
        #expect(third.map(Ev.init) == [.act(h, 4 * sec), Ev(h, .chatter, 4 * sec, .unack)])
        #expect(third.map(\.flags) == [[.annunciated, .chattering], [.chattering]])
        #expect(rig.feed(0, 5 * sec, 10) == [.rtn(h, 5 * sec)])
        let fourth = rig.send(0, 6 * sec, 90).events
        #expect(fourth.map(Ev.init) == [.act(h, 6 * sec)])
        #expect(fourth.first?.flags == [.chattering])
        #expect(rig.log.filter { $0.transition == .chatter }.count == 1)
    }

    @Test("after 10 min normal the clock clears chattering; the next activation is annunciated")
    func chatterClears() {
        var rig = chatterRig()
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10), (2 * sec, 90), (3 * sec, 10), (4 * sec, 90), (7 * sec, 10)])
        #expect(rig.feed(1, 7 * sec + 10 * minute - 1, 0) == [])
        let clear = rig.send(1, 8 * sec + 10 * minute, 0).events
        #expect(clear.map(Ev.init) == [Ev(h, .chatter, 7 * sec + 10 * minute, .rtnUnack)])
        #expect(clear.first?.flags == [])
        #expect(rig.flags(h) == [])
        let next = rig.send(0, 9 * sec + 10 * minute, 90).events
        #expect(next.map(Ev.init) == [.act(h, 9 * sec + 10 * minute)])
        #expect(next.first?.flags == [.annunciated])
    }

    @Test("an activation while waiting restarts the 10 min")
    func chatterClearRestarts() {
        var rig = chatterRig()
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10), (2 * sec, 90), (3 * sec, 10), (4 * sec, 90), (7 * sec, 10)])
        let hidden = rig.send(0, 5 * minute, 90).events
        #expect(hidden.map(Ev.init) == [.act(h, 5 * minute)])
        #expect(hidden.first?.flags == [.chattering])
        rig.feed(0, 6 * minute, 10)
        #expect(rig.feed(1, 11 * minute, 0) == [])  // 10 min after the first return: not quiet long enough
        #expect(rig.feed(1, 16 * minute - 1, 0) == [])
        #expect(rig.feed(1, 16 * minute, 0) == [Ev(h, .chatter, 16 * minute, .rtnUnack)])
    }

    @Test("chattering does not clear while the alarm is active")
    func chatterWhileActive() {
        var rig = chatterRig()
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10), (2 * sec, 90), (3 * sec, 10), (4 * sec, 90)])
        #expect(rig.feed(1, 30 * minute, 0) == [])
        #expect(rig.flags(h) == [.chattering])
        #expect(rig.feed(0, 31 * minute, 10) == [.rtn(h, 31 * minute)])
        #expect(rig.feed(1, 41 * minute, 0) == [Ev(h, .chatter, 41 * minute, .rtnUnack)])
    }

    @Test("three activations spread over more than 60 s do not chatter", arguments: [59 * sec, 61 * sec])
    func chatterWindow(_ third: Millis) {
        var rig = chatterRig()
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10), (30 * sec, 90), (31 * sec, 10)])
        let events = rig.send(0, third, 90).events
        let chatters = third <= 60 * sec
        #expect(events.map(Ev.init) == [.act(h, third)] + (chatters ? [Ev(h, .chatter, third, .unack)] : []))
        #expect(rig.flags(h) == (chatters ? [.chattering] : []))
    }

    @Test("the chatter policy is configurable")
    func chatterPolicy() {
        var policy = LifecyclePolicy()
        policy.chatterActivations = 2
        policy.chatterWindow = 10 * sec
        var rig = Rig(model([tag("T", limits: [limit(.H, 80)])], policy: policy))
        let h = rig.alarm(0, .H)
        rig.feed(0, [(0, 90), (1 * sec, 10)])
        #expect(rig.feed(0, 9 * sec, 90) == [.act(h, 9 * sec), Ev(h, .chatter, 9 * sec, .unack)])
    }

    // MARK: - Floods

    /// Twelve tags with H 80 in enterprise 0, three in enterprise 1, one clock tag (index 15) in enterprise 1.
    private func floodRig(clock: AlarmEngine.ClockMode = .eventTime) -> Rig {
        let tags =
            (0..<12).map { tag("E0-\($0)", enterprise: 0, hazardSource: 0, limits: [limit(.H, 80)]) }
            + (0..<3).map { tag("E1-\($0)", enterprise: 1, hazardSource: 1, limits: [limit(.H, 80)]) }
            + [tag("CLOCK", enterprise: 1, hazardSource: 1)]
        return Rig(model(tags), clock: clock)
    }

    private func floodEvents(_ events: [AlarmEvent]) -> [AlarmEvent] {
        events.filter { $0.transition == .floodStart || $0.transition == .floodEnd }
    }

    @Test("11 annunciated activations within 10 min start a flood at the 11th; it ends at oldest + 10 min")
    func floodStartAndEnd() throws {
        var rig = floodRig()
        for i in 0..<10 { rig.feed(i, Millis(i) * sec, 90) }
        #expect(floodEvents(rig.log).isEmpty)
        #expect(!rig.inFlood(0))

        let eleventh = rig.send(10, 10 * sec, 90).events
        #expect(eleventh.map(Ev.init) == [.act(rig.alarm(10, .H), 10 * sec), Ev(-1, .floodStart, 10 * sec, .normal)])
        let start = try #require(eleventh.last)
        #expect(start.enterprise == 0)
        #expect(start.flags == [.annunciated, .flood])
        #expect(start.value == 11)
        #expect(start.limit == 10)
        #expect(rig.inFlood(0))
        #expect(!rig.inFlood(1))

        #expect(rig.feed(15, 10 * minute - 1, 0) == [])
        let end = rig.send(15, 10 * minute + 30 * sec, 0).events
        #expect(end.map(Ev.init) == [Ev(-1, .floodEnd, 10 * minute, .normal)])
        #expect(end.first?.enterprise == 0)
        #expect(end.first?.flags == [.annunciated])
        #expect(!rig.inFlood(0))
    }

    @Test("the flood lasts while more than 10 stay within 10 min")
    func floodExtends() {
        var rig = floodRig(clock: .external)
        for i in 0..<11 { rig.feed(i, Millis(i) * sec, 90) }
        #expect(floodEvents(rig.log).map(Ev.init) == [Ev(-1, .floodStart, 10 * sec, .normal)])
        rig.feed(11, 5 * minute, 90)  // the last 11 now start at 1 s
        #expect(rig.advance(to: 10 * minute) == [])
        #expect(rig.advance(to: 10 * minute + 999) == [])
        #expect(rig.advance(to: 10 * minute + 1 * sec) == [Ev(-1, .floodEnd, 10 * minute + 1 * sec, .normal)])
    }

    @Test("11 activations spanning exactly 10 min are no flood")
    func floodWindowEdge() {
        var rig = floodRig()
        rig.feed(0, 0, 90)
        for i in 1..<10 { rig.feed(i, Millis(i) * sec, 90) }
        rig.feed(10, 10 * minute, 90)
        #expect(floodEvents(rig.log).isEmpty)
        #expect(!rig.inFlood(0))
    }

    @Test("another enterprise's activations do not count")
    func floodPerEnterprise() {
        var rig = floodRig()
        for i in 0..<8 { rig.feed(i, Millis(i) * sec, 90) }
        for i in 12..<15 { rig.feed(i, Millis(i) * sec, 90) }
        #expect(rig.log.count == 11)
        #expect(floodEvents(rig.log).isEmpty)
        #expect(!rig.inFlood(0))
        #expect(!rig.inFlood(1))
    }

    @Test("activations that are not annunciated (shelved) do not count")
    func floodIgnoresShelved() throws {
        var rig = floodRig()
        let first = rig.alarm(0, .H)
        _ = try rig.act { (e, log) throws(OperatorRefusal) in
            try e.shelve(alarm: first, until: 1 * minute, at: 0, into: &log)
        }
        for i in 0..<11 { rig.feed(i, Millis(i) * sec, 90) }
        #expect(floodEvents(rig.log).isEmpty)
        rig.feed(11, 11 * sec, 90)
        #expect(floodEvents(rig.log).map(Ev.init) == [Ev(-1, .floodStart, 11 * sec, .normal)])
    }

    @Test("the flood threshold and window are configurable")
    func floodPolicy() {
        var policy = LifecyclePolicy()
        policy.floodThreshold = 2
        policy.floodWindow = 1 * minute
        let tags = (0..<4).map { tag("T\($0)", limits: [limit(.H, 80)]) }
        var rig = Rig(model(tags, policy: policy))
        rig.feed(0, 0, 90)
        rig.feed(1, 30 * sec, 90)
        #expect(
            rig.feed(2, 59 * sec, 90) == [.act(rig.alarm(2, .H), 59 * sec), Ev(-1, .floodStart, 59 * sec, .normal)])
        #expect(
            rig.feed(3, 2 * minute, 90) == [Ev(-1, .floodEnd, 1 * minute, .normal), .act(rig.alarm(3, .H), 2 * minute)])
    }

    @Test("external clock: a flood ends even when the next activation is stamped after the window")
    func floodEndsAfterAheadOfClockActivation() {
        var rig = floodRig(clock: .external)
        rig.advance(to: 0)
        for i in 0..<11 { rig.feed(i, Millis(i) * sec, 90) }
        #expect(rig.inFlood(0))
        rig.advance(to: 6 * minute)
        // A device clock 4.5 min ahead of the wall clock (SPEC §3 accepts up to 5 min).
        rig.feed(11, 10 * minute + 30 * sec, 90)
        rig.advance(to: 20 * minute)
        // Only 1 s … 10 s were within 10 min once 0 s left the window: the flood ended at 10 min.
        #expect(floodEvents(rig.log).map(Ev.init).last == Ev(-1, .floodEnd, 10 * minute, .normal))
        #expect(!rig.inFlood(0))
    }

    @Test("event time: a flood ends even when its activations lag the watermark")
    func floodEndsWithLaggingTags() {
        var rig = floodRig()
        rig.feed(15, 20 * minute, 0)  // another tag is far ahead: the watermark is 20 min
        for i in 0..<11 { rig.feed(i, Millis(i) * sec, 90) }  // each tag's own first samples
        #expect(rig.inFlood(0))
        rig.feed(11, 11 * minute, 90)
        rig.feed(15, 30 * minute, 0)
        #expect(floodEvents(rig.log).map(Ev.init).last == Ev(-1, .floodEnd, 10 * minute, .normal))
        #expect(!rig.inFlood(0))
    }
}
