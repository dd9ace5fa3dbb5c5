import HazmonCore
import Testing

/// An event with its alarm named by identity, so streams of engines with different dense
/// indexes compare (flood events by their enterprise).
private struct NamedEvent: Equatable, CustomStringConvertible {
    var who: String
    var fingerprint: Fingerprint

    init(_ event: AlarmEvent, _ engine: AlarmEngine) {
        who = event.alarm >= 0 ? engine.identity(ofAlarm: Int(event.alarm)).description
            : "flood/\(engine.model.enterprises[Int(event.enterprise)].id)"
        var e = event
        e.alarm = 0
        e.enterprise = 0
        fingerprint = Fingerprint(e)
    }

    var description: String { "\(who) \(fingerprint)" }
}

/// The scenario's model with one more tag, in a hazard source of its own, that no sample names.
private func grown(_ m: EngineModel) -> EngineModel {
    var m = m
    m.hazardSources.append(HazardSourceSpec(id: "HS-NEW", enterprise: 0))
    m.tags.append(tag("NEW", hazardSource: m.hazardSources.count - 1, limits: [limit(.H, 50)]))
    return m
}

@Suite("Hot reload over random streams")
struct ReloadPropertyTests {
    /// Reloading mid-stream into the same catalog, or one with an unrelated tag added (which
    /// shifts the vote alarms' indexes), changes no event of the stream, writes no `clear`, and
    /// carries every alarm.
    @Test("reload into the same or a grown catalog changes nothing for the rest",
          arguments: [false, true], Array(0..<4))
    func reloadChangesNothing(_ grow: Bool, _ batch: Int) {
        for i in 0..<30 {
            let seed = UInt64(50_000 + batch * 30 + i)
            let scenario = makeScenario(seed: seed)
            var straight = AlarmEngine(model: scenario.model, clockMode: .external)
            var expected: [AlarmEvent] = []
            for op in scenario.ops { ClockDrive.externalEverySample.apply(op, to: &straight, into: &expected) }
            let want = expected.map { NamedEvent($0, straight) }

            var r = SplitMix64(seed: ~seed)
            let cut = r.int(0...scenario.ops.count)
            var engine = AlarmEngine(model: scenario.model, clockMode: .external)
            var before: [AlarmEvent] = []
            for op in scenario.ops[..<cut] { ClockDrive.externalEverySample.apply(op, to: &engine, into: &before) }
            var got = before.map { NamedEvent($0, engine) }
            var reloadEvents: [AlarmEvent] = []
            let newModel = grow ? grown(scenario.model) : scenario.model
            let ts = engine.watermark == .min ? 0 : engine.watermark
            let (next, report) = engine.reloaded(with: newModel, at: ts, into: &reloadEvents)
            #expect(reloadEvents.isEmpty && report.removed.isEmpty && report.reset == 0, "seed \(seed)")
            #expect(report.carried == engine.alarmCount && report.added == (grow ? 2 : 0), "seed \(seed)")
            // Operator actions name alarms by index: translate them through identity.
            let newIndex = next.alarmIndexesByIdentity()
            func translated(_ a: Int) -> Int {
                a < engine.alarmCount ? newIndex[engine.identity(ofAlarm: a)]! : next.alarmCount
            }
            var reloaded = next
            var after: [AlarmEvent] = []
            for op in scenario.ops[cut...] {
                let mapped: Op =
                    switch op {
                    case .ack(let a, let at): .ack(alarm: translated(a), at: at)
                    case .shelve(let a, let until, let at): .shelve(alarm: translated(a), until: until, at: at)
                    case .unshelve(let a, let at): .unshelve(alarm: translated(a), at: at)
                    // The stream's "unknown tag" is the old tag count, which the grown catalog has.
                    case .sample(let s) where Int(s.tag) >= scenario.model.tags.count:
                        .sample(Sample(tag: .max, ts: s.ts, value: s.value, quality: s.quality))
                    default: op
                    }
                ClockDrive.externalEverySample.apply(mapped, to: &reloaded, into: &after)
            }
            got += after.map { NamedEvent($0, reloaded) }
            if got != want {
                let k = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
                Issue.record("""
                    seed \(seed), grow \(grow), cut \(cut): \(got.count) vs \(want.count) events, first difference \
                    at \(k): \(k < got.count ? got[k].description : "nothing") vs \
                    \(k < want.count ? want[k].description : "nothing")
                    """)
            }
        }
    }
}
