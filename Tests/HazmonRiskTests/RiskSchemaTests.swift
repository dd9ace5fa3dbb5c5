import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonRisk
import HazmonTestSupport
import Testing

/// `RiskAssessment.json()` and the shipped examples against `Alerts/risk-score.schema.json`, the
/// contract with the console, checked by an independent validator (python3-jsonschema).
@Suite("Risk JSON")
struct RiskSchemaTests {
    static let schema = RiskRepo.root.appendingPathComponent("Alerts/risk-score.schema.json").path

    /// Validates each line of `lines`; returns the 1-based numbers of the lines that failed.
    static func invalidLines(_ lines: [String]) throws -> [Int] {
        try SchemaValidator.validate(documents: lines, schema: schema).invalidLines
    }

    /// The demo sites (`Sensors/demo`) with the shipped config, a quiet hour for E-DEMO-01 and an
    /// unacknowledged critical alarm at E-DEMO-02.
    static func demoAssessments() throws -> [RiskAssessment] {
        let catalog = try CatalogLoader.load(
            sensors: RiskRepo.root.appendingPathComponent("Sensors/demo").path, config: RiskRepo.config)
        var engine = AlarmEngine(model: catalog.model)
        let t0 = RiskPlant.t0
        var tracker = RiskTracker(engine: engine, settings: catalog.config.risk, start: t0 - 7 * 86_400_000)
        var events: [AlarmEvent] = []
        func feed(_ rule: AlarmRule, at ts: Millis, _ value: Double) {
            events.removeAll()
            _ = engine.process(Sample(tag: rule.tag, ts: ts, value: value), into: &events)
            for event in events { tracker.record(event) }
        }
        // E-DEMO-01: a high alarm for 20 minutes, returned.
        let high = try #require(
            engine.rules.first {
                $0.enterprise == 0 && $0.priority == .high && $0.isHigh && $0.tag >= 0 && $0.condition == .HH
            })
        feed(high, at: t0, high.limit + 0.1)
        feed(high, at: t0 + high.onDelay + 1_000, high.limit + 0.1)
        feed(high, at: t0 + 20 * RiskPlant.minute, high.limit - 10 * max(high.deadband, 0.1))
        // E-DEMO-02: a critical gas alarm nobody acknowledges, and two overdue inspection tasks.
        let critical = try #require(
            engine.rules.first { $0.enterprise == 1 && $0.priority == .critical && $0.tag >= 0 && $0.condition == .HH })
        feed(critical, at: t0 + 5 * RiskPlant.minute, critical.limit + 1)
        feed(critical, at: t0 + 5 * RiskPlant.minute + critical.onDelay + 1_000, critical.limit + 1)
        tracker.setOverdueInspections(2, enterprise: 1)
        let now = t0 + 47 * RiskPlant.minute
        tracker.advance(to: now)
        return tracker.assessAll(at: now)
    }

    @Test func outputMatchesTheSchema() throws {
        var lines = try Self.demoAssessments().map { $0.json() }
        // And the fixture plant at a few moments: clean, with activity, stale, forced red.
        var plant = RiskPlant()
        lines += plant.tracker.assessAll(at: RiskPlant.t0).map { $0.json() }
        plant.sample(0, at: RiskPlant.t0, 95)
        plant.sample(2, at: RiskPlant.t0, 20)
        plant.advance(to: RiskPlant.t0 + 40 * RiskPlant.minute)
        plant.tracker.setConfirmedFindings(9, enterprise: 0)
        lines += plant.tracker.assessAll(at: RiskPlant.t0 + 40 * RiskPlant.minute).map { $0.json() }
        #expect(lines.count == 6)
        #expect(try Self.invalidLines(lines) == [])
    }

    @Test func shippedExamplesMatchTheSchema() throws {
        let folder = RiskRepo.root.appendingPathComponent("Alerts/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("risk-") && $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 2)
        let lines = try files.map { file in
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        #expect(try Self.invalidLines(lines) == [])
    }

    /// The validator must be able to fail: each line breaks the contract in one way.
    @Test func brokenMessagesAreRejected() throws {
        var plant = RiskPlant()
        plant.sample(3, at: RiskPlant.t0, 60)
        let red = plant.assess(1, at: RiskPlant.t0 + RiskPlant.hour).json()
        #expect(red.contains("\"grade\":\"red\""))
        let broken = [
            red.replacingOccurrences(of: "\"class\":\"A\"", with: "\"class\":\"D\""),
            red.replacingOccurrences(of: "\"grade\":\"red\"", with: "\"grade\":\"blue\""),
            red.replacingOccurrences(of: "\"score\":", with: "\"score\":1"),
            red.replacingOccurrences(of: ".000Z\"", with: "Z\""),
            red.replacingOccurrences(of: "\"group\":\"inherent\"", with: "\"group\":\"live\""),
            red.replacingOccurrences(of: "\"points\":15.0", with: "\"points\":-15.0"),
            red.replacingOccurrences(of: "\"factors\":[", with: "\"factor\":["),
        ]
        for (i, line) in broken.enumerated() { #expect(line != red, "mutation \(i + 1) changed nothing") }
        #expect(try Self.invalidLines([red] + broken) == Array(2...(broken.count + 1)))
    }

    @Test func jsonCarriesTheContractFields() throws {
        var plant = RiskPlant()
        plant.tracker.setOverdueInspections(1, enterprise: 0)
        let json = try JSONValue.parse(plant.assess(at: RiskPlant.t0 + 90_123).json())
        #expect(json["enterprise"] == .string("E1"))
        #expect(json["enterprise_name"] == .string("East Tank Farm"))
        #expect(json["ts"] == .string("2026-07-15T10:01:30.123Z"))
        #expect(json["score"] == .number(85))
        #expect(json["grade"] == .string("yellow"))
        #expect(json["class"] == .string("C"))
        #expect(json["class_label"] == .string("proactive assistance"))
        #expect(json["inspections_per_year"] == .number(1))
        #expect(json["forced_red"] == .array([]))
        guard case .array(let factors) = json["factors"] else {
            Issue.record("factors is not an array")
            return
        }
        #expect(factors.count == RiskFactorID.allCases.count)
        let overdue = factors.first { $0["id"] == .string("overdue_inspections") }
        #expect(overdue?["group"] == .string("management"))
        #expect(overdue?["points"] == .number(5))
        #expect(overdue?["inputs"]?["overdue_tasks"] == .number(1))
        #expect(overdue?["explanation"] == .string("1 overdue inspection task: 5 each"))
        // One decimal, always: consumers can show it as it comes.
        #expect(plant.assess(at: RiskPlant.t0).json().contains("\"score\":85.0,"))
    }
}
