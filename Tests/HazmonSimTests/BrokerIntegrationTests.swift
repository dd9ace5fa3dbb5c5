import Foundation
import HazmonIO
import HazmonMQTT
import Testing

/// `hazmon simulate` as a user runs it, against a real Mosquitto on a loopback port of its own.
@Suite(
    .serialized,
    .enabled(
        if: LoopbackBroker.isAvailable,
        "Mosquitto is not installed at /usr/sbin/mosquitto: simulate-to-broker tests skipped"))
struct BrokerIntegrationTests {
    @Test func simulatePublishesEveryTagOncePerSecond() throws {
        let broker = try LoopbackBroker()
        let subscriber = try Self.subscriber(broker)
        defer { subscriber.stop() }
        let result = try Self.hazmon([
            "simulate", "--sensors", Demo.sensors, "--config", Demo.config, "--broker", broker.url,
            "--duration", "3s", "--progress", "0", "--seed", "4",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // 36 tags × 3 ticks (+0 s, +1 s, +2 s), all acknowledged before the simulator exits.
        let messages = Self.receive(108, from: subscriber)
        #expect(messages.count == 108, "\(result.stderr)")
        #expect((subscriber.messages.popBatch(max: 10, timeout: .milliseconds(300)) ?? []).isEmpty, "nothing more")
        var times: [String: [Double]] = [:]
        for message in messages {
            let json = try JSONValue.parse(String(decoding: message.payload, as: UTF8.self))
            guard case .number(let ts)? = json["ts"] else {
                Issue.record("no ts in \(message.topic)")
                continue
            }
            #expect(json["v"] != nil)
            times[message.topic, default: []].append(ts)
        }
        #expect(times.count == 36)
        for (topic, stamps) in times {
            #expect(stamps.count == 3 && stamps[1] - stamps[0] == 1000 && stamps[2] - stamps[1] == 1000, "\(topic)")
        }
        #expect(result.stderr.contains("acked 108, pending 0"), "\(result.stderr)")
    }

    @Test func batchesAndRecordingsArePublishedToo() throws {
        let broker = try LoopbackBroker()
        let subscriber = try Self.subscriber(broker)
        defer { subscriber.stop() }
        let batch = try Self.hazmon([
            "simulate", "--sensors", Demo.sensors, "--config", Demo.config, "--broker", broker.url,
            "--duration", "2s", "--batch", "--scenario", "leak", "--progress", "0",
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        let batches = Self.receive(4, from: subscriber)
        #expect(batches.map(\.topic).sorted() == ["hz/E-DEMO-01", "hz/E-DEMO-01", "hz/E-DEMO-02", "hz/E-DEMO-02"])

        // A recording at 10× its pace, keeping its own timestamps.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-sim-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        ts,enterprise,tag,value,quality
        2026-01-01T00:00:00Z,E-DEMO-01,GT101,1.5,good
        2026-01-01T00:00:01Z,E-DEMO-01,GT101,2.5,good
        2026-01-01T00:00:02Z,E-DEMO-01,LD1.GND,true,bad
        2026-01-01T00:00:02Z,E-DEMO-01,NOPE,1,good

        """.write(to: file, atomically: true, encoding: .utf8)
        let replay = try Self.hazmon([
            "simulate", "--sensors", Demo.sensors, "--config", Demo.config, "--broker", broker.url,
            "--replay", file.path, "--speedup", "10", "--progress", "0",
        ])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stderr.contains("1 lines of"), "the unknown tag is reported: \(replay.stderr)")
        let recorded = Self.receive(3, from: subscriber)
        #expect(
            recorded.map { String(decoding: $0.payload, as: UTF8.self) } == [
                #"{"ts":1767225600000,"v":1.5}"#, #"{"ts":1767225601000,"v":2.5}"#,
                #"{"ts":1767225602000,"v":true,"q":"bad"}"#,
            ])
        #expect(recorded.map(\.topic) == ["hz/E-DEMO-01/GT101", "hz/E-DEMO-01/GT101", "hz/E-DEMO-01/LD1.GND"])
    }

    @Test func aSignalStopsItCleanly() throws {
        let broker = try LoopbackBroker()
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = [
            "simulate", "--sensors", Demo.sensors, "--config", Demo.config, "--broker", broker.url, "--progress", "0",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        usleep(1_500_000)
        process.interrupt()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("SIGINT: stopping"), "\(text)")
        #expect(text.contains("pending 0"), "\(text)")
    }

    // MARK: - Helpers

    /// The `hazmon` executable the build produced, next to the test bundle.
    static func binary() throws -> URL {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("hazmon")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw TestFailure("no hazmon executable next to the test bundle: build the package (swift build) first")
    }

    struct Result {
        var status: Int32
        var stderr: String
    }

    static func hazmon(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = Demo.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
    }

    static func subscriber(_ broker: LoopbackBroker) throws -> MQTTClient {
        var configuration = MQTTClient.Configuration(
            host: "127.0.0.1", port: broker.port, clientID: "sim-test-\(UInt32.random(in: 0...UInt32.max))")
        configuration.cleanStart = true
        let client = try MQTTClient(configuration)
        try client.subscribe(["hz/#"], qos: .atLeastOnce)
        try client.start()
        guard client.waitUntilConnected(timeout: .seconds(10)) else { throw TestFailure("subscriber did not connect") }
        let deadline = ContinuousClock.now + .seconds(10)
        while client.statistics.subscribeAcknowledgements < 1 {
            guard ContinuousClock.now < deadline else { throw TestFailure("no SUBACK") }
            usleep(10_000)
        }
        return client
    }

    /// Pops until `count` messages arrived or 10 s passed.
    static func receive(_ count: Int, from client: MQTTClient) -> [MQTTMessage] {
        var received: [MQTTMessage] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while received.count < count && ContinuousClock.now < deadline {
            guard client.messages.popBatch(into: &received, max: count - received.count, timeout: .milliseconds(100))
            else { break }
        }
        return received
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
