import Foundation
import Testing

/// `hazmon check` on shipped catalogs and on broken ones, as a user runs it.
@Suite struct CheckCommandTests {
    @Test(arguments: ["Sensors/demo", "Sensors/tep/tep.yaml", "Sensors"])
    func shippedCatalogsAreValid(path: String) throws {
        let result = try CLI.run(["check", "--sensors", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("ok: "))
    }

    @Test(arguments: ["g01_limits_deadband_delays", "g02_stale_and_bad", "g03_toxic_vote", "g04_frozen_and_roc"])
    func conformanceCatalogsAreValid(name: String) throws {
        let path = CLI.shared.appendingPathComponent("conformance/\(name)/catalog.yaml").path
        let result = try CLI.run(["check", "--sensors", path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func everyProblemIsListedWithItsPosition() throws {
        let dir = try CLI.tempDir()
        let file = dir.appendingPathComponent("bad.yaml")
        try """
            enterprise:
              id: "E9"
              name: "Broken"
            hazard_sources:
              - id: "HS1"
                grade: 2
                tags:
                  - id: "T1"
                    kind: level
                    range: [0, 100]
                    limits: { HH: 80, H: 90 }
                    on_delay: 10 parsecs
                  - id: "T1"
                    kind: pressure
                    deadbnad: 2
            votes:
              - id: "V1"
                members: ["T1", "NOPE"]
                condition: H
                k: 2
                priority: urgent
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--sensors", file.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let positioned = lines.filter { $0.hasPrefix(file.path + ":") }
        // H above HH, the bad duration, the duplicate id, the unknown key, the missing vote member,
        // the unknown priority: all reported at once, each with line and column.
        #expect(positioned.count >= 6, "\(result.stderr)")
        for needle in ["H", "on_delay", "T1", "deadbnad", "NOPE", "urgent"] {
            #expect(positioned.contains { $0.contains(needle) }, "no error mentions \(needle): \(result.stderr)")
        }
        #expect(positioned.allSatisfy { line in
            let parts = line.dropFirst(file.path.count + 1).split(separator: ":", maxSplits: 2)
            return parts.count == 3 && Int(parts[0]) != nil && Int(parts[1]) != nil
        }, "\(positioned)")
    }
}
