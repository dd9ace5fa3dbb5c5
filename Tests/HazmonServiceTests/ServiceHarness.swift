import Foundation
import HazmonIO
import HazmonMQTT
import Testing

/// Generous: tests wait up to this long for anything the network or the service does, and never
/// assert on speed.
let patience: Duration = .seconds(20)

/// The repository root (three levels above this file): `hazmon run` runs there, so it finds
/// `Config/hazmon.yaml` (profiles) and `Sensors/demo`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The `hazmon` executable the test build produced, next to the test bundle.
let hazmonBinary: URL = {
    var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    // The test runner lives in the build folder, or inside a .xctest bundle in it.
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent("hazmon")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return repositoryRoot.appendingPathComponent(".build/debug/hazmon")
}()

/// Wall-clock epoch milliseconds: the service's own clock, so sample time stamps near it are neither
/// `future_timestamp` nor `STALE`.
func nowMillis() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec / 1_000_000)
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = patience, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

/// A name no other test (or earlier run) uses, for client ids and instances.
func unique(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}

struct HarnessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A `LoopbackBroker` for one test: `max_queued_messages 0` (it sets that itself), persistence when asked,
/// and subscriptions in its log, so a test knows when the service has subscribed.
func startBroker(persistence: Bool = false) throws -> LoopbackBroker {
    try LoopbackBroker(LoopbackBroker.Options(persistence: persistence, extraConfiguration: ["log_type subscribe"]))
}

/// A copy of `Config/hazmon.yaml` with `ingest.queue_capacity` set to `capacity`, for `--config`; its
/// `profiles` and `risk` point back at the repository's. The caller removes the file's directory.
func configWithQueueCapacity(_ capacity: Int) throws -> URL {
    let original = try String(contentsOf: repositoryRoot.appendingPathComponent("Config/hazmon.yaml"), encoding: .utf8)
    let profiles = repositoryRoot.appendingPathComponent("Config/profiles.yaml").path
    var lines: [String] = []
    var replaced = (profiles: false, capacity: false)
    for line in original.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("profiles:") {
            lines.append("profiles: \(profiles)")
            replaced.profiles = true
        } else if line.hasPrefix("risk:") {
            lines.append("risk: \(repositoryRoot.appendingPathComponent("Config/risk.yaml").path)")
        } else if line.trimmingCharacters(in: .whitespaces).hasPrefix("queue_capacity:") {
            lines.append("  queue_capacity: \(capacity)")
            replaced.capacity = true
        } else {
            lines.append(String(line))
        }
    }
    guard replaced.profiles, replaced.capacity else {
        throw HarnessFailure("Config/hazmon.yaml has no 'profiles:' or 'queue_capacity:' line to replace")
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "hazmon-svc-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("hazmon.yaml")
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    return file
}

// MARK: - The service process

/// One `hazmon run` process against a loopback broker, its output in files of a temporary directory.
///
/// - Important: call `kill()` (or `terminate()` and `waitForExit`) in every path: a `defer` right after
///   creating it. `deinit` kills it as a last resort.
final class HazmonProcess: @unchecked Sendable {
    let clientID: String
    let instance: String
    let process = Process()
    let directory: URL
    private let stdoutURL: URL
    private let stderrURL: URL

    /// The status topic this instance announces itself on.
    var statusTopic: String { "hazmon/status/\(instance)" }

    /// Starts `hazmon run --broker … --sensors … --client-id … --instance … --db …` plus `extra`.
    /// - Parameters:
    ///   - sensors: the catalog, relative to the repository root or absolute.
    ///   - database: the SQLite file; by default a fresh one in the process's temporary directory.
    init(broker: LoopbackBroker, clientID: String, instance: String, sensors: String = "Sensors/demo",
         database: URL? = nil, extra: [String] = []) throws {
        self.clientID = clientID
        self.instance = instance
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-svc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        stdoutURL = directory.appendingPathComponent("stdout.log")
        stderrURL = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = hazmonBinary
        process.arguments =
            [
                "run", "--broker", broker.url, "--sensors", sensors, "--client-id", clientID,
                "--instance", instance, "--db", (database ?? directory.appendingPathComponent("hazmon.db")).path,
            ] + (extra.contains("--http") ? [] : ["--http", "none"]) + extra
        process.currentDirectoryURL = repositoryRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Waits until the service says it runs (both connections started, subscription requested).
    func waitUntilRunning(timeout: Duration = patience) throws {
        guard eventually(timeout: timeout, { stderr.contains("hazmon: running") || !isRunning }), isRunning else {
            throw HarnessFailure("hazmon did not start; stderr:\n\(stderr)")
        }
    }

    /// How often the broker has logged this service's telemetry subscription (once per connect).
    func subscriptions(in broker: LoopbackBroker) -> Int {
        broker.log.split(separator: "\n").count { $0.hasSuffix(": \(clientID)-in 1 hz/+/+") }
    }

    /// Waits until the broker has seen the telemetry subscription `count` times in all, so telemetry
    /// published from then on reaches the service.
    func waitUntilSubscribed(_ broker: LoopbackBroker, count: Int = 1, timeout: Duration = patience) throws {
        guard eventually(timeout: timeout, { subscriptions(in: broker) >= count }) else {
            throw HarnessFailure(
                "hazmon did not subscribe (\(count)); stderr:\n\(stderr)\nbroker log:\n\(broker.log)")
        }
    }

    /// SIGTERM: the orderly stop.
    func terminate() {
        if process.isRunning { Foundation.kill(pid, SIGTERM) }
    }

    /// SIGKILL, like a crash; waits for the process to go.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(pid, SIGKILL)
        _ = waitForExit(timeout: .seconds(10))
    }

