import HazmonCore
import Testing

private let t0: Millis = 1_763_798_400_000

/// Restores `engine`'s snapshot (through the binary form) into a fresh engine of `model`.
private func transfer(_ engine: AlarmEngine, to model: EngineModel) throws -> (AlarmEngine, StateTransferReport) {
    var next = AlarmEngine(model: model, clockMode: engine.clockMode)
    let report = next.restore(try EngineSnapshot(decoding: engine.snapshot().encoded()))
    return (next, report)
}

private func ids(_ removed: [StateTransferReport.RemovedAlarm]) -> [String] {
    removed.map(\.identity.description).sorted()
}

/// Feeds one sample straight into an engine; returns the events it caused.
private func feed(_ engine: inout AlarmEngine, _ tag: Int, _ ts: Millis, _ value: Double) -> [Ev] {
    var events: [AlarmEvent] = []
    _ = engine.process(Sample(tag: Int32(tag), ts: ts, value: value), into: &events)
    return events.map(Ev.init)
}

@Suite("Restore into a changed catalog, hot reload, journal overlay")
struct StateTransferTests {
    /// T0: H 80; T1: H 50 and L 10. Both H active at t0.
    private func running() -> Rig {
        var rig = Rig(model([tag("T0", limits: [limit(.H, 80)]), tag("T1", limits: [limit(.H, 50), limit(.L, 10)])]))
        rig.feed(0, t0, 85)
        rig.feed(1, t0, 60)
        return rig
    }

    @Test("identity strings are the event ids {enterprise}/{tag or vote}/{condition}")
    func identityStrings() {
        let m = model([tag("T0", limits: [limit(.H, 80)]), tag("T1", limits: [limit(.H, 80)])],
                      votes: [VoteSpec(id: "V", enterprise: 0, hazardSource: 0, members: [0, 1], condition: .H, k: 2)])
        let engine = AlarmEngine(model: m)
        #expect(engine.identity(ofAlarm: engine.alarm(tag: 1, condition: .H)!).description == "E0/T1/H")
        #expect(engine.identity(ofAlarm: engine.alarm(ofVote: 0)).description == "E0/V/VOTE")
        let map = engine.alarmIndexesByIdentity()
        #expect(map.count == engine.alarmCount)
        #expect(map[AlarmIdentity(enterprise: "E0", subject: "T0", condition: .BAD)] == engine.alarm(tag: 0, condition: .BAD))
    }

    @Test("a changed limit keeps the active lifecycle and applies the new limit from the next sample")
    func limitChanged() throws {
        let rig = running()
        let changed = model([tag("T0", limits: [limit(.H, 90)]), tag("T1", limits: [limit(.H, 50), limit(.L, 10)])])
        var (engine, report) = try transfer(rig.engine, to: changed)
        #expect(report.carried == 4 && report.reset == 1 && report.added == 0 && report.removed.isEmpty)
        let h = engine.alarm(tag: 0, condition: .H)!
        #expect(engine.lifecycle(h).state == .unack)
        #expect(engine.nextSeq == rig.engine.nextSeq && engine.watermark == t0)
        // 85 holds H 80 active, but is below the new 90: the alarm returns.
        #expect(feed(&engine, 0, t0 + sec, 85) == [Ev(h, .return, t0 + sec, .rtnUnack)])
    }

    @Test("a tag added to the catalog starts fresh; its STALE counts from the snapshot's watermark")
    func tagAdded() throws {
        let rig = running()
        let grown = model([tag("T0", limits: [limit(.H, 80)]), tag("T1", limits: [limit(.H, 50), limit(.L, 10)]),
                           tag("T2", stale: 10 * sec)])
        var (engine, report) = try transfer(rig.engine, to: grown)
        #expect(report.carried == 5 && report.reset == 0 && report.added == 2 && report.removed.isEmpty)
        var events: [AlarmEvent] = []
        engine.advance(to: t0 + 10 * sec - 1, into: &events)
        #expect(events.isEmpty)
        engine.advance(to: t0 + 10 * sec, into: &events)
        #expect(events.map(Ev.init) == [.act(engine.alarm(tag: 2, condition: .STALE)!, t0 + 10 * sec)])
        #expect(events.first?.seq == rig.engine.nextSeq)
    }

    @Test("a tag removed from the catalog is reported with every alarm's last lifecycle")
    func tagRemoved() throws {
        let rig = running()
        let (engine, report) = try transfer(rig.engine, to: model([tag("T0", limits: [limit(.H, 80)])]))
        #expect(report.carried == 2 && report.reset == 0 && report.added == 0)
        #expect(ids(report.removed) == ["E0/T1/BAD", "E0/T1/H", "E0/T1/L"])
        #expect(report.removed.first { $0.identity.condition == .H }?.lifecycle.state == .unack)
        #expect(engine.lifecycle(engine.alarm(tag: 0, condition: .H)!).state == .unack)
    }

