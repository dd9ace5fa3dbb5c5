import Foundation
import HazmonCatalog
import HazmonCore
import HazmonRisk
import Testing

/// `Config/risk.yaml` through the catalog loader: shipped defaults, every setting, every error with its position.
@Suite("Risk config")
struct RiskConfigTests {
    /// A `hazmon.yaml` naming `risk.yaml` (with `yaml`) beside it, in a fresh folder.
    static func config(_ yaml: String) throws -> (config: String, risk: String) {
        let dir = try RiskRepo.scratch()
        let risk = dir.appendingPathComponent("risk.yaml").path
        let config = dir.appendingPathComponent("hazmon.yaml").path
        try yaml.write(toFile: risk, atomically: true, encoding: .utf8)
        try "risk: risk.yaml\n".write(toFile: config, atomically: true, encoding: .utf8)
        return (config, risk)
    }

    @Test func shippedFileEqualsTheBuiltInDefaults() throws {
        let loaded = try CatalogLoader.loadConfig(RiskRepo.config)
        #expect(loaded.riskFile == RiskRepo.root.appendingPathComponent("Config/risk.yaml").path)
        #expect(loaded.risk == RiskSettings())
    }

    @Test func withoutARiskKeyTheDefaultsApply() throws {
        let dir = try RiskRepo.scratch()
        let config = dir.appendingPathComponent("hazmon.yaml").path
        try "engine: {window_samples: 64}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let loaded = try CatalogLoader.loadConfig(config)
        #expect(loaded.riskFile == nil && loaded.risk == RiskSettings())
    }

    @Test func readsEverySetting() throws {
        let files = try Self.config(
            """
            grades: {blue: 85, yellow: 70, orange: 50}
            inherent:
              hazard_grade: {1: 20, 2: 12, 3: 7, 4: 2, ungraded: 1}
            management:
              standardization: {1: 1, 2: 2, 3: 4, none: 8}
              credit: {normal: 0.5, red_list: 0, black_list: 25}
              overdue_inspection: {points: 4, max: 16}
              confirmed_finding: {points: 2, max: 10}
            record:
              accident: {points: 20, max: 40}
              penalty: {points: 2.5, max: 10}
            live:
              priority_weights: {critical: 5, high: 3, medium: 1.5, low: 0}
              weight_per_active_hour: 1
              activity_24h: {points: 0.4, max: 8}
              activity_7d: {points: 0.05, max: 6}
              data_quality: {target: 99, window: 24h, points_per_percent: 3, max: 12}
            force_red:
              unacked_critical_after: 0
              black_list: false
              accidents_12m: 1
            classes:
              A: {frequency: monthly, per_year: 12}
              D: {per_year: 1}
            """)
        let s = try CatalogLoader.loadConfig(files.config).risk
        var expected = RiskSettings()
        expected.bands = RiskBands(blue: 85, yellow: 70, orange: 50)
        expected.hazardGradePoints = [20, 12, 7, 2]
        expected.ungradedHazardPoints = 1
        expected.standardizationPoints = [1, 2, 4]
        expected.noStandardizationPoints = 8
        expected.creditPoints.normal = 0.5
        expected.creditPoints.blackList = 25
        expected.overdueInspection = PerCount(points: 4, max: 16)
        expected.confirmedFinding = PerCount(points: 2, max: 10)
        expected.accident = PerCount(points: 20, max: 40)
        expected.penalty = PerCount(points: 2.5, max: 10)
        expected.priorityWeights.critical = 5
        expected.priorityWeights.high = 3
        expected.priorityWeights.medium = 1.5
        expected.priorityWeights.low = 0
        expected.weightPerActiveHour = 1
        expected.activity24h = PerCount(points: 0.4, max: 8)
        expected.activity7d = PerCount(points: 0.05, max: 6)
        expected.dataQuality.targetPercent = 99
        expected.dataQuality.window = 86_400_000
        expected.dataQuality.shortfall = PerCount(points: 3, max: 12)
        expected.forceRed.unackedCriticalAfter = nil
        expected.forceRed.blackList = false
        expected.forceRed.accidents12m = 1
        expected.frequencies[0] = InspectionFrequency(text: "monthly", perYear: 12)
        expected.frequencies[3].perYear = 1
        #expect(s == expected)
    }