    /// Waits for the process to exit; its exit status, or nil if it still runs after `timeout`.
    func waitForExit(timeout: Duration = patience) -> Int32? {
        guard eventually(timeout: timeout, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether it died from a signal rather than exiting.
    var wasSignalled: Bool { process.terminationReason == .uncaughtSignal }

    /// The counters of the last line `hazmon run` prints at an orderly stop.
    var summary: ExitSummary? { ExitSummary(stderr) }
}

/// `hazmon: stopped after M messages, S samples (A evaluated, L late, D duplicate), R rejected, E events`.
struct ExitSummary: Equatable, CustomStringConvertible {
    var messages: Int
    var samples: Int
    var evaluated: Int
    var late: Int
    var duplicate: Int
    var rejected: Int
    var events: Int

    init?(_ stderr: String) {
        let pattern =
            #/
            stopped\ after\ (\d+)\ messages,\ (\d+)\ samples\ \((\d+)\ evaluated,\ (\d+)\ late,\ (\d+)\ duplicate\),
            \ (\d+)\ rejected,\ (\d+)\ events
            /#
        guard let match = stderr.matches(of: pattern).last else { return nil }
        let o = match.output
        guard let m = Int(o.1), let s = Int(o.2), let a = Int(o.3), let l = Int(o.4), let d = Int(o.5),
            let r = Int(o.6), let e = Int(o.7)
        else { return nil }
        (messages, samples, evaluated, late, duplicate, rejected, events) = (m, s, a, l, d, r, e)
    }

    var description: String {
        "\(messages) messages, \(samples) samples (\(evaluated) evaluated, \(late) late, \(duplicate) duplicate), "
            + "\(rejected) rejected, \(events) events"
    }
}

// MARK: - MQTT clients of the test

/// A client configuration for the loopback broker with quick reconnects.
func clientConfiguration(for broker: LoopbackBroker, clientID: String) -> MQTTClient.Configuration {
    var configuration = MQTTClient.Configuration(host: "127.0.0.1", port: broker.port, clientID: clientID)
    configuration.cleanStart = true
    configuration.reconnect = .init(minimum: .milliseconds(100), maximum: .milliseconds(500))
    configuration.keepAliveSeconds = 10
    return configuration
}

/// A started, connected client that publishes telemetry.
final class TelemetryPublisher: @unchecked Sendable {
    let client: MQTTClient

    init(broker: LoopbackBroker) throws {
        client = try MQTTClient(clientConfiguration(for: broker, clientID: unique("svc-test-pub")))
        try client.start()
        guard client.waitUntilConnected(timeout: patience) else {
            throw HarnessFailure(
                "the test publisher did not connect: \(String(describing: client.statistics.lastError))")
        }
    }

    deinit { client.stop(timeout: .seconds(5)) }

    /// Publishes one sample `{"ts": ts, "v": value}` on `hz/{enterprise}/{tag}` with QoS 1.
    func sample(_ tag: String, ts: Int64, _ value: Double, enterprise: String = "E-DEMO-01") throws {
        try client.publish(topic: "hz/\(enterprise)/\(tag)", payload: #"{"ts": \#(ts), "v": \#(value)}"#)
    }

    /// Publishes raw bytes with QoS 1.
    func raw(_ topic: String, _ payload: [UInt8]) throws {
        try client.publish(topic: topic, payload: payload)
    }

    /// Blocks until the broker acknowledged everything published so far.
    func flush() throws {
        guard client.waitForAcknowledgements(timeout: patience) else {
            throw HarnessFailure("the broker did not acknowledge the test's publishes")
        }
    }
}

/// A subscriber that records every message on its filters, drained by a thread of its own so the
/// broker never has to queue for it.
final class Observer: @unchecked Sendable {
    let client: MQTTClient
    private let lock = NSLock()
    private var recorded: [MQTTMessage] = []
    private let drained = DispatchSemaphore(value: 0)

    /// Connects, subscribes with QoS 1, and waits for the SUBACK.
    init(broker: LoopbackBroker, filters: [String] = ["hazmon/#"]) throws {
        client = try MQTTClient(clientConfiguration(for: broker, clientID: unique("svc-test-observer")))
        try client.subscribe(filters, qos: .atLeastOnce)
        try client.start()
        let queue = client.messages
        Thread.detachNewThread { [self, drained] in
            var batch: [MQTTMessage] = []
            while queue.popBatch(into: &batch, max: 512, timeout: .milliseconds(100)) {
                if batch.isEmpty { continue }
                lock.withLock { recorded.append(contentsOf: batch) }
                batch.removeAll(keepingCapacity: true)
            }
            drained.signal()
        }
        guard client.waitUntilConnected(timeout: patience),
            eventually({ client.statistics.subscribeAcknowledgements >= 1 })
        else {
            stop()
            throw HarnessFailure("the observer did not subscribe: \(String(describing: client.statistics.lastError))")
        }
    }

    deinit { stop() }

    /// Disconnects; idempotent.
    func stop() {
        guard !client.messages.isClosed else { return }
        client.stop(timeout: .seconds(5))
        drained.wait()
    }

    /// Everything received so far, in order.
    var messages: [MQTTMessage] { lock.withLock { recorded } }

    /// Messages on `topic` so far.
    func messages(on topic: String) -> [MQTTMessage] { messages.filter { $0.topic == topic } }

    /// Alarm events (decoded JSON) published on `hazmon/events/{enterprise}/{tag}` so far.
    func events(tag: String, enterprise: String = "E-DEMO-01") -> [AlarmEventJSON] {
        messages(on: "hazmon/events/\(enterprise)/\(tag)").compactMap { AlarmEventJSON($0.payload) }
    }

    /// Messages that repeat an earlier message byte for byte on the same topic. An event carries its
    /// `seq`, so a repeat is one publish delivered twice, never two transitions.
    func repeatedEvents(enterprise: String = "E-DEMO-01") -> [MQTTMessage] {
        var seen = Set<[UInt8]>()
        return messages.filter { message in
            guard message.topic.hasPrefix("hazmon/events/\(enterprise)/") else { return false }
            return !seen.insert(Array(message.topic.utf8) + [0] + message.payload).inserted
        }
    }

    /// Waits until `condition` holds for what was received; returns whether it did.
    @discardableResult
    func wait(timeout: Duration = patience, until condition: (Observer) -> Bool) -> Bool {
        eventually(timeout: timeout) { condition(self) }
    }
}

/// A subscriber that connects, takes what the broker holds retained on `topic`, and leaves.
func retainedMessage(on topic: String, broker: LoopbackBroker) throws -> MQTTMessage? {
    let late = try Observer(broker: broker, filters: [topic])
    defer { late.stop() }
    // A retained message arrives right after the SUBACK; nothing retained means nothing arrives.
    _ = late.wait(timeout: .seconds(2)) { !$0.messages.isEmpty }
    return late.messages.first
}

/// One alarm event as published (SPEC §6), with typed access to the fields the tests check.
struct AlarmEventJSON: @unchecked Sendable, CustomStringConvertible {
    let fields: [String: Any]
    let text: String

    init?(_ payload: [UInt8]) {
        guard !payload.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { return nil }
        fields = object
        text = String(decoding: payload, as: UTF8.self)
    }

    subscript(_ key: String) -> Any? { fields[key] }
    func string(_ key: String) -> String? { fields[key] as? String }
    func number(_ key: String) -> Double? { (fields[key] as? NSNumber)?.doubleValue }

    var transition: String? { string("transition") }
    var condition: String? { string("condition") }
    var state: String? { string("state") }
    var value: Double? { number("value") }
    /// `ts` back to epoch ms.
    var ts: Int64? { string("ts").flatMap { Timestamps.parse($0) } }

    var description: String { text }
}

/// Whether `event` is the `transition` of `condition`.
func isTransition(_ event: AlarmEventJSON, _ transition: String, _ condition: String = "HH") -> Bool {
    event.transition == transition && event.condition == condition
}

extension MQTTMessage {
    /// The payload as text.
    var text: String { String(decoding: payload, as: UTF8.self) }
}
