import HazmonConsole
import HazmonIO
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct StreamAndOpsTests {
    /// The ids (`id:` lines) of an SSE body.
    static func ids(_ text: String) -> [Int64] {
        text.split(separator: "\n").compactMap { $0.hasPrefix("id: ") ? Int64($0.dropFirst(4)) : nil }
    }

    @Test(arguments: [
        (nil as String?, "", [] as [Int64]),
        ("1001", "", [1002, 1003, 1004]),
        ("1003", "", [1004]),
        (nil, "&last_event_id=1002", [1003, 1004]),
        ("1000", "&types=flood", [1003]),
    ])
    func resumesAfterLastEventID(resume: String?, query: String, expected: [Int64]) async throws {
        let h = Harness()
        await h.backend.emit(.alarm, "{\"n\":1}")
        await h.backend.emit(.risk, "{\"n\":2}")
        await h.backend.emit(.flood, "{\"n\":3}")
        await h.backend.emit(.inspection, "{\"n\":4}")
        await h.backend.setFinishStreams(true)
        try await h.test { client in
            let r = try await client.execute(
                uri: "/api/v1/stream?token=tok-viewer" + query, method: .get, headers: lastEventID(resume))
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(Self.ids(r.text) == expected)
            #expect(r.text.hasPrefix("retry: 3000\n\n"))
        }
    }

    @Test func frameCarriesTypeAndData() async throws {
        let h = Harness()
        await h.backend.emit(.flood, "{\"id\":\"E-DEMO-02/*/FLOOD\"}")
        await h.backend.setFinishStreams(true)
        try await h.test { client in
            let r = try await client.execute(
                uri: "/api/v1/stream", method: .get,
                headers: lastEventID("0") + [.authorization: "Bearer tok-viewer"])
            #expect(r.text.contains("id: 1001\nevent: flood\ndata: {\"id\":\"E-DEMO-02/*/FLOOD\"}\n\n"))
        }
    }

    @Test(arguments: ["abc", "-1"])
    func badLastEventIDIsRefused(value: String) async throws {
        try await Harness().test { client in
            let r = try await client.execute(
                uri: "/api/v1/stream?token=tok-viewer", method: .get, headers: lastEventID(value))
            #expect(r.status == .badRequest)
            #expect(r.errorCode == "invalid_last_event_id")
        }
    }

    @Test func liveStreamOverRealSocketDeliversNewItems() async throws {
        let h = Harness()
        let running = try await h.server.start()
        // A raw HTTP/1.1 client over a loopback socket reads the stream while the backend emits.
        let reader = try SSEReader(port: running.port, path: "/api/v1/stream?token=tok-viewer")
        try await offPool { try reader.waitFor("retry: 3000") }
        await h.backend.emit(.alarm, "{\"live\":true}")
        try await offPool { try reader.waitFor("data: {\"live\":true}") }
        // A graceful stop ends open streams (otherwise it would wait for them forever): the client sees the
        // chunked body's terminator.
        await running.stop()
        try await offPool { try reader.waitFor("\r\n0\r\n\r\n") }
        reader.close()
    }

    @Test func readinessAndMetrics() async throws {
        let h = Harness()
        try await h.test { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            await h.backend.setReady(.notReady("broker not connected"))
            let r = try await client.execute(uri: "/readyz", method: .get)
            #expect(r.status == .serviceUnavailable)
            #expect(r.json?["reason"] == .string("broker not connected"))
            _ = try await client.execute(uri: "/api/v1/alarms", method: .get, headers: Harness.auth(.viewer))
            _ = try await client.execute(uri: "/api/v1/alarms", method: .get)
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.text.contains("hazmon_samples_total 42"))
            #expect(m.text.contains("hazmon_http_requests_total{route=\"/api/v1/alarms\",method=\"GET\",status=\"200\"} 1"))
            #expect(m.text.contains("hazmon_http_requests_total{route=\"/api/v1/alarms\",method=\"GET\",status=\"401\"} 1"))
            #expect(m.text.contains("hazmon_http_sse_clients 0"))
        }
    }
}
