import Foundation
import Testing

/// The golden examples of SPEC Appendix B (`../shared/conformance`), through the real CLI.
@Suite struct ConformanceTests {
    static let cases = ["g01_limits_deadband_delays", "g02_stale_and_bad", "g03_toxic_vote", "g04_frozen_and_roc"]

    struct Transition: Hashable, CustomStringConvertible {
        var tag: String
        var condition: String
        var transition: String
        var ts: Int64
        var description: String { "\(tag) \(condition) \(transition) @\(ts)" }
    }

    @Test(arguments: cases)
    func replayMatchesGoldenEvents(name: String) throws {
        let folder = CLI.shared.appendingPathComponent("conformance/\(name)")
        let dir = try CLI.tempDir()
        let out = dir.appendingPathComponent("out.jsonl")
        let result = try CLI.run([
            "replay", "--sensors", folder.appendingPathComponent("catalog.yaml").path,
            "--input", folder.appendingPathComponent("samples.csv").path, "--events", out.path,
        ])
        #expect(result.status == 0, "replay failed: \(result.stderr)")

        let expectedText = try String(contentsOf: folder.appendingPathComponent("expected.jsonl"), encoding: .utf8)
        var expected: [Transition: Int] = [:]
        for line in expectedText.split(separator: "\n") {
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let key = Transition(tag: object["tag"] as! String, condition: object["condition"] as! String,
                                 transition: object["transition"] as! String, ts: (object["ts"] as! NSNumber).int64Value)
            expected[key, default: 0] += 1
        }
        var actual: [Transition: Int] = [:]
        for event in try CLI.events(at: out) {
            let transition = event["transition"] as! String
            guard transition == "activate" || transition == "return" else { continue }
            let key = Transition(tag: event["tag"] as! String, condition: event["condition"] as! String,
                                 transition: transition, ts: try #require(epochMillis(event["ts"])))
            actual[key, default: 0] += 1
        }
        let missing = expected.filter { actual[$0.key] != $0.value }.keys.sorted { $0.ts < $1.ts }
        let extra = actual.filter { expected[$0.key] != $0.value }.keys.sorted { $0.ts < $1.ts }
        #expect(missing.isEmpty && extra.isEmpty, "missing: \(missing)\nunexpected: \(extra)")
    }
}
