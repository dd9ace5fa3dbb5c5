import HazmonCore
import Testing

/// Compares two event arrays field by field (NaN equal to NaN) and reports the first difference.
func expectSame(_ a: [AlarmEvent], _ b: [AlarmEvent], _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
{
    let fa = a.map(Fingerprint.init)
    let fb = b.map(Fingerprint.init)
    guard fa != fb else { return }
    let i = (0..<min(fa.count, fb.count)).first { fa[$0] != fb[$0] } ?? min(fa.count, fb.count)
    let left = i < fa.count ? fa[i].description : "nothing"
    let right = i < fb.count ? fb[i].description : "nothing"
    Issue.record(
        "\(what): \(fa.count) vs \(fb.count) events, first difference at \(i): \(left) vs \(right)",
        sourceLocation: sourceLocation)
}

/// Random streams (seeded SplitMix64) through the engine; 8 batches of 40 streams per property.
@Suite("Properties over random streams")
struct PropertyTests {
    static let batches = Array(0..<8)
    static let streamsPerBatch = 40

    private func seeds(_ batch: Int) -> [UInt64] {
        (0..<Self.streamsPerBatch).map { UInt64(batch * Self.streamsPerBatch + $0) }
    }

    @Test("determinism: the same stream through two fresh engines gives identical events", arguments: batches)
    func determinism(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            expectSame(run(scenario), run(scenario), "seed \(seed)")
            expectSame(
                run(scenario, clock: .external), run(scenario, clock: .external), "seed \(seed), external clock")
        }
    }

    @Test("seq grows by exactly 1 across every event, from any starting value", arguments: batches)
    func seqContiguous(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            var engine = AlarmEngine(model: scenario.model)
            let first = seed * 1_000 + 1
            engine.nextSeq = first
            var events: [AlarmEvent] = []
            for op in scenario.ops { engine.apply(op, into: &events) }
            let expected = Array(first..<first + UInt64(events.count))
            if events.map(\.seq) != expected {
                Issue.record("seed \(seed): seq \(events.map(\.seq).prefix(20))… is not \(first)…")
            }
            #expect(engine.nextSeq == first + UInt64(events.count), "seed \(seed)")
        }
    }

    /// Drives an external-clock engine with an explicit `advance(to:)` before each sample that
    /// would move the event-time watermark: timer events then come from `advance`, and every event
    /// `process` writes must be stamped with its sample's ts. The whole must equal event time.
    @Test(
        "sample-driven events carry the sample's ts; timer events never lie ahead of the clock",
        arguments: batches)
    func stamps(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            var engine = AlarmEngine(model: scenario.model, clockMode: .external)
            var events: [AlarmEvent] = []
            var bad: [String] = []
            for op in scenario.ops {
                switch op {
                case .sample(let sample):
                    let known = sample.tag >= 0 && Int(sample.tag) < scenario.model.tags.count
                    if known && sample.ts > engine.watermark {
                        let start = events.count
                        engine.advance(to: sample.ts, into: &events)
                        for e in events[start...] where e.ts > sample.ts {
                            bad.append("timer event \(Fingerprint(e)) after the clock \(sample.ts)")
                        }
                    }
                    let start = events.count
                    _ = engine.process(sample, into: &events)
                    // The one exception: an activation stamped at or after a flood's pending end
                    // first closes that flood, stamped at the end it already had.
                    for e in events[start...]
                    where e.ts != sample.ts && !(e.transition == .floodEnd && e.ts <= sample.ts) {
                        bad.append("event \(Fingerprint(e)) caused by the sample at \(sample.ts)")
                    }
                case .advance(let now):
                    let start = events.count
                    engine.advance(to: now, into: &events)
                    for e in events[start...] where e.ts > now {
                        bad.append("timer event \(Fingerprint(e)) after the clock \(now)")
                    }
                case .ack(_, let ts), .shelve(_, _, let ts), .unshelve(_, let ts), .maintenance(_, _, let ts),
                    .outOfService(_, _, let ts):
                    let start = events.count
                    engine.apply(op, into: &events)
                    for e in events[start...] where e.ts != ts {
                        bad.append("operator event \(Fingerprint(e)) not stamped \(ts)")
                    }
                }
            }
            #expect(bad.isEmpty, "seed \(seed): \(bad.prefix(3))")
            expectSame(run(scenario), events, "seed \(seed): event time vs external clock advanced by hand")
        }
    }

    @Test(
        "activate and return alternate per alarm, and the last one matches the alarm's state",
        arguments: batches)
    func alternation(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            var engine = AlarmEngine(model: scenario.model)
            var events: [AlarmEvent] = []
            for op in scenario.ops { engine.apply(op, into: &events) }
            var lastEdge = [Transition?](repeating: nil, count: engine.alarmCount)
            for e in events where e.alarm >= 0 {
                let a = Int(e.alarm)
                switch e.transition {
                case .activate:
                    #expect(lastEdge[a] != .activate, "seed \(seed): two activations of alarm \(a), #\(e.seq)")
                    #expect(e.state == .unack, "seed \(seed): #\(e.seq)")
                    lastEdge[a] = .activate
                case .return:
                    #expect(lastEdge[a] == .activate, "seed \(seed): return without activation, alarm \(a) #\(e.seq)")
                    #expect(e.state == .normal || e.state == .rtnUnack, "seed \(seed): #\(e.seq)")
                    lastEdge[a] = .return
                default:
                    #expect(e.state.isActive == (lastEdge[a] == .activate), "seed \(seed): #\(e.seq)")
                }
            }
            for a in 0..<engine.alarmCount {
                #expect(engine.lifecycle(a).state.isActive == (lastEdge[a] == .activate), "seed \(seed) alarm \(a)")
            }
        }
    }

    /// For every absolute limit: a run of usable samples all clearing (`< limit - d` for a high
    /// limit) that lasted `off` leaves it inactive; a run all at or over the limit that lasted `on`
    /// leaves it active. Late, duplicate, bad-quality and non-finite samples are not part of runs.
    @Test("hysteresis and delays of absolute limits hold after any run of samples", arguments: batches)
    func limitRuns(_ batch: Int) {
        struct Watch {
            var alarm: Int
            var rule: LimitRule
            var clearingSince: Millis? = nil
            var holdingSince: Millis? = nil
        }
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            var engine = AlarmEngine(model: scenario.model)
            var watches: [[Watch]] = scenario.model.tags.indices.map { t in
                scenario.model.tags[t].limits.map {
                    Watch(alarm: engine.alarm(tag: t, condition: $0.condition)!, rule: $0)
                }
            }
            var events: [AlarmEvent] = []
            var checked = 0
            for op in scenario.ops {
                guard case .sample(let sample) = op else {
                    engine.apply(op, into: &events)
                    continue
                }
                let verdict = engine.process(sample, into: &events)
                guard verdict == .accepted, sample.value.isFinite, sample.quality != .bad else { continue }
                let t = Int(sample.tag)
                let (v, ts) = (sample.value, sample.ts)
                for i in watches[t].indices {
                    var w = watches[t][i]
                    let (limit, d) = (w.rule.value, w.rule.deadband)
                    let high = w.rule.condition.isHighLimit
                    let clears = high ? v < limit - d : v > limit + d
                    let holds = high ? v >= limit : v <= limit
                    w.clearingSince = clears ? (w.clearingSince ?? ts) : nil
                    w.holdingSince = holds ? (w.holdingSince ?? ts) : nil
                    let active = engine.lifecycle(w.alarm).state.isActive
                    if let since = w.clearingSince, ts - since >= w.rule.timing.offDelay {
                        checked += 1
                        #expect(
                            !active,
                            "seed \(seed): \(w.rule.condition) of tag \(t) active at \(ts), clearing since \(since)")
                    }
                    if let since = w.holdingSince, ts - since >= w.rule.timing.onDelay {
                        checked += 1
                        #expect(
                            active,
                            "seed \(seed): \(w.rule.condition) of tag \(t) normal at \(ts), holding since \(since)")
                    }
                    watches[t][i] = w
                }
            }
            #expect(checked > 0, "seed \(seed) checked nothing")
        }
    }

    @Test("splitting a stream into chunks with separate buffers changes nothing", arguments: batches)
    func chunks(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            let reference = run(scenario)
            var r = SplitMix64(seed: ~seed)
            var engine = AlarmEngine(model: scenario.model)
            var collected: [AlarmEvent] = []
            var i = 0
            while i < scenario.ops.count {
                let end = min(scenario.ops.count, i + r.int(1...40))
                // A buffer that already holds foreign events, or not; with or without spare capacity.
                var buffer = Array(reference.prefix(r.below(3)))
                buffer.reserveCapacity(r.pick([0, 1, 4_096]))
                let foreign = buffer.count
                for op in scenario.ops[i..<end] { engine.apply(op, into: &buffer) }
                collected += buffer[foreign...]
                i = end
            }
            expectSame(reference, collected, "seed \(seed)")
        }
    }

    @Test("a copy of an engine taken mid-stream continues exactly like the original", arguments: batches)
    func fork(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            let reference = run(scenario)
            var r = SplitMix64(seed: seed &+ 17)
            let cut = r.below(scenario.ops.count)
            var engine = AlarmEngine(model: scenario.model)
            var head: [AlarmEvent] = []
            for op in scenario.ops[..<cut] { engine.apply(op, into: &head) }
            var copy = engine
            var tailOriginal: [AlarmEvent] = []
            var tailCopy: [AlarmEvent] = []
            for op in scenario.ops[cut...] { engine.apply(op, into: &tailOriginal) }
            for op in scenario.ops[cut...] { copy.apply(op, into: &tailCopy) }
            expectSame(reference, head + tailOriginal, "seed \(seed), original")
            expectSame(reference, head + tailCopy, "seed \(seed), copy")
        }
    }

    @Test("external clock: advancing in many small steps equals one step", arguments: batches)
    func clockSteps(_ batch: Int) {
        for seed in seeds(batch) {
            let scenario = makeScenario(seed: seed)
            let reference = run(scenario, clock: .external)
            var r = SplitMix64(seed: seed ^ 0x5EED)
            var engine = AlarmEngine(model: scenario.model, clockMode: .external)
            var events: [AlarmEvent] = []
            for op in scenario.ops {
                // The first advance sets where never-heard tags count from: keep it whole.
                guard case .advance(let now) = op, engine.watermark != .min else {
                    engine.apply(op, into: &events)
                    continue
                }
                var cursor = engine.watermark
                while cursor < now {
                    cursor = min(now, cursor + Millis(r.int(1...30_000)))
                    engine.advance(to: cursor, into: &events)
                }
            }
            expectSame(reference, events, "seed \(seed)")
        }
    }

    @Test("the random streams exercise every rule and every transition")
    func coverage() {
        var conditions = Set<Condition>()
        var transitions = Set<Transition>()
        var flags = AlarmFlags()
        for seed in UInt64(0)..<UInt64(Self.batches.count * Self.streamsPerBatch) {
            let scenario = makeScenario(seed: seed)
            let engine = AlarmEngine(model: scenario.model)
            for e in run(scenario) {
                transitions.insert(e.transition)
                flags.formUnion(e.flags)
                if e.alarm >= 0, e.transition == .activate { conditions.insert(engine.rules[Int(e.alarm)].condition) }
            }
        }
        #expect(conditions == Set(Condition.allCases).subtracting([.FLOOD]))
        #expect(transitions == Set(Transition.allCases).subtracting([.clear]))
        #expect(flags == [.shelved, .suppressed, .outOfService, .chattering, .annunciated, .flood])
    }
}
