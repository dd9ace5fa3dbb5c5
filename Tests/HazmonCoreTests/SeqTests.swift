import HazmonCore
import Testing

@Suite("Event sequence numbers")
struct SeqTests {
    /// A scenario that writes every transition the engine has.
    private func everything(firstSeq: UInt64? = nil) throws -> Rig {
        var policy = LifecyclePolicy()
        policy.floodThreshold = 2
        policy.floodWindow = 1 * minute
        let tags = [
            tag("T0", hazardSource: 0, limits: [limit(.H, 80)], stale: 60 * sec),
            tag("T1", hazardSource: 1, limits: [limit(.H, 80)]),
            tag("CLOCK", hazardSource: 1),
        ]
        var rig = Rig(model(tags, policy: policy))
        if let firstSeq { rig.engine.nextSeq = firstSeq }
        let h1 = rig.alarm(1, .H)
        rig.feed(0, 0, 1)
        _ = try rig.act { (e, log) throws(OperatorRefusal) in
            try e.setMaintenance(hazardSource: 0, true, at: 0, into: &log)
            try e.setMaintenance(hazardSource: 0, false, at: 0, into: &log)
            try e.setOutOfService(tag: 1, true, at: 0, into: &log)
            try e.setOutOfService(tag: 1, false, at: 0, into: &log)
        }
        rig.feed(1, [(1 * sec, 90), (2 * sec, 10), (3 * sec, 90), (4 * sec, 10), (5 * sec, 90)])  // chatter, flood
        _ = try rig.act { (e, log) throws(OperatorRefusal) in
            try e.acknowledge(alarm: h1, at: 5 * sec, into: &log)
            try e.shelve(alarm: h1, until: 30 * sec, at: 5 * sec, into: &log)
        }
        #expect(throws: OperatorRefusal.self) {  // a refusal writes nothing and uses no seq
            _ = try rig.act { (e, log) throws(OperatorRefusal) in try e.acknowledge(alarm: h1, at: 5, into: &log) }
        }
        rig.feed(1, 6 * sec, 10)
        _ = try rig.act { (e, log) throws(OperatorRefusal) in
            try e.shelve(alarm: h1, until: 40 * sec, at: 7 * sec, into: &log)
            try e.unshelve(alarm: h1, at: 8 * sec, into: &log)
            try e.shelve(alarm: h1, until: 50 * sec, at: 9 * sec, into: &log)
        }
        rig.feed(2, 20 * minute, 0)  // stale, shelve expiry, flood end, chatter cleared
        return rig
    }

    @Test("seq starts at 1 and grows by exactly 1 across every kind of event")
    func contiguous() throws {
        let rig = try everything()
        #expect(rig.log.map(\.seq) == Array(1...UInt64(rig.log.count)))
        let kinds = Set(rig.log.map(\.transition))
        // `clear` is in the vocabulary but no engine path writes it.
        #expect(kinds == Set(Transition.allCases).subtracting([.clear]))
        #expect(rig.engine.nextSeq == UInt64(rig.log.count) + 1)
    }

    @Test("nextSeq can be set, e.g. on restart, and numbering continues from it")
    func settable() throws {
        let plain = try everything()
        let restarted = try everything(firstSeq: 1_000_000)
        #expect(restarted.log.map(\.seq) == Array(1_000_000..<1_000_000 + UInt64(plain.log.count)))
        #expect(restarted.log.map(Ev.init) == plain.log.map(Ev.init))
    }

    @Test("the scenario's timer events are stamped at their deadlines, in deadline order")
    func timerEvents() throws {
        let rig = try everything()
        let h1 = rig.alarm(1, .H)
        let timers = rig.log.suffix(4).map(Ev.init)
        #expect(
            timers == [
                Ev(h1, .unshelve, 50 * sec, .normal),  // the expiries at 30 s and 40 s were superseded
                .act(rig.alarm(0, .STALE), 60 * sec),  // also counts for the flood: 3 s, 5 s, 60 s
                Ev(-1, .floodEnd, 63 * sec, .normal),  // 3 s + 1 min, not 1 s + 1 min
                Ev(h1, .chatter, 6 * sec + 10 * minute, .normal),
            ])
    }
}
