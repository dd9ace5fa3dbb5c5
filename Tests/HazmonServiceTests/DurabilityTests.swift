import Foundation
import HazmonIO
import HazmonMQTT
import Testing

/// SPEC §10: a `kill -9` at any moment loses no committed transition, redelivered samples create no
/// duplicate events, and the state is restored before new telemetry is processed.
///
/// The oracle is `hazmon replay` of the very same samples through the very same catalog: the live
/// service, killed mid-stream and restarted, must journal exactly the events replay computes, each
/// once, with `seq` unique and increasing across the restart, and every event it published on MQTT
/// must be in the journal, byte for byte.
@Suite("Durability: kill -9 and restart (real broker, real SQLite file)", .serialized)
struct DurabilityTests {
    /// Five level tags swinging through LL…HH, no delays, no STALE: every event follows from the
    /// samples alone, so replay (event time) and the live service (wall clock) must agree exactly.
    static let catalog = """
        enterprise: { id: "E-KILL", name: "Kill test", district: "000000", credit: normal, standardization: 2,
                      accidents_12m: 0, penalties_12m: 0 }
        hazard_sources:
          - id: "HS1"
            name: "tanks"
            grade: 3
            tags:
        \((0..<5).map { "      - { id: \"T\($0).LT\", kind: level, unit: \"%\", range: [0, 100], limits: { HH: 90, H: 80, L: 20, LL: 10 }, deadband: 1 }" }.joined(separator: "\n"))
        """

    /// Floods and chattering are clock-driven at their ends; switch them off so the comparison is exact.
    static let config = """
        lifecycle:
          chatter_activations: 1000
          flood_threshold: 1000000
        """

    struct Fixture {
        let directory: URL
        let sensors: URL
        let config: URL
        let database: URL
        /// `(tag, ts, value)` in publishing order.
        let samples: [(tag: String, ts: Int64, value: Double)]

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-kill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            sensors = directory.appendingPathComponent("sensors")
            try FileManager.default.createDirectory(at: sensors, withIntermediateDirectories: true)
            try DurabilityTests.catalog.write(to: sensors.appendingPathComponent("E-KILL.yaml"), atomically: true,
                                              encoding: .utf8)
            config = directory.appendingPathComponent("hazmon.yaml")
            try DurabilityTests.config.write(to: config, atomically: true, encoding: .utf8)
            database = directory.appendingPathComponent("var/hazmon.db")
            // 600 steps × 5 tags, 100 ms apart in event time, ending a minute before now (not in the future).
            let start = nowMillis() - 60_000 - 600 * 100
            var samples: [(String, Int64, Double)] = []
            for step in 0..<600 {
                for tag in 0..<5 {
                    let phase = Double(step) / 40 * 2 * Double.pi + Double(tag)
                    let value = ((50 + 48 * sin(phase)) * 100).rounded() / 100
                    samples.append(("T\(tag).LT", start + Int64(step) * 100, value))
                }
            }
            self.samples = samples
        }

        /// Events `hazmon replay` computes for the same samples: the oracle.
        func expectedEvents() throws -> [AlarmEventJSON] {
            let csv = directory.appendingPathComponent("samples.csv")
            let lines = ["ts,enterprise,tag,value"] + samples.map { "\($0.ts),E-KILL,\($0.tag),\($0.value)" }
            try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
            let events = directory.appendingPathComponent("oracle.jsonl")
            let status = try runHazmon(["replay", "--sensors", sensors.path, "--config", config.path, "--input",
                                        csv.path, "--events", events.path])
            guard status == 0 else { throw HarnessFailure("hazmon replay exited \(status)") }
            return try jsonLines(events)
        }

