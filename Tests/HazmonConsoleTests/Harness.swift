import HazmonConsole
import HTTPTypes
import HazmonIO
import Hummingbird
import HummingbirdTesting
import Logging

/// A console over a fresh fake backend with one token per role (`tok-viewer`, `tok-operator`, …).
struct Harness {
    let backend: FakeBackend
    let server: ConsoleServer

    init(backend: FakeBackend = FakeBackend()) {
        self.backend = backend
        let records = Role.allCases.map { role in
            TokenRecord(name: "\(role.rawValue).user", role: role, sha256: TokenFile.hash("tok-\(role.rawValue)"),
                        created: "2026-11-22T00:00:00.000Z")
        }
        var logger = Logger(label: "console-test")
        logger.logLevel = .warning
        server = ConsoleServer(
            backend: backend, tokens: TokenVerifier(records: records),
            configuration: .init(host: "127.0.0.1", port: 0, heartbeat: .seconds(30)), logger: logger)
    }

    static func auth(_ role: Role?) -> HTTPFields {
        guard let role else { return [:] }
        return [.authorization: "Bearer tok-\(role.rawValue)"]
    }

    /// Runs `body` against the router in-process.
    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await server.application().test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue? { try? JSONValue.parse(text) }
    var errorCode: String? {
        if case .string(let c)? = json?["error"]?["code"] { c } else { nil }
    }
    var errorMessage: String {
        if case .string(let m)? = json?["error"]?["message"] { m } else { "" }
    }
}

func body(_ text: String) -> ByteBuffer {
    var b = ByteBuffer()
    b.writeString(text)
    return b
}

extension JSONValue {
    var arrayValue: [JSONValue] { if case .array(let a) = self { a } else { [] } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

/// `Last-Event-ID: value`, or no header for nil.
func lastEventID(_ value: String?) -> HTTPFields {
    guard let value else { return [:] }
    return [HTTPField.Name("Last-Event-ID")!: value]
}

import Dispatch

/// Runs blocking work (a socket read, waiting for a child process) on a Dispatch thread, so it never
/// holds one of the few cooperative-pool threads the server under test needs to make progress.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
