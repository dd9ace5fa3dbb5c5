import Foundation
import HazmonTestSupport
import Testing

/// Replay output and the shipped examples against `Alerts/alarm-event.schema.json`, the
/// contract for every consumer, checked by an independent validator (python3-jsonschema).
@Suite struct EventSchemaTests {
    static let schema = CLI.repo.appendingPathComponent("Alerts/alarm-event.schema.json").path

    /// Validates every line of a JSON-lines file; the lines checked, and the validator's complaints.
    static func validate(jsonLines path: String) throws -> CLI.Result {
        let verdict = try SchemaValidator.validate(jsonLines: path, schema: schema)
        return CLI.Result(status: verdict.isValid ? 0 : 1, stdout: "\(verdict.checked)", stderr: verdict.messages)
    }

    @Test func replayEventsMatchTheSchema() throws {
        let dir = try CLI.tempDir()
        var lines: [String] = []
        // Every conformance scenario plus TEP fault 6: limits, STALE, BAD, VOTE, FROZEN, ROC.
        for name in ConformanceTests.cases {
            let folder = CLI.shared.appendingPathComponent("conformance/\(name)")
            let out = dir.appendingPathComponent("\(name).jsonl")
            let result = try CLI.run(["replay", "--sensors", folder.appendingPathComponent("catalog.yaml").path,
                                      "--input", folder.appendingPathComponent("samples.csv").path,
                                      "--events", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            lines += try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let all = dir.appendingPathComponent("all.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: all, atomically: true, encoding: .utf8)
        let result = try Self.validate(jsonLines: all.path)
        #expect(result.status == 0, "schema violations:\n\(result.stderr)")
        #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == lines.count)
        #expect(lines.count > 30)
    }

    @Test func shippedExamplesMatchTheSchema() throws {
        let examples = CLI.repo.appendingPathComponent("Alerts/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter {
            // `inspection-*.json` and `risk-*.json` follow their own schemas (checked in HazmonRiskTests).
            $0.hasSuffix(".json") && !$0.hasPrefix("inspection-") && !$0.hasPrefix("risk-")
        }
        #expect(files.count >= 6)
        let dir = try CLI.tempDir()
        var lines: [String] = []
        for file in files.sorted() {
            let data = try Data(contentsOf: examples.appendingPathComponent(file))
            let object = try JSONSerialization.jsonObject(with: data)
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        let all = dir.appendingPathComponent("examples.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: all, atomically: true, encoding: .utf8)
        let result = try Self.validate(jsonLines: all.path)
        #expect(result.status == 0, "schema violations:\n\(result.stderr)")
    }

    @Test func aBrokenEventIsRejected() throws {
        // The validator must be able to fail: a wrong colour for the priority and a bad ts.
        let dir = try CLI.tempDir()
        let file = dir.appendingPathComponent("broken.jsonl")
        let broken = """
            {"seq":1,"id":"E/T/H","enterprise":"E","hazard_source":"HS","tag":"T","kind":"level","condition":"H","priority":"medium","color":"red","transition":"activate","state":"unack","active":true,"annunciated":true,"shelved":false,"suppressed":false,"out_of_service":false,"chattering":false,"value":1,"limit":1,"unit":"%","ts":"2026-01-01 00:00","activated_at":null,"message":"x"}
            """
        try (broken + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.validate(jsonLines: file.path)
        #expect(result.status == 1)
    }
}
