import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonRisk
import HazmonService
import HazmonStore
import Testing

/// `EngineLoop`'s hot reload in-process: a `MessageQueue` in, a recording `MessageSink` out, a
/// SQLite store in a temporary folder, a fixed clock. No broker.
@Suite("EngineLoop reload")
struct EngineLoopReloadTests {
    static let t0: Millis = 1_790_000_000_000

    /// Three pressure tags with `HH` 10; `hh2` and `keepT3` vary it per version of the catalog.
    static func catalog(hh2: Double = 10, keepT3: Bool = true) -> String {
        func tag(_ id: String, hh: Double) -> String {
            """
                  - id: \(id)
                    kind: pressure
                    unit: MPa
                    range: [0, 100]
                    limits: { HH: { value: \(hh), deadband: 1, on_delay: 0s } }

            """
        }
        return """
            enterprise:
              id: E1
            hazard_sources:
              - id: HS1
                tags:

            """ + tag("T1", hh: 10) + tag("T2", hh: hh2) + (keepT3 ? tag("T3", hh: 10) : "")
    }

    final class RecordingSink: MessageSink, @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [(topic: String, payload: String, retain: Bool)] = []

        func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) throws {
            lock.withLock { recorded.append((topic, String(decoding: payload, as: UTF8.self), retain)) }
        }

        var messages: [(topic: String, payload: String, retain: Bool)] { lock.withLock { recorded } }

        func events(_ tag: String) -> [AlarmEventJSON] {
            messages.filter { $0.topic == "hazmon/events/E1/\(tag)" }.compactMap { AlarmEventJSON(Array($0.payload.utf8)) }
        }
    }

    struct Harness {
        let directory: URL
        let loop: EngineLoop
        let queue: MessageQueue
        let sink: RecordingSink
        let output: DurableOutput
        let thread: Thread
        let done = DispatchSemaphore(value: 0)

        init(catalog: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-reload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let loaded = try EngineLoopReloadTests.load(catalog, into: directory)
            let store = try HazmonStore.open(path: directory.appendingPathComponent("hazmon.db").path)
            sink = RecordingSink()
            output = DurableOutput(store: store, sink: sink, view: LiveView(), log: { _ in })
            queue = MessageQueue()
            let engine = AlarmEngine(model: loaded.model, clockMode: .external)
            let supervisor = Supervisor(
                inspections: InspectionPolicy(settings: loaded.config.inspections, model: loaded.model),
                risk: RiskTracker(engine: engine, settings: loaded.config.risk, start: EngineLoopReloadTests.t0))
            loop = EngineLoop(engine: engine, supervisor: supervisor, decoder: .init(), queue: queue, output: output,
                              now: { EngineLoopReloadTests.t0 + 1_000 })
            thread = Thread { [loop, done] in
                loop.run()
                done.signal()
            }
            thread.start()
        }

        func sample(_ tag: String, at offset: Millis, _ value: Double) {
            let payload = #"{"ts": \#(EngineLoopReloadTests.t0 + offset), "v": \#(value)}"#
            _ = queue.push(MQTTMessage(topic: "hz/E1/\(tag)", payload: Array(payload.utf8), qos: .atLeastOnce,
                                       retain: false, receivedAt: EngineLoopReloadTests.t0 + 1_000))
        }

        func reload(_ catalog: String) throws -> ReloadOutcome {
            let loaded = try EngineLoopReloadTests.load(catalog, into: directory)
            let box = OutcomeBox()
            let applied = DispatchSemaphore(value: 0)
            loop.reloads.submit(ReloadRequest(model: loaded.model, inspections: loaded.config.inspections,
                                              risk: loaded.config.risk)) { outcome in
                box.set(outcome)
                applied.signal()
            }
            guard applied.wait(timeout: .now() + 20) == .success, let outcome = box.get() else {
                throw HarnessFailure("the engine did not apply the reload")
            }
            output.flush()
            return outcome
        }

        func stop() {
            queue.close()
            done.wait()
            output.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var outcome: ReloadOutcome?
        func set(_ value: ReloadOutcome) { lock.withLock { outcome = value } }
        func get() -> ReloadOutcome? { lock.withLock { outcome } }
    }

    static func load(_ text: String, into directory: URL) throws -> LoadedCatalog {
        let file = directory.appendingPathComponent("E1.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try CatalogLoader.load(sensors: file.path, config: nil)
    }

    @Test("unchanged alarms stay, a changed limit applies at the next sample, a removed tag's alarm is cleared")
    func reloadKeepsChangesAndClears() throws {
        let h = try Harness(catalog: Self.catalog())
        defer { h.stop() }
        h.sample("T1", at: 0, 12)
        h.sample("T2", at: 0, 7)
        h.sample("T3", at: 0, 12)
        #expect(eventually { h.sink.events("T1").count == 1 && h.sink.events("T3").count == 1 })
        #expect(h.sink.events("T2").isEmpty)

        let outcome = try h.reload(Self.catalog(hh2: 5, keepT3: false))
        #expect(outcome.reset == 1)  // T2/HH
        #expect(outcome.added == 0)
        #expect(outcome.removed >= 1)  // T3's alarms (HH and the kind's defaults)
        #expect(outcome.cleared == 1)  // only T3/HH was not normal
        #expect(outcome.carried >= 1)
        #expect(h.loop.reloads.statistics.applied == 1)
        #expect(h.loop.currentRenderer.model.tags.map(\.id) == ["T1", "T2"])

        // The removed alarm: a `clear`, rendered with the old catalog's names, and its retained state emptied.
        let clear = try #require(h.sink.events("T3").last)
        #expect(clear.transition == "clear")
        #expect(clear.state == "normal")
        #expect(clear.string("id") == "E1/T3/HH")
        let retained = h.sink.messages.filter { $0.topic == "hazmon/alarms/E1/T3/HH" }
        #expect(retained.last?.payload == "")
        #expect(retained.last?.retain == true)
        #expect(h.output.view.alarm("E1/T3/HH") == nil)
        #expect(h.output.view.alarm("E1/T1/HH")?.state == .unack)

        // After the reload: T1 unchanged and still active (no second activate), T2 fires at its new limit.
        h.sample("T1", at: 10, 12.5)
        h.sample("T2", at: 10, 7)
        #expect(eventually { !h.sink.events("T2").isEmpty })
        let t2 = try #require(h.sink.events("T2").first)
        #expect(t2.transition == "activate")
        #expect(t2.number("limit") == 5)
        h.output.flush()
        #expect(h.sink.events("T1").count { $0.transition == "activate" } == 1)
        // The T1 ring kept its sample from before the reload.
        #expect(h.loop.recent.points(ofTag: 0).map(\.value) == [12, 12.5])
        // Sequence numbers continue across the reload.
        let seqs = (h.sink.events("T1") + h.sink.events("T2") + h.sink.events("T3")).compactMap { $0.number("seq") }
        #expect(Set(seqs).count == seqs.count)
    }

    @Test("a removed normal alarm goes silently; unchanged catalog reloads carry everything")
    func reloadWithoutChanges() throws {
        let h = try Harness(catalog: Self.catalog())
        defer { h.stop() }
        h.sample("T1", at: 0, 12)
        #expect(eventually { h.sink.events("T1").count == 1 })
        let same = try h.reload(Self.catalog())
        #expect(same.reset == 0 && same.added == 0 && same.removed == 0 && same.cleared == 0)
        let dropped = try h.reload(Self.catalog(keepT3: false))
        #expect(dropped.removed >= 1)
        #expect(dropped.cleared == 0)
        #expect(h.sink.events("T3").isEmpty)
        #expect(h.loop.reloads.statistics.applied == 2)
        h.sample("T1", at: 10, 5)
        #expect(eventually { h.sink.events("T1").contains { $0.transition == "return" } })
    }
}
