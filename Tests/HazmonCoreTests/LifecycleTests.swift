import HazmonCore
import Testing

/// One step of the ISA-18.2 lifecycle.
enum Step: String, Sendable {
    case activate, `return`, ack
}

/// Steps from `normal`, and the state after each (nil: the step is refused and changes nothing).
struct LifecycleCase: CustomTestStringConvertible, Sendable {
    var steps: [(Step, AlarmState?)]
    var testDescription: String {
        steps.map { "\($0.0.rawValue)→\($0.1?.name ?? "refused")" }.joined(separator: ", ")
    }
}

private let lifecycleCases: [LifecycleCase] = [
    LifecycleCase(steps: [(.activate, .unack)]),
    LifecycleCase(steps: [(.activate, .unack), (.ack, .ack)]),
    LifecycleCase(steps: [(.activate, .unack), (.ack, .ack), (.return, .normal)]),
    LifecycleCase(steps: [(.activate, .unack), (.return, .rtnUnack)]),
    LifecycleCase(steps: [(.activate, .unack), (.return, .rtnUnack), (.ack, .normal)]),
    LifecycleCase(steps: [(.ack, nil)]),
    LifecycleCase(steps: [(.activate, .unack), (.ack, .ack), (.ack, nil)]),
    LifecycleCase(steps: [(.activate, .unack), (.return, .rtnUnack), (.ack, .normal), (.ack, nil)]),
    LifecycleCase(steps: [(.activate, .unack), (.return, .rtnUnack), (.activate, .unack)]),
    LifecycleCase(steps: [(.activate, .unack), (.ack, .ack), (.return, .normal), (.activate, .unack)]),
]

