import HazmonCatalog
import HazmonCore
import HazmonRuleTesting
import Testing

/// Test files end to end without the CLI: inline catalogs, error positions, running, the diff text.
@Suite struct LoaderRunnerTests {
    static let catalog = """
        catalog:
          enterprise: {id: E1, name: Test}
          hazard_sources:
            - id: HS1
              grade: 2
              tags:
                - {id: T1, kind: level, range: [0, 100], limits: {H: 80, HH: 90}, deadband: 2, on_delay: 2s}
                - {id: G1, kind: discrete, alarm_value: true}
        """

    static func load(_ tests: String) throws(CatalogError) -> RuleTestFile {
        try RuleTestLoader.parse(catalog + "\n" + tests, path: "t.yaml", defaultConfig: nil)
    }

    @Test func inlineCatalogRunsAndPasses() throws {
        let file = try Self.load("""
            tests:
              - name: H with on-delay
                series:
                  - {tag: T1, values: "70 85x3 77"}
                actions:
                  - {t: 3s, action: ack, tag: T1, condition: H}
                expect:
                  - {t: 3s, tag: T1, condition: H, transition: activate, state: unack, value: 85}
                  - {t: 3s, tag: T1, condition: H, transition: ack, state: ack}
                  - {t: 5s, tag: T1, condition: H, transition: return, state: normal}
            """)
        let results = CaseResult.run(file)
        #expect(results.count == 1)
        #expect(results[0].passed, "\(results[0].lines(verbose: true))")
        #expect(results[0].lines(verbose: false) == ["PASS t.yaml: H with on-delay (3 events)"])
    }

    @Test func failingCaseNamesTheLineOfEachExpectation() throws {
        let file = try Self.load("""
            tests:
              - name: wrong
                series:
                  - {tag: T1, values: "70 85x3"}
                expect:
                  - {t: 2s, tag: T1, condition: H, transition: activate}
                  - {t: 3s, tag: T1, condition: HH, transition: activate}
            """)
        let result = try #require(CaseResult.run(file).first)
        #expect(!result.passed)
        let lines = result.lines(verbose: false)
        #expect(lines.first?.hasPrefix("FAIL t.yaml: wrong") == true)
        #expect(lines.contains("  t.yaml:14: near miss: E1/T1/H activate: expected at 2s, got at 3s"), "\(lines)")
        #expect(lines.contains("  t.yaml:15: missing: E1/T1/HH activate at 3s"), "\(lines)")
    }

    @Test func refusedActionFailsTheCase() throws {
        let file = try Self.load("""
            tests:
              - name: ack of a normal alarm
                series:
                  - {tag: T1, values: "70"}
                actions:
                  - {t: 0s, action: ack, tag: T1, condition: H}
                expect: []
            """)
        let result = try #require(CaseResult.run(file).first)
        #expect(!result.passed)
        #expect(result.lines(verbose: false).contains { $0.hasPrefix("  t.yaml:14: action refused: ack E1/T1/H") })
    }

    @Test func explicitSamplesWithQualityAndAdvance() throws {
        let file = try Self.load("""
            start: 2026-03-01T00:00:00Z
            tests:
              - name: bad then good
                series:
                  - tag: T1
                    samples:
                      - {t: 0s, v: 50, q: bad}
                      - {t: "2026-03-01T00:00:01Z", v: 50}
                expect:
                  - {t: 0s, tag: T1, condition: BAD, transition: activate}
                  - {t: 1s, tag: T1, condition: BAD, transition: return}
            """)
        #expect(file.cases[0].start == 1_772_323_200_000)
        #expect(CaseResult.run(file)[0].passed)
    }

    /// Every problem, the catalog's included, at its line and column in the test file.
    @Test func problemsPointIntoTheTestFile() {
        let text = """
            catalog:
              enterprise: {id: E1, name: Test}
              hazard_sources:
                - id: HS1
                  grade: 2
                  tags:
                    - {id: T1, kind: level, range: [0, 100], limits: {H: 95, HH: 90}}
            tests:
              - name: x
                series:
                  - {tag: T1, values: "1 2 3x"}
                expect: []
            """
        do {
            _ = try RuleTestLoader.parse(text, path: "t.yaml", defaultConfig: nil)
            Issue.record("parsed")
        } catch {
            // The catalog fault stops the load before the cases are read.
            #expect(error.problems.map(\.description).contains { $0.hasPrefix("t.yaml:7:") }, "\(error)")
        }
        let fixed = text.replacing("H: 95", with: "H: 85")
        do {
            _ = try RuleTestLoader.parse(fixed, path: "t.yaml", defaultConfig: nil)
            Issue.record("parsed")
        } catch {
            // `values: "1 2 3x"`: the quote is at column 27, the token `3x` at 32, its missing count at 34.
            #expect(error.problems.map(\.description) == ["t.yaml:11:34: '3x': the count after 'x' must be a "
                + "whole number of steps, as in 20x5"], "\(error)")
        }
    }

    static let badNames: [(String, String)] = [
        ("- {tag: NOPE, values: \"1\"}", "no tag 'NOPE' in enterprise 'E1'"),
        ("- {tag: T1, values: \"1\", samples: []}", "not both"),
        ("- {tag: T1}", "needs 'values'"),
        ("- {tag: T1, valuse: \"1\"}", "unknown key 'valuse'"),
    ]

    @Test(arguments: badNames)
    func badSeriesAreParseErrors(series: String, message: String) {
        do {
            _ = try Self.load("tests:\n  - name: x\n    series:\n      \(series)\n    expect: []")
            Issue.record("parsed")
        } catch {
            #expect(error.problems.contains { $0.line == 12 && $0.message.contains(message) }, "\(error)")
        }
    }

    static let badExpectations: [(String, String)] = [
        ("{t: 5, tag: T1, condition: H, transition: activate}", "neither a time"),
        ("{t: 5s, tag: T1, condition: LL, transition: activate}", "has no LL rule"),
        ("{t: 5s, tag: T1, condition: H, transition: activte}", "not one of"),
        ("{t: 5s, tag: T1, condition: H, transition: activate, state: active}", "'state' 'active'"),
    ]

    @Test(arguments: badExpectations)
    func badExpectationsAreParseErrors(entry: String, message: String) {
        do {
            _ = try Self.load("tests:\n  - name: x\n    expect:\n      - \(entry)")
            Issue.record("parsed")
        } catch {
            #expect(error.problems.contains { $0.line == 12 && $0.message.contains(message) }, "\(error)")
        }
    }
}