    @Test(
        arguments: [
            ("grades:\n  blu: 90\n", 2, 3, "unknown key 'blu' in section 'grades' (did you mean 'blue'?)"),
            (
                "grades:\n  orange: 80\n", 2, 3,
                "grade bands must rise from orange to blue (0 < orange < yellow < blue ≤ 100); got orange 80, yellow 75, blue 90"
            ),
            ("grades:\n  blue: 120\n", 2, 9, "'blue' of section 'grades' is 120; expected a score from 0 to 100"),
            (
                "inherent:\n  hazard_grade: {1: -5}\n", 2, 21,
                "'1' of 'hazard_grade' of section 'inherent' is -5; points and weights cannot be negative"
            ),
            ("inherent:\n  hazard_grade: {5: 1}\n", 2, 18, "unknown key '5' in 'hazard_grade' of section 'inherent'"),
            (
                "management:\n  credit: {grey_list: 5}\n", 2, 12,
                "unknown key 'grey_list' in 'credit' of section 'management'"
            ),
            (
                "record:\n  accident: {points: lots}\n", 2, 22,
                "'points' of 'accident' of section 'record' must be a number; got 'lots'"
            ),
            (
                "live:\n  data_quality: {window: 90m}\n", 2, 26,
                "'window' of 'data_quality' of section 'live' must be whole hours from 1h to 7d"
            ),
            (
                "live:\n  data_quality: {target: 120}\n", 2, 26,
                "'target' of 'data_quality' of section 'live' is 120; expected a percentage above 0, at most 100"
            ),
            (
                "live:\n  priority_weights: {urgent: 9}\n", 2, 22,
                "unknown key 'urgent' in 'priority_weights' of section 'live'"
            ),
            (
                "force_red:\n  accidents_12m: -1\n", 2, 18,
                "'accidents_12m' of section 'force_red' is -1; expected a whole number from 0 to 1000"
            ),
            (
                "force_red:\n  unacked_critical_after: soon\n", 2, 27,
                "'unacked_critical_after' of section 'force_red' must be a duration"
            ),
            ("force_red:\n  black_list: maybe\n", 2, 15, "'black_list' of section 'force_red' must be true or false"),
            ("classes:\n  E: {per_year: 1}\n", 2, 3, "unknown key 'E' in section 'classes'"),
            (
                "classes:\n  A: {per_year: 400}\n", 2, 17,
                "'per_year' of class 'A' is 400; expected a whole number from 0 to 365"
            ),
            (
                "weights: {}\n", 1, 1,
                "unknown key 'weights' in the risk config; expected one of: grades, inherent, management"
            ),
            ("grades: [90, 75, 60]\n", 1, 9, "section 'grades' must be a mapping"),
        ] as [(String, Int, Int, String)])
    func reportsProblemsWithPositions(yaml: String, line: Int, column: Int, message: String) throws {
        let files = try Self.config(yaml)
        do {
            _ = try CatalogLoader.loadConfig(files.config)
            Issue.record("expected a problem")
        } catch {
            try #require(error.problems.count == 1, "\(error)")
            let problem = error.problems[0]
            #expect(problem.file == files.risk)
            #expect("\(problem.line):\(problem.column)" == "\(line):\(column)", "\(problem.description)")
            #expect(problem.message.contains(message), "\(problem.message)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let files = try Self.config(
            "grades: {blue: 900}\nrecord: {penalty: {points: -1}}\nforce_red: {black_list: 2}\n")
        do {
            _ = try CatalogLoader.loadConfig(files.config)
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.line) == [1, 2, 3], "\(error)")
        }
    }

    @Test func missingRiskFileIsReportedAtTheKey() throws {
        let dir = try RiskRepo.scratch()
        let config = dir.appendingPathComponent("hazmon.yaml").path
        try "risk: nope.yaml\n".write(toFile: config, atomically: true, encoding: .utf8)
        do {
            _ = try CatalogLoader.loadConfig(config)
            Issue.record("expected a problem")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "\(config):1:7: risk file '\(dir.path)/nope.yaml' not found; 'risk' is resolved relative to this config file"
                ])
        }
    }
}