@Suite("Alarm lifecycle (ISA-18.2)")
struct LifecycleTests {
    @Test("AlarmLifecycle transitions", arguments: lifecycleCases)
    func lifecycleValue(_ c: LifecycleCase) {
        var lifecycle = AlarmLifecycle()
        let policy = LifecyclePolicy()
        var ts: Millis = 0
        for (step, expected) in c.steps {
            ts += 100 * sec  // far apart: never chattering
            let before = lifecycle
            switch step {
            case .activate:
                let activation = lifecycle.activate(at: ts, policy: policy)
                #expect(activation.annunciated)
                #expect(!activation.startedChattering)
                #expect(lifecycle.activatedAt == ts)
            case .return:
                lifecycle.returnToNormal(at: ts)
                #expect(lifecycle.returnedAt == ts)
            case .ack:
                do {
                    try lifecycle.acknowledge()
                    #expect(expected != nil, "ack in \(before.state.name) was accepted")
                } catch {
                    #expect(expected == nil, "ack in \(before.state.name) was refused")
                    #expect(error == .nothingToAcknowledge)
                    #expect(lifecycle == before)
                }
            }
            if let expected { #expect(lifecycle.state == expected) }
        }
    }

    @Test("the same transitions through the engine, one event each", arguments: lifecycleCases)
    func lifecycleEngine(_ c: LifecycleCase) {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]))
        let h = rig.alarm(0, .H)
        var ts: Millis = 0
        for (step, expected) in c.steps {
            ts += 100 * sec
            switch step {
            case .activate: #expect(rig.feed(0, ts, 90) == [Ev(h, .activate, ts, expected!)])
            case .return: #expect(rig.feed(0, ts, 10) == [Ev(h, .return, ts, expected!)])
            case .ack:
                let count = rig.log.count
                do {
                    let events = try rig.act { (e, log) throws(OperatorRefusal) in
                        try e.acknowledge(alarm: h, at: ts, into: &log)
                    }
                    #expect(events.map(Ev.init) == [Ev(h, .ack, ts, expected ?? .normal)])
                    #expect(expected != nil)
                } catch {
                    #expect(expected == nil)
                    #expect(error.lifecycleRefusal == .nothingToAcknowledge)
                    #expect(rig.log.count == count)
                }
            }
            if let expected { #expect(rig.state(h) == expected) }
        }
    }

    @Test("an ordinary activation is annunciated; returns and acks are not activations")
    func annunciation() {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]))
        let h = rig.alarm(0, .H)
        rig.feed(0, 0, 90)
        _ = try? rig.act { (e, log) throws(OperatorRefusal) in try e.acknowledge(alarm: h, at: 1, into: &log) }
        rig.feed(0, 2 * sec, 10)
        #expect(rig.log.map(\.flags) == [[.annunciated], [], []])
        #expect(rig.log.map(\.activatedAt) == [0, 0, 0])
    }

    @Test(
        "operator actions on an unknown alarm are refused",
        arguments: [-1, 2, 3])  // the tag has alarms 0 (BAD) and 1 (H) only
    func unknownAlarm(_ a: Int) {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]))
        #expect(rig.engine.alarmCount == 2)
        for action in 0..<3 {
            do {
                _ = try rig.act { (e, log) throws(OperatorRefusal) in
                    switch action {
                    case 0: try e.acknowledge(alarm: a, at: 0, into: &log)
                    case 1: try e.shelve(alarm: a, until: 10, at: 0, into: &log)
                    default: try e.unshelve(alarm: a, at: 0, into: &log)
                    }
                }
                Issue.record("action \(action) on alarm \(a) was accepted")
            } catch {
                #expect(error.lifecycleRefusal == nil)
            }
        }
        #expect(rig.log.isEmpty)
    }

    // MARK: - Shelving

    private func shelve(_ rig: inout Rig, _ a: Int, until: Millis, at ts: Millis) throws(OperatorRefusal)
        -> [AlarmEvent]
    {
        try rig.act { (e, log) throws(OperatorRefusal) in try e.shelve(alarm: a, until: until, at: ts, into: &log) }
    }

    @Test("a shelved alarm is evaluated and recorded but not annunciated; expiry unshelves it at the expiry")
    func shelveAndExpire() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]), tag("CLOCK"))
        let h = rig.alarm(0, .H)
        let until = 10 * sec + 3_600 * sec
        rig.feed(1, 0, 0)
        let shelved = try shelve(&rig, h, until: until, at: 10 * sec)
        #expect(shelved.map(Ev.init) == [Ev(h, .shelve, 10 * sec, .normal)])
        #expect(shelved.first?.flags == [.shelved])
        #expect(shelved.first?.shelvedUntil == until)

        let activation = rig.send(0, 20 * sec, 90).events
        #expect(activation.map(Ev.init) == [.act(h, 20 * sec)])
        #expect(activation.first?.flags == [.shelved])  // no .annunciated
        #expect(activation.first?.shelvedUntil == until)

        #expect(rig.feed(1, until - 1, 0) == [])
        let expiry = rig.send(1, until + 5 * sec, 0).events
        #expect(expiry.map(Ev.init) == [Ev(h, .unshelve, until, .unack)])
        #expect(expiry.first?.flags == [])
        #expect(expiry.first?.shelvedUntil == AlarmEvent.never)
        #expect(rig.flags(h) == [])

        rig.feed(0, until + 6 * sec, 10)
        let again = rig.send(0, until + 7 * sec, 90).events
        #expect(again.map(Ev.init) == [.act(h, until + 7 * sec)])
        #expect(again.first?.flags == [.annunciated])
    }

    @Test("external clock: the expiry fires when advance(to:) reaches it")
    func shelveExpiryExternal() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]), clock: .external)
        let h = rig.alarm(0, .H)
        rig.advance(to: 0)
        _ = try shelve(&rig, h, until: 60 * sec, at: 0)
        #expect(rig.feed(0, 120 * sec, 90) == [.act(h, 120 * sec)])  // samples do not move the clock
        #expect(rig.flags(h) == [.shelved])
        #expect(rig.advance(to: 59_999) == [])
        #expect(rig.advance(to: 60 * sec) == [Ev(h, .unshelve, 60 * sec, .unack)])
    }

    @Test(
        "shelve requests outside (ts, ts + maxShelve] are refused",
        arguments: [
            (0, AlarmLifecycle.Refusal.shelveExpiryNotInFuture),
            (-1, .shelveExpiryNotInFuture),
            (12 * 3_600 * sec + 1, .shelveTooLong),
        ] as [(Millis, AlarmLifecycle.Refusal)])
    func shelveRefused(_ offset: Millis, _ refusal: AlarmLifecycle.Refusal) {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]))
        let h = rig.alarm(0, .H)
        let ts = 1_000 * sec
        do {
            _ = try shelve(&rig, h, until: ts + offset, at: ts)
            Issue.record("shelve until ts + \(offset) was accepted")
        } catch {
            #expect(error.lifecycleRefusal == refusal)
        }
        #expect(rig.log.isEmpty)
        #expect(rig.flags(h) == [])
    }

    @Test("a shelve of exactly maxShelve is accepted; a custom maxShelve is honoured")
    func shelveMaximum() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]))
        let h = rig.alarm(0, .H)
        _ = try shelve(&rig, h, until: 12 * 3_600 * sec, at: 0)
        #expect(rig.flags(h) == [.shelved])

        var policy = LifecyclePolicy()
        policy.maxShelve = 60 * sec
        var short = Rig(model([tag("T", limits: [limit(.H, 80)])], policy: policy))
        #expect(throws: OperatorRefusal.self) { _ = try shelve(&short, h, until: 60 * sec + 1, at: 0) }
        _ = try shelve(&short, h, until: 60 * sec, at: 0)
        #expect(short.flags(h) == [.shelved])
    }

    @Test("an operator unshelve ends it; the old expiry then does nothing")
    func operatorUnshelve() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]), clock: .external)
        let h = rig.alarm(0, .H)
        _ = try shelve(&rig, h, until: 60 * sec, at: 0)
        let events = try rig.act { (e, log) throws(OperatorRefusal) in
            try e.unshelve(alarm: h, at: 5 * sec, into: &log)
        }
        #expect(events.map(Ev.init) == [Ev(h, .unshelve, 5 * sec, .normal)])
        #expect(rig.advance(to: 100 * sec) == [])
        do {
            _ = try rig.act { (e, log) throws(OperatorRefusal) in try e.unshelve(alarm: h, at: 6 * sec, into: &log) }
            Issue.record("unshelve of an alarm that is not shelved was accepted")
        } catch {
            #expect(error.lifecycleRefusal == .notShelved)
        }
    }

    @Test("shelving again moves the expiry")
    func reshelve() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80)]), clock: .external)
        let h = rig.alarm(0, .H)
        _ = try shelve(&rig, h, until: 60 * sec, at: 0)
        let second = try shelve(&rig, h, until: 120 * sec, at: 10 * sec)
        #expect(second.map(Ev.init) == [Ev(h, .shelve, 10 * sec, .normal)])
        #expect(second.first?.shelvedUntil == 120 * sec)
        #expect(rig.advance(to: 119 * sec) == [])
        #expect(rig.advance(to: 200 * sec) == [Ev(h, .unshelve, 120 * sec, .normal)])
    }

    // MARK: - Suppression by design and out of service

    /// Tag 0 on hazard source 0 (BAD, STALE, H), tag 1 on hazard source 1 (BAD, H), and a vote of
    /// both on hazard source 0.
    private func plant(maintenance: Set<Int> = [], outOfService: Bool = false) -> Rig {
        let tags = [
            tag("T0", hazardSource: 0, limits: [limit(.H, 80)], stale: 60 * minute, outOfService: outOfService),
            tag("T1", hazardSource: 1, limits: [limit(.H, 80)]),
        ]
        let vote = VoteSpec(id: "V", enterprise: 0, hazardSource: 0, members: [0, 1], condition: .H, k: 2)
        return Rig(model(tags, votes: [vote], maintenance: maintenance))
    }

    @Test("maintenance suppresses the hazard source's alarms (votes included) with events")
    func maintenance() throws {
        var rig = plant()
        let (bad0, stale0, h0, h1) = (rig.alarm(0, .BAD), rig.alarm(0, .STALE), rig.alarm(0, .H), rig.alarm(1, .H))
        let vote = rig.engine.alarm(ofVote: 0)
        var changed = 0
        let on = try rig.act { (e, log) throws(OperatorRefusal) in
            changed = try e.setMaintenance(hazardSource: 0, true, at: 5 * sec, into: &log)
        }
        #expect(changed == 4)
        #expect(on.map(Ev.init) == [bad0, stale0, h0, vote].map { Ev($0, .suppress, 5 * sec, .normal) })
        #expect(on.allSatisfy { $0.flags == [.suppressed] })

        let activation = rig.send(0, 10 * sec, 90).events
        #expect(activation.map(Ev.init) == [.act(h0, 10 * sec)])
        #expect(activation.first?.flags == [.suppressed])
        // A suppressed member "triggers nothing" (SPEC §5): it does not count towards the vote.
        let other = rig.send(1, 11 * sec, 90).events
        #expect(other.map(Ev.init) == [.act(h1, 11 * sec)])
        #expect(other.map(\.flags) == [[.annunciated]])

        let again = try rig.act { (e, log) throws(OperatorRefusal) in
            changed = try e.setMaintenance(hazardSource: 0, true, at: 12 * sec, into: &log)
        }
        #expect(changed == 0)
        #expect(again.isEmpty)

        let off = try rig.act { (e, log) throws(OperatorRefusal) in
            changed = try e.setMaintenance(hazardSource: 0, false, at: 20 * sec, into: &log)
        }
        #expect(changed == 4)
        // Back in consideration, the still-active member completes the vote, which activates while
        // its own suppression is being lifted in the same action.
        #expect(
            off.map(Ev.init) == [
                Ev(bad0, .unsuppress, 20 * sec, .normal), Ev(stale0, .unsuppress, 20 * sec, .normal),
                Ev(h0, .unsuppress, 20 * sec, .unack), .act(vote, 20 * sec), Ev(vote, .unsuppress, 20 * sec, .unack),
            ])
        #expect(off.map(\.flags) == [[], [], [], [.suppressed], []])
        rig.feed(0, 21 * sec, 10)
        let next = rig.send(0, 22 * sec, 90).events
        #expect(next.map(Ev.init) == [.act(h0, 22 * sec), .act(vote, 22 * sec)])
        #expect(next.map(\.flags) == [[.annunciated], [.annunciated]])
    }

    @Test("maintenance of an unknown hazard source is refused")
    func unknownHazardSource() {
        var rig = plant()
        #expect(throws: OperatorRefusal.self) {
            _ = try rig.act { (e, log) throws(OperatorRefusal) in
                try e.setMaintenance(hazardSource: 2, true, at: 0, into: &log)
            }
        }
        #expect(throws: OperatorRefusal.self) {
            _ = try rig.act { (e, log) throws(OperatorRefusal) in
                try e.setOutOfService(tag: 2, true, at: 0, into: &log)
            }
        }
        #expect(rig.log.isEmpty)
    }

    @Test("out of service: every alarm of the tag reports it; activations are not annunciated")
    func outOfService() throws {
        var rig = plant()
        let (bad0, stale0, h0) = (rig.alarm(0, .BAD), rig.alarm(0, .STALE), rig.alarm(0, .H))
        var changed = 0
        let on = try rig.act { (e, log) throws(OperatorRefusal) in
            changed = try e.setOutOfService(tag: 0, true, at: 5 * sec, into: &log)
        }
        #expect(changed == 3)
        #expect(on.map(Ev.init) == [bad0, stale0, h0].map { Ev($0, .outOfService, 5 * sec, .normal) })
        #expect(on.allSatisfy { $0.flags == [.outOfService] })

        let activation = rig.send(0, 10 * sec, 90).events
        #expect(activation.map(Ev.init) == [.act(h0, 10 * sec)])
        #expect(activation.first?.flags == [.outOfService])

        let off = try rig.act { (e, log) throws(OperatorRefusal) in
            changed = try e.setOutOfService(tag: 0, false, at: 20 * sec, into: &log)
        }
        #expect(changed == 3)
        #expect(
            off.map(Ev.init) == [
                Ev(bad0, .returnToService, 20 * sec, .normal), Ev(stale0, .returnToService, 20 * sec, .normal),
                Ev(h0, .returnToService, 20 * sec, .unack),
            ])
        rig.feed(0, 21 * sec, 10)
        #expect(rig.send(0, 22 * sec, 90).events.first?.flags == [.annunciated])
    }

    @Test("catalog-declared maintenance and out of service are initial state, without events")
    func declaredOverlays() {
        var rig = plant(maintenance: [0], outOfService: true)
        let (h0, h1) = (rig.alarm(0, .H), rig.alarm(1, .H))
        let vote = rig.engine.alarm(ofVote: 0)
        #expect(rig.log.isEmpty)
        #expect(rig.flags(h0) == [.suppressed, .outOfService])
        #expect(rig.flags(rig.alarm(0, .BAD)) == [.suppressed, .outOfService])
        #expect(rig.flags(vote) == [.suppressed])
        #expect(rig.flags(h1) == [])
        let events = rig.send(0, 0, 90).events + rig.send(1, 1, 90).events
        // The hidden member does not count towards the vote.
        #expect(events.map(Ev.init) == [.act(h0, 0), .act(h1, 1)])
        #expect(events.map(\.flags) == [[.suppressed, .outOfService], [.annunciated]])
    }

    @Test("AlarmLifecycle overlays hide it; setOverlay reports whether anything changed")
    func overlayValue() {
        var lifecycle = AlarmLifecycle()
        #expect(lifecycle.isAnnunciable)
        for overlay in [AlarmFlags.shelved, .suppressed, .outOfService, .chattering] {
            var l = lifecycle
            let set = l.setOverlay(overlay, true)
            let setAgain = l.setOverlay(overlay, true)
            #expect(set && !setAgain)
            #expect(!l.isAnnunciable)
            let activation = l.activate(at: 0, policy: LifecyclePolicy())
            #expect(!activation.annunciated)
            #expect(l.state == .unack)
            let cleared = l.setOverlay(overlay, false)
            let clearedAgain = l.setOverlay(overlay, false)
            #expect(cleared && !clearedAgain)
            #expect(l.isAnnunciable)
        }
        let unchanged = lifecycle.setOverlay(.suppressed, false)
        #expect(!unchanged)
        #expect(lifecycle == AlarmLifecycle())
    }
}