    @Test("a rule removed from a tag is reported; the tag keeps its other alarms and its history")
    func ruleRemoved() throws {
        var rig = Rig(model([tag("T0", limits: [limit(.H, 80), limit(.L, 20)],
                                 window: WindowRule(function: .mean, over: 30 * sec, limit: 50, isHigh: true,
                                                    timing: timing()))]))
        rig.feed(0, [(t0, 85), (t0 + sec, 85)])
        let window = rig.alarm(0, .WINDOW)
        #expect(rig.state(window) == .unack)
        let smaller = model([tag("T0", limits: [limit(.L, 20)],
                                 window: WindowRule(function: .mean, over: 30 * sec, limit: 50, isHigh: true,
                                                    timing: timing()))])
        var (engine, report) = try transfer(rig.engine, to: smaller)
        #expect(report.carried == 3 && report.reset == 0 && report.added == 0)
        #expect(ids(report.removed) == ["E0/T0/H"])
        #expect(engine.lastValue(ofTag: 0) == 85)
        // Mean of 85, 85, 25 is 65: still over 50 with the history, would return without it.
        #expect(feed(&engine, 0, t0 + 2 * sec, 25).isEmpty)
        #expect(engine.lifecycle(engine.alarm(tag: 0, condition: .WINDOW)!).state == .unack)
    }

