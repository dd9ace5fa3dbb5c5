import HazmonCore
import Testing

/// How a stream drives the engine's clock.
enum ClockDrive: CaseIterable, CustomStringConvertible {
    /// Event time: samples move the watermark.
    case eventTime
    /// External clock moved only by the stream's own `advance` operations.
    case external
    /// External clock moved to each sample's time before the sample, as a live service does.
    case externalEverySample

    var mode: AlarmEngine.ClockMode { self == .eventTime ? .eventTime : .external }

    var description: String {
        switch self {
        case .eventTime: "event time"
        case .external: "external clock"
        case .externalEverySample: "external clock advanced per sample"
        }
    }

    /// Applies one operation as this drive does.
    func apply(_ op: Op, to engine: inout AlarmEngine, into events: inout [AlarmEvent]) {
        if self == .externalEverySample, case .sample(let s) = op { engine.advance(to: s.ts, into: &events) }
        engine.apply(op, into: &events)
    }
}

/// The central property: a snapshot taken anywhere, encoded, decoded and restored into a fresh
/// engine from the same model continues exactly as the engine that was never interrupted.
@Suite("Snapshot and restore over random streams")
struct SnapshotPropertyTests {
    static let batches = Array(0..<8)
    static let streamsPerBatch = 30

    @Test("interrupting a stream with snapshot → encode → decode → restore changes no event",
          arguments: ClockDrive.allCases, batches)
    func continuation(_ drive: ClockDrive, _ batch: Int) throws {
        for i in 0..<Self.streamsPerBatch {
            let seed = UInt64(10_000 + batch * Self.streamsPerBatch + i)
            let scenario = makeScenario(seed: seed)
            var straight = AlarmEngine(model: scenario.model, clockMode: drive.mode)
            var expected: [AlarmEvent] = []
            for op in scenario.ops { drive.apply(op, to: &straight, into: &expected) }

            // Two interruptions at random points (one may fall at the very start or end).
            var r = SplitMix64(seed: ~seed)
            let cuts = [r.int(0...scenario.ops.count), r.int(0...scenario.ops.count)].sorted()
            var engine = AlarmEngine(model: scenario.model, clockMode: drive.mode)
            var events: [AlarmEvent] = []
            var done = 0
            for cut in cuts {
                for op in scenario.ops[done..<cut] { drive.apply(op, to: &engine, into: &events) }
                done = cut
                let bytes = engine.snapshot().encoded()
                let decoded = try EngineSnapshot(decoding: bytes)
                #expect(decoded.encoded() == bytes, "seed \(seed): re-encoding the decoded snapshot differs")
                var restored = AlarmEngine(model: scenario.model, clockMode: drive.mode)
                let report = restored.restore(decoded)
                #expect(report.carried == engine.alarmCount && report.reset == 0 && report.added == 0
                        && report.removed.isEmpty, "seed \(seed): \(report)")
                #expect(restored.snapshot().encoded() == bytes, "seed \(seed): restored engine's snapshot differs")
                engine = restored
            }
            for op in scenario.ops[done...] { drive.apply(op, to: &engine, into: &events) }
            // A final clock move fires whatever timers are left, restored ones included.
            let end = (scenario.samples.map(\.ts).max() ?? 0) + 3_600_000
            straight.advance(to: end, into: &expected)
            engine.advance(to: end, into: &events)
            expectSame(expected, events, "seed \(seed), \(drive), cut at \(cuts)")
            #expect(engine.nextSeq == straight.nextSeq, "seed \(seed)")
        }
    }
}