        /// The stored journal, exported with `hazmon journal`.
        func journal() throws -> [AlarmEventJSON] {
            let out = directory.appendingPathComponent("journal.jsonl")
            let status = try runHazmon(["journal", "--db", database.path, "--events", out.path])
            guard status == 0 else { throw HarnessFailure("hazmon journal exited \(status)") }
            return try jsonLines(out)
        }
    }

    /// What identifies an event regardless of `seq`: alarm, transition, time.
    static func key(_ event: AlarmEventJSON) -> String {
        "\(event.string("id") ?? "?") \(event.transition ?? "?") \(event.string("ts") ?? "?")"
    }

    @Test("kill -9 mid-stream, restart, gateway resends: journal = replay, each event once, seq increasing")
    func killAndRestart() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let expected = try fixture.expectedEvents().map(Self.key)
        #expect(expected.count > 100, "the oracle should hold many transitions, got \(expected.count)")

        let broker = try startBroker()
        defer { broker.stop() }
        let observer = try Observer(broker: broker, filters: ["hazmon/events/#"])
        defer { observer.stop() }
        let publisher = try TelemetryPublisher(broker: broker)

        // First life: publish the first 1 500 samples at ~1 000/s and kill -9 while they flow.
        let first = try HazmonProcess(broker: broker, clientID: unique("kill-a"), instance: unique("kill"),
                                      sensors: fixture.sensors.path, database: fixture.database,
                                      extra: ["--config", fixture.config.path])
        defer { first.kill() }
        try first.waitUntilRunning()
        try first.waitUntilSubscribed(broker)
        for (index, sample) in fixture.samples[0..<1500].enumerated() {
            try publisher.sample(sample.tag, ts: sample.ts, sample.value, enterprise: "E-KILL")
            if index % 50 == 49 { usleep(50_000) }
        }
        first.kill()
        #expect(first.wasSignalled)

        // Second life, as a gateway that reconnects and resends its last 500 samples (store and forward):
        // what the first life had evaluated must come out as duplicates, what it had only received must
        // be evaluated now. A new client id, so the broker's copy of the old session does not deliver
        // old samples behind the resent ones' back (that path has its own tests in LiveServiceTests).
        let second = try HazmonProcess(broker: broker, clientID: unique("kill-b"), instance: unique("kill"),
                                       sensors: fixture.sensors.path, database: fixture.database,
                                       extra: ["--config", fixture.config.path])
        defer { second.kill() }
        try second.waitUntilRunning()
        try second.waitUntilSubscribed(broker)
        for sample in fixture.samples[1000...] {
            try publisher.sample(sample.tag, ts: sample.ts, sample.value, enterprise: "E-KILL")
        }
        try publisher.flush()
        let expectedCount = expected.count
        _ = eventually { ((try? fixture.journal().count) ?? 0) >= expectedCount }
        second.terminate()
        #expect(second.waitForExit() == 0, "hazmon run did not stop cleanly: \(second.stderr)")
        #expect(second.stderr.contains("restored"), "the second life should say what it restored: \(second.stderr)")

        let journal = try fixture.journal()
        let seqs = journal.compactMap { $0.number("seq").map { UInt64($0) } }
        #expect(seqs.count == journal.count)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 }, "seq must increase across the restart")
        let keys = journal.map(Self.key)
        let duplicates = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "events journaled twice: \(duplicates.prefix(10))")
        let missing = Set(expected).subtracting(keys).sorted()
        let unexpected = Set(keys).subtracting(expected).sorted()
        #expect(missing.isEmpty, "\(missing.count) expected events missing, e.g. \(missing.prefix(5))")
        #expect(unexpected.isEmpty, "\(unexpected.count) events replay does not produce, e.g. \(unexpected.prefix(5))")
        #expect(keys.count == expected.count)

        // Everything published on MQTT is in the journal, byte for byte (publish happens after commit).
        let journaled = Set(journal.map(\.text))
        let published = observer.messages.map(\.text)
        let unjournaled = published.filter { !journaled.contains($0) }
        #expect(unjournaled.isEmpty, "published but not journaled: \(unjournaled.prefix(3))")
        #expect(published.count >= journal.count / 2, "the observer should have seen most events")
    }

    @Test("a full database: hazmon says so once, keeps alarming over MQTT, and keeps what it can")
    func fullDatabaseKeepsAlarming() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let broker = try startBroker()
        defer { broker.stop() }
        let observer = try Observer(broker: broker, filters: ["hazmon/events/#"])
        defer { observer.stop() }
        let publisher = try TelemetryPublisher(broker: broker)
        // A 1 MB cap (store.max_size_mb) fills up after a few thousand events: SQLITE_FULL, as on a full disk.
        let service = try HazmonProcess(broker: broker, clientID: unique("full"), instance: unique("full"),
                                        sensors: fixture.sensors.path, database: fixture.database,
                                        extra: ["--config", fixture.config.path, "--db-max-size-mb", "1"])
        defer { service.kill() }
        try service.waitUntilRunning()
        try service.waitUntilSubscribed(broker)
        // T0.LT swings between 50 and 85: H activates and returns on every pair, 4 000 transitions in all.
        let start = nowMillis() - 60_000
        let transitions = 4000
        for i in 0..<transitions {
            try publisher.sample("T0.LT", ts: start + Int64(i), i % 2 == 0 ? 85 : 50, enterprise: "E-KILL")
            if i % 200 == 199 { try publisher.flush() }
        }
        try publisher.flush()
        let alarmed = observer.wait(timeout: .seconds(60)) { $0.events(tag: "T0.LT", enterprise: "E-KILL").count >= transitions }
        #expect(alarmed, "every transition must still be published: \(observer.events(tag: "T0.LT", enterprise: "E-KILL").count)")
        #expect(service.isRunning)
        let errors = service.stderr.split(separator: "\n").filter { $0.contains("disk full") }
        #expect(errors.count == 1, "the full database should be reported once, clearly: \(service.stderr)")
        #expect(errors.first?.contains(fixture.database.path) == true, "the message should name the file")
        #expect(errors.first?.contains("keep flowing over MQTT") == true)
        service.terminate()
        #expect(service.waitForExit() == 0)
        #expect(service.stderr.contains("could not be written"), "the stop should say what was not stored")
        // What did fit is a consistent prefix-free journal: unique seqs, nothing invented.
        let journal = try fixture.journal()
        #expect(!journal.isEmpty && journal.count < transitions)
        let seqs = journal.compactMap { $0.number("seq") }
        #expect(Set(seqs).count == seqs.count)
    }
}

/// Runs the `hazmon` binary to completion with `arguments` (repository root as working directory).
func runHazmon(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = hazmonBinary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// The JSON objects of a JSON-lines file.
func jsonLines(_ file: URL) throws -> [AlarmEventJSON] {
    try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap {
        AlarmEventJSON(Array($0.utf8))
    }
}
