import Foundation
import HazmonMQTT

/// Generous: tests wait up to this long for anything the network does, and never assert on speed.
let patience: Duration = .seconds(10)

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = patience, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Pops from the client's queue until `count` messages arrived or `timeout` passed.
func receive(_ count: Int, from client: MQTTClient, timeout: Duration = patience) -> [MQTTMessage] {
    var received: [MQTTMessage] = []
    let deadline = ContinuousClock.now + timeout
    while received.count < count && ContinuousClock.now < deadline {
        guard client.messages.popBatch(into: &received, max: count - received.count, timeout: .milliseconds(100)) else {
            break
        }
    }
    return received
}

/// Pops until a message satisfies `stop` (inclusive) or `timeout` passed.
func receive(from client: MQTTClient, timeout: Duration = patience, until stop: (MQTTMessage) -> Bool) -> [MQTTMessage]
{
    var received: [MQTTMessage] = []
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let before = received.count
        guard client.messages.popBatch(into: &received, max: 256, timeout: .milliseconds(100)) else { break }
        if received[before...].contains(where: stop) { break }
    }
    return received
}

/// A client id no other test uses, so parallel tests never take over each other's sessions.
func uniqueClientID(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}

/// A configuration for the loopback broker with quick reconnects.
func configuration(
    for broker: LoopbackBroker, clientID: String, protocol version: MQTTClient.ProtocolVersion = .v5,
    cleanStart: Bool = true
) -> MQTTClient.Configuration {
    var configuration = MQTTClient.Configuration(host: "127.0.0.1", port: broker.port, clientID: clientID)
    configuration.protocolVersion = version
    configuration.cleanStart = cleanStart
    configuration.sessionExpirySeconds = 3600
    configuration.reconnect = .init(minimum: .milliseconds(50), maximum: .milliseconds(500))
    configuration.keepAliveSeconds = 10
    return configuration
}

/// A started client that has connected (and, when it subscribed, received its SUBACK).
func connectedClient(
    _ configuration: MQTTClient.Configuration, subscribe filters: [String] = [], qos: QoS = .atLeastOnce
) throws -> MQTTClient {
    let client = try MQTTClient(configuration)
    if !filters.isEmpty { try client.subscribe(filters, qos: qos) }
    try client.start()
    guard client.waitUntilConnected(timeout: patience) else {
        throw TestFailure(
            "client \(configuration.clientID) did not connect: \(String(describing: client.statistics.lastError))")
    }
    if !filters.isEmpty {
        let subscribed = eventually { client.statistics.subscribeAcknowledgements >= 1 }
        guard subscribed else { throw TestFailure("no SUBACK for \(filters)") }
    }
    return client
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` on a new thread; `join()` waits for it.
final class TestThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let done = self.done
        Thread.detachNewThread {
            body()
            done.signal()
        }
    }

    func join() { done.wait() }
}

/// Whether `openssl` is installed, for the TLS tests.
let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// A throw-away CA and a server certificate for 127.0.0.1, made with the openssl command line.
struct TestCertificates {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.crt").path }
    var certFile: String { directory.appendingPathComponent("server.crt").path }
    var keyFile: String { directory.appendingPathComponent("server.key").path }
    /// A second CA that signed nothing the broker presents.
    var otherCAFile: String { directory.appendingPathComponent("other-ca.crt").path }
    /// A server certificate for 127.0.0.1 signed by the other CA, and its key.
    var otherCertFile: String { directory.appendingPathComponent("other-server.crt").path }
    var otherKeyFile: String { directory.appendingPathComponent("other-server.key").path }

    init() throws {
        guard let openssl = opensslPath else { throw TestFailure("openssl is not installed") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "subjectAltName=IP:127.0.0.1\n".write(
            to: directory.appendingPathComponent("san.cnf"), atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (key, crt, name) in [("ca.key", "ca.crt", "hazmon test CA"), ("other-ca.key", "other-ca.crt", "other CA")] {
            try run(
                openssl, ["req", "-x509"] + ec + ["-keyout", key, "-out", crt, "-days", "2", "-subj", "/CN=\(name)"])
        }
        for (prefix, ca) in [("server", "ca"), ("other-server", "other-ca")] {
            try run(
                openssl, ["req"] + ec + ["-keyout", "\(prefix).key", "-out", "\(prefix).csr", "-subj", "/CN=127.0.0.1"])
            try run(
                openssl,
                [
                    "x509", "-req", "-in", "\(prefix).csr", "-CA", "\(ca).crt", "-CAkey", "\(ca).key",
                    "-CAcreateserial", "-out", "\(prefix).crt", "-days", "2", "-extfile", "san.cnf",
                ])
        }
    }

    /// Copies `source` over `destination` (to swap the certificate a broker loads at its next start).
    func replace(_ destination: String, with source: String) throws {
        try FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("openssl \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}

extension MQTTMessage {
    /// The payload as text.
    var text: String { String(decoding: payload, as: UTF8.self) }
}
