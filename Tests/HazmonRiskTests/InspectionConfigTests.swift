import Foundation
import HazmonCatalog
import HazmonCore
import HazmonRisk
import Testing

/// The `inspections` section of `Config/hazmon.yaml` → `InspectionSettings`, errors at `file:line:col`.
@Suite("Inspection config")
struct InspectionConfigTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Writes `text` as a config file in a fresh temporary folder.
    static func config(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("hazmon.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func shippedConfigHoldsTheSpecDefaults() throws {
        let config = try CatalogLoader.loadConfig(Self.repo.appendingPathComponent("Config/hazmon.yaml").path)
        #expect(config.inspections == InspectionSettings())
    }

    @Test func withoutTheSectionDefaultsApply() throws {
        #expect(try CatalogLoader.loadConfig(Self.config("engine:\n  window_samples: 64\n")).inspections
            == InspectionSettings())
    }

    @Test func readsEverySetting() throws {
        let file = try Self.config("""
            inspections:
              critical_alarm: {enabled: false}
              sustained_alarm: {enabled: true, after: 45m, min_priority: critical}
              repeated_alarms: {count: 5, within: 12h, min_priority: high}
              data_outage: {after: 2h, grades: [1, 2, 3], priority: medium}
              risk_escalation: {grade: orange, priority: critical, enabled: false}
              due: {critical: 1h, high: 12h, medium: 48h}
              max_evidence: 20
              findings_window: 180d
            """)
        var expected = InspectionSettings()
        expected.criticalAlarm.enabled = false
        expected.sustainedAlarm.after = 45 * minute
        expected.sustainedAlarm.minPriority = .critical
        expected.repeatedAlarms.count = 5
        expected.repeatedAlarms.within = 12 * hour
        expected.repeatedAlarms.minPriority = .high
        expected.dataOutage.after = 2 * hour
        expected.dataOutage.grades = [1, 2, 3]
        expected.dataOutage.priority = .medium
        expected.riskEscalation.grade = .orange
        expected.riskEscalation.priority = .critical
        expected.riskEscalation.enabled = false
        expected.due.critical = hour
        expected.due.high = 12 * hour
        expected.due.medium = 48 * hour
        expected.maxEvidence = 20
        expected.findingsWindow = 180 * day
        #expect(try CatalogLoader.loadConfig(file).inspections == expected)
    }

    @Test(arguments: [
        ("inspections:\n  critical: {enabled: true}\n", 2, 3,
         "unknown key 'critical' in section 'inspections'; expected one of: critical_alarm, sustained_alarm"),
        ("inspections:\n  sustained_alarm:\n    after: 0\n", 3, 12,
         "'after' of 'sustained_alarm' of section 'inspections' must be longer than 0"),
        ("inspections:\n  sustained_alarm:\n    after: half an hour\n", 3, 12,
         "'after' of 'sustained_alarm' of section 'inspections' must be a duration"),
        ("inspections:\n  repeated_alarms: {count: 0}\n", 2, 28,
         "'count' of 'repeated_alarms' of section 'inspections' is 0; expected a whole number from 1 to 1000"),
        ("inspections:\n  repeated_alarms: {min_priority: urgent}\n", 2, 35,
         "'min_priority' of 'repeated_alarms' of section 'inspections' must be one of: critical, high, medium, low"),
        ("inspections:\n  data_outage:\n    grades: [1, 5]\n", 3, 17,
         "a grade in 'grades' of 'data_outage' of section 'inspections' is 5; expected a whole number from 1 to 4"),
        ("inspections:\n  data_outage:\n    grades: []\n", 3, 13, "is empty; list grades 1 to 4"),
        ("inspections:\n  data_outage: {priority: low}\n", 2, 27,
         "'priority' of 'data_outage' of section 'inspections' must be one of: critical, high, medium; got 'low'"),
        ("inspections:\n  risk_escalation: {grade: purple}\n", 2, 28,
         "must be one of: blue, yellow, orange, red; got 'purple'"),
        ("inspections:\n  critical_alarm: {enabled: maybe}\n", 2, 29, "must be true or false"),
        ("inspections:\n  due:\n    critical: 2h\n    low: 7d\n", 4, 5,
         "unknown key 'low' in 'due' of section 'inspections'"),
        ("inspections:\n  max_evidence: 1\n", 2, 17, "expected a whole number from 2 to 10000"),
        ("inspections: true\n", 1, 14, "section 'inspections' must be a mapping"),
    ])
    func problemsAreReportedAtTheirPosition(text: String, line: Int, column: Int, message: String) throws {
        let file = try Self.config(text)
        do {
            _ = try CatalogLoader.loadConfig(file)
            Issue.record("expected a problem")
        } catch {
            try #require(error.problems.count == 1, "\(error)")
            let problem = error.problems[0]
            #expect(problem.file == file)
            #expect("\(problem.line):\(problem.column)" == "\(line):\(column)", "\(problem.description)")
            #expect(problem.message.contains(message), "\(problem.message)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let file = try Self.config("inspections:\n  due: {high: 0}\n  max_evidence: x\n  data_outage: {after: -1h}\n")
        do {
            _ = try CatalogLoader.loadConfig(file)
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3, 4], "\(error)")
        }
    }
}