    @Test("reload writes clear for removed alarms that are not normal, old indexes, seq continuing")
    func reloadClears() {
        var rig = running()
        rig.feed(0, t0 + sec, 70)  // T0 H returns unacknowledged: rtn_unack, still not normal
        let old = rig.engine
        let oldT0H = rig.alarm(0, .H)
        let oldT1H = rig.alarm(1, .H)
        var events: [AlarmEvent] = []
        let (engine, report) = old.reloaded(with: model([tag("T0")]), at: t0 + 2 * sec, into: &events)
        #expect(ids(report.removed) == ["E0/T0/H", "E0/T1/BAD", "E0/T1/H", "E0/T1/L"])
        #expect(events.map(Ev.init) == [Ev(oldT0H, .clear, t0 + 2 * sec, .normal),
                                        Ev(oldT1H, .clear, t0 + 2 * sec, .normal)])
        #expect(events.map(\.seq) == [old.nextSeq, old.nextSeq + 1])
        #expect(events.map(\.value) == [70, 60])
        #expect(events.map(\.limit) == [80, 50])
        #expect(engine.nextSeq == old.nextSeq + 2)
        // Nothing removed that was active: no event, and seq untouched.
        var none: [AlarmEvent] = []
        let (same, _) = old.reloaded(with: model([tag("T0", limits: [limit(.H, 80)]), tag("T1", limits: [limit(.H, 50)])]),
                                     at: t0 + 2 * sec, into: &none)
        #expect(none.isEmpty && same.nextSeq == old.nextSeq)
    }

    /// An on-delay pending across the reload (since t0): an unchanged rule finishes it on time; a
    /// changed one restarts it at the first sample after the reload (t0 + 5 s).
    static let onDelayCases: [(limit: Double, activatesAt: Millis)] = [(80, t0 + 10_000), (79, t0 + 15_000)]

    @Test("a pending on-delay survives reload only when the rule is unchanged", arguments: onDelayCases)
    func pendingOnDelay(_ newLimit: Double, _ activatesAt: Millis) {
        var rig = Rig(tag("T0", limits: [limit(.H, 80, on: 10 * sec)]))
        #expect(rig.feed(0, t0, 85).isEmpty)
        var events: [AlarmEvent] = []
        var (engine, _) = rig.engine.reloaded(
            with: model([tag("T0", limits: [limit(.H, newLimit, on: 10 * sec)]), tag("T1")]), at: t0 + 5 * sec,
            into: &events)
        #expect(events.isEmpty)
        let h = engine.alarm(tag: 0, condition: .H)!
        var seen: [Ev] = []
        for step: Millis in 1...4 {
            let caused: [Ev] = feed(&engine, 0, t0 + step * 5_000, 85)
            seen.append(contentsOf: caused)
        }
        #expect(seen == [.act(h, activatesAt)])
    }

    @Test("window contents survive reload: the mean after it still counts the samples before")
    func windowAcrossReload() {
        let window = WindowRule(function: .mean, over: 30 * sec, limit: 50, isHigh: true, timing: timing())
        var rig = Rig(tag("T0", window: window))
        rig.feed(0, [(t0, 40), (t0 + sec, 40), (t0 + 2 * sec, 40)])
        var events: [AlarmEvent] = []
        var (engine, report) = rig.engine.reloaded(with: model([tag("T0", window: window), tag("T1")]),
                                                   at: t0 + 2 * sec, into: &events)
        #expect(report.carried == 2 && report.added == 1)
        let w = engine.alarm(tag: 0, condition: .WINDOW)!
        #expect(feed(&engine, 0, t0 + 3 * sec, 70).isEmpty)  // mean 47.5 (70 alone would alarm)
        #expect(feed(&engine, 0, t0 + 4 * sec, 70) == [.act(w, t0 + 4 * sec)])  // mean 52
    }

    @Test("a catalog change of out_of_service is applied with events by applyOverlayChanges")
    func overlayChanges() {
        let rig = running()
        let oldModel = rig.engine.model
        var events: [AlarmEvent] = []
        let newModel = model([tag("T0", limits: [limit(.H, 80)], outOfService: true),
                              tag("T1", limits: [limit(.H, 50), limit(.L, 10)])])
        var (engine, _) = rig.engine.reloaded(with: newModel, at: t0 + sec, into: &events)
        #expect(engine.applyOverlayChanges(from: oldModel, at: t0 + sec, into: &events) == 2)
        #expect(events.map(\.transition) == [.outOfService, .outOfService])
        #expect(events.map(\.seq) == [rig.engine.nextSeq, rig.engine.nextSeq + 1])
        #expect(engine.applyOverlayChanges(from: newModel, at: t0 + sec, into: &events) == 0)
    }

    @Test("a journal lifecycle overlaid after restore re-arms its shelve expiry and tracking")
    func journalShelve() throws {
        let rig = running()
        var (engine, _) = try transfer(rig.engine, to: rig.engine.model)
        let h = engine.alarm(tag: 0, condition: .H)!
        // The journal says: after the checkpoint, the alarm returned, was acked… and is shelved.
        let journal = AlarmLifecycle(state: .normal, flags: [.shelved], activatedAt: t0, returnedAt: t0 + sec,
                                     shelvedUntil: t0 + minute)
        try engine.setLifecycle(journal, ofAlarm: h)
        let overlaid = engine.lifecycle(h)
        #expect(overlaid.state == .normal && overlaid.flags == [.shelved] && overlaid.shelvedUntil == t0 + minute)
        #expect(overlaid.activatedAt == t0 && overlaid.returnedAt == t0 + sec)
        var events: [AlarmEvent] = []
        engine.advance(to: t0 + minute, into: &events)
        #expect(events.map(Ev.init) == [Ev(h, .unshelve, t0 + minute, .normal)])
        // Tracking follows the journal's normal state: 85 activates again.
        #expect(feed(&engine, 0, t0 + minute + 1, 85) == [.act(h, t0 + minute + 1)])
        #expect(throws: OperatorRefusal.self) { try engine.setLifecycle(journal, ofAlarm: engine.alarmCount) }
    }

    @Test("journal lifecycles of vote members are counted towards the vote")
    func journalVote() throws {
        let m = model([tag("T0", limits: [limit(.H, 80)]), tag("T1", limits: [limit(.H, 80)]),
                       tag("T2", limits: [limit(.H, 80)])],
                      votes: [VoteSpec(id: "V", enterprise: 0, hazardSource: 0, members: [0, 1, 2], condition: .H, k: 2)])
        var engine = AlarmEngine(model: m)
        engine.restore(AlarmEngine(model: m).snapshot())
        let active = AlarmLifecycle(state: .unack, flags: [], activatedAt: t0, returnedAt: AlarmEvent.never,
                                    shelvedUntil: AlarmEvent.never)
        try engine.setLifecycle(active, ofAlarm: engine.alarm(tag: 0, condition: .H)!)
        // T0 counts already (journal): T1 going active makes 2 of 3 and the vote activates.
        let vote = engine.alarm(ofVote: 0)
        #expect(feed(&engine, 1, t0 + sec, 85) == [.act(engine.alarm(tag: 1, condition: .H)!, t0 + sec),
                                                   .act(vote, t0 + sec)])
        // T0 returns: 1 of 3, the vote returns with it.
        let t0h = engine.alarm(tag: 0, condition: .H)!
        #expect(feed(&engine, 0, t0 + 2 * sec, 70) == [Ev(t0h, .return, t0 + 2 * sec, .rtnUnack),
                                                       Ev(vote, .return, t0 + 2 * sec, .rtnUnack)])
    }
}
