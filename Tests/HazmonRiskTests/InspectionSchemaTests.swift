import Foundation
import HazmonCore
import HazmonRisk
import HazmonTestSupport
import Testing

/// `InspectionTask.json()` and the shipped examples against `Alerts/inspection-task.schema.json`, the
/// contract with the console, checked by an independent validator (python3-jsonschema).
@Suite("Inspection task schema")
struct InspectionSchemaTests {
    static let alerts = InspectionConfigTests.repo.appendingPathComponent("Alerts")

    /// Validates each document; returns 0 when all match, 1 otherwise, and the validator's complaints.
    static func validate(_ documents: [String]) throws -> (status: Int32, errors: String) {
        let verdict = try SchemaValidator.validate(
            documents: documents, schema: alerts.appendingPathComponent("inspection-task.schema.json").path)
        return (verdict.isValid ? 0 : 1, verdict.messages)
    }

    /// Tasks of every trigger in several states, as the policy writes them.
    static func policyOutput() throws -> [String] {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)  // sustained (and PT1 goes stale later: data_outage)
        for k in 0..<3 { plant.pulse(T.gt1, at: t0 + Millis(k) * 10 * minute, high: 60) }  // critical, repeated
        plant.advance(to: t0 + 5 * hour)  // timers fire, critical task overdue
        var changes = plant.changes
        changes += plant.policy.riskGradeChanged(enterprise: "E2", from: nil, to: .red, at: t0 + 5 * hour)
        let critical = try #require(plant.open(.criticalAlarm).first)
        changes.append(try plant.policy.update(task: critical.id, status: .acknowledged, assignee: "inspector:li", by: "lead:sun",
                                    at: t0 + 5 * hour))
        changes.append(try plant.policy.update(task: critical.id, status: .inProgress, by: "inspector:li", at: t0 + 6 * hour))
        changes.append(try plant.policy.update(
            task: critical.id, status: .closed,
            findings: InspectionFindings(hazardConfirmed: true, note: "leak at \"V-3\"\nfixed"),
            by: "inspector:li", at: t0 + 7 * hour))
        let repeated = try #require(plant.open(.repeatedAlarms).first)
        changes.append(try plant.policy.update(task: repeated.id, status: .cancelled, note: "covered by INS-E1-1",
                                               by: "lead:sun", at: t0 + 7 * hour))
        #expect(Set(changes.map(\.task.trigger)) == Set(InspectionTrigger.allCases))
        #expect(changes.contains { $0.task.overdue } && changes.contains { $0.task.status == .closed })
        return changes.map { $0.task.json() }
    }

    @Test func policyOutputMatchesTheSchema() throws {
        let documents = try Self.policyOutput()
        #expect(documents.count >= 8)
        let result = try Self.validate(documents)
        #expect(result.status == 0, "schema violations:\n\(result.errors)")
    }

    @Test func shippedExamplesMatchTheSchemaAndParse() throws {
        let folder = Self.alerts.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("inspection-") && $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 2)
        var documents: [String] = []
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let compact = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: data))
            documents.append(String(decoding: compact, as: UTF8.self))
            // What the console is shown, the store can read back.
            let task = try InspectionTask.parse(String(decoding: data, as: UTF8.self))
            #expect(try InspectionTask.parse(task.json()) == task)
        }
        let result = try Self.validate(documents)
        #expect(result.status == 0, "schema violations:\n\(result.errors)")
    }

    /// The validator must be able to fail: each variant breaks one rule of the contract.
    @Test(arguments: [
        ("\"status\":\"open\"", "\"status\":\"done\""),
        ("\"color\":\"red\"", "\"color\":\"blue\""),
        ("\"findings\":null", "\"findings\":{\"hazard_confirmed\":true,\"note\":\"x\"}"),
        ("\"opened_at\":\"2026-11-22T00:00:00.000Z\"", "\"opened_at\":\"2026-11-22 00:00\""),
        ("\"overdue\":false", "\"overdue\":\"no\""),
        (",\"evidence_count\":1", ""),
    ])
    func brokenTasksAreRejected(original: String, broken: String) throws {
        var policy = InspectionPolicy(model: Plant.model)
        let task = try #require(policy.riskGradeChanged(enterprise: "E1", from: .orange, to: .red, at: t0).first?.task)
        var good = task
        good.priority = .critical
        let json = good.json()
        #expect(json.contains(original))
        let result = try Self.validate([json.replacingFirst(original, with: broken)])
        #expect(result.status == 1, "accepted: \(broken)")
        #expect(try Self.validate([json]).status == 0)
    }
}
