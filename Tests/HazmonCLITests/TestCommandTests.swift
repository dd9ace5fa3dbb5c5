import Foundation
import Testing

/// `hazmon test` through the real binary: the shipped rule tests pass, a wrong one fails with a diff,
/// an unparsable one exits 2 with positions.
@Suite struct TestCommandTests {
    static func shippedTests() throws -> [String] {
        let folder = CLI.repo.appendingPathComponent("Config/tests")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "Config/tests/\($0)" }
    }

    @Test func shippedRuleTestsPass() throws {
        let files = try Self.shippedTests()
        #expect(files.count >= 5)
        let result = try CLI.run(["test"] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let passes = result.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS ") }
        #expect(passes.count >= 12, "\(result.stdout)")
        #expect(!result.stdout.contains("FAIL "))
        #expect(result.stdout.contains("PASS Config/tests/tep.yaml: reactor pressure excursion"))
    }

    @Test func aWrongExpectationExitsOneWithTheDiff() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wrong.yaml")
        try """
            sensors: \(CLI.repo.appendingPathComponent("Sensors/tep/tep.yaml").path)
            interval: 3m
            tests:
              - name: H expected too early
                series:
                  - {tag: R.PT, values: "2705 2800 2900 2900 2960 2890 2880"}
                expect:
                  - {t: 6m, tag: R.PT, condition: H, transition: activate}
                  - {t: 12m, tag: R.PT, condition: HH, transition: activate, priority: critical}
                  - {t: 15m, tag: R.PT, condition: HH, transition: return}
                  - {t: 18m, tag: R.PT, condition: H, transition: return}
                  - {t: 18m, tag: R.LT, condition: L, transition: activate}
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["test", file.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("FAIL \(file.path): H expected too early"))
        #expect(result.stdout.contains("\(file.path):8: near miss: TEP/R.PT/H activate: expected at 6m, got at 9m"),
                "\(result.stdout)")
        #expect(result.stdout.contains("\(file.path):12: missing: TEP/R.LT/L activate at 18m"), "\(result.stdout)")
        #expect(result.stdout.contains("0 passed, 1 failed"))
    }

    @Test func anUnparsableFileExitsTwoWithPositions() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.yaml")
        try """
            sensors: \(CLI.repo.appendingPathComponent("Sensors/tep/tep.yaml").path)
            tests:
              - name: typo
                series:
                  - {tag: R.PT, values: "2705 27o5"}
                expect: []
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["test", file.path, "Config/tests/tep.yaml"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("\(file.path):5:35: '27o5' is not a value"), "\(result.stderr)")
        // The other file still runs.
        #expect(result.stdout.contains("PASS Config/tests/tep.yaml"))
    }
}
