import HazmonIO
import Testing

@Suite struct JSONValueTests {
    @Test func parsesSamplesAndBatches() throws {
        let single = try JSONValue.parse(#"{"ts": 1763798400123, "v": 42.1, "q": "good"}"#)
        #expect(single["ts"] == .number(1_763_798_400_123))
        #expect(single["v"] == .number(42.1))
        let batch = try JSONValue.parse(#"{"ts":"2026-01-01T00:00:00Z","points":[{"tag":"T\u00e9","v":true},{"tag":"B","v":-1e3}]}"#)
        guard case .array(let points)? = batch["points"] else { Issue.record("no points"); return }
        #expect(points.count == 2)
        #expect(points[0]["tag"] == .string("Té"))
        #expect(points[1]["v"] == .number(-1000))
    }

    @Test(arguments: [
        (#"{"ts": 1, "v": }"#, 15),
        (#"{"ts" 1}"#, 6),
        (#"[1, 2"#, 5),
        (#"{"a": 1} x"#, 9),
        (#"{"a": "unterminated}"#, 6),
    ])
    func reportsWhereItFailed(text: String, offset: Int) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
        do { _ = try JSONValue.parse(text) } catch { #expect(error.offset == offset, "\(error)") }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
    }
}
