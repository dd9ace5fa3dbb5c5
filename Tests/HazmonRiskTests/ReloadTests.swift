import Foundation
import HazmonCatalog
import HazmonCore
import HazmonRisk
import Testing

/// Supervision across a catalog reload: risk windows carried without loss, tasks and timers kept.
@Suite("Supervision reload")
struct SupervisionReloadTests {
    static func demo() throws -> LoadedCatalog {
        try CatalogLoader.load(sensors: RiskRepo.root.appendingPathComponent("Sensors/demo").path, config: RiskRepo.config)
    }

    @Test("a reload to the same catalog at any moment changes no later assessment", arguments: [5, 20, 59])
    func riskWindowsCarried(reloadAfterMinutes: Int) throws {
        let catalog = try Self.demo()
        var engine = AlarmEngine(model: catalog.model)
        let t0 = RiskPlant.t0
        var tracker = RiskTracker(engine: engine, settings: catalog.config.risk, start: t0 - RiskPlant.hour)
        var events: [AlarmEvent] = []
        // A high alarm of E-DEMO-01 active from t0 on, and a critical one of E-DEMO-02 left unacknowledged.
        let high = try #require(engine.rules.first {
            $0.enterprise == 0 && $0.priority == .high && $0.isHigh && $0.tag >= 0 && $0.condition == .HH
        })
        let critical = try #require(engine.rules.first {
            $0.enterprise == 1 && $0.priority == .critical && $0.tag >= 0 && $0.condition == .HH
        })
        for (rule, value) in [(high, high.limit + 0.1), (critical, critical.limit + 1)] {
            for ts in [t0, t0 + rule.onDelay + 1_000] {
                events.removeAll()
                _ = engine.process(Sample(tag: rule.tag, ts: ts, value: value), into: &events)
                for event in events { tracker.record(event) }
            }
        }
        let active = (0..<engine.alarmCount).filter { engine.lifecycle($0).state.isActive }.map { engine.rules[$0] }
        #expect(active.contains(high) && active.contains(critical))
        let reloadAt = t0 + Millis(reloadAfterMinutes) * RiskPlant.minute
        tracker.advance(to: reloadAt)
        var reloaded = tracker.reloaded(engine: engine, settings: catalog.config.risk, at: reloadAt)
        let later = t0 + 90 * RiskPlant.minute
        tracker.advance(to: later)
        reloaded.advance(to: later)
        for e in catalog.model.enterprises.indices {
            let before = tracker.assess(enterprise: e, at: later)
            let after = reloaded.assess(enterprise: e, at: later)
            #expect(before.json() == after.json())
        }
    }
}

/// The inspection policy across a reload that removes a tag and moves the others' indexes.
@Suite("Inspection policy reload")
struct InspectionReloadTests {
    /// `Plant.model` without GT1, its tags in another order (so every dense index moves).
    static let reordered: EngineModel = {
        var model = Plant.model
        model.tags = [model.tags[3], model.tags[2], model.tags[0]]
        return model
    }()

    @Test("a pending sustained-alarm timer survives by alarm id; a removed alarm's timer is gone")
    func timersCarried() throws {
        var plant = Plant()
        plant.sample(T.gt1, t0, 60)  // critical HH, then removed by the reload
        plant.sample(T.pt1, t0 + minute, 11)  // high HH, kept
        plant.advance(to: t0 + 10 * minute)
        var reference = plant  // the same history without a reload

        let ts = t0 + 10 * minute
        var clears: [AlarmEvent] = []
        var (engine, report) = plant.engine.reloaded(with: Self.reordered, at: ts, into: &clears)
        #expect(report.removed.contains { $0.identity.description == "E1/GT1/HH" })
        #expect(clears.count == 2)  // GT1's HH and H were both active
        let renderer = plant.renderer
        for event in clears { _ = plant.policy.observe(event, rules: plant.engine.rules, renderer: renderer) }
        var policy = plant.policy.reloaded(model: Self.reordered, settings: plant.policy.settings, engine: engine)
        #expect(policy.openTasks == plant.policy.openTasks)

        let later = t0 + 45 * minute
        var none: [AlarmEvent] = []
        engine.advance(to: later, into: &none)
        let changes = policy.advance(to: later)
        let opened = changes.map(\.task).filter { $0.trigger == .sustainedAlarm }
        let expected = reference.advance(to: later).map(\.task).filter { $0.trigger == .sustainedAlarm }
        // Without the reload both HH alarms of HS1 would be evidence; with it, only PT1's, due at the same time.
        func evidence(_ tasks: [InspectionTask]) -> [String: Millis] {
            var out: [String: Millis] = [:]
            for task in tasks { for e in task.evidence { if let id = e.alarmID { out[id] = e.ts } } }
            return out
        }
        let withReload = evidence(opened)
        let without = evidence(expected)
        #expect(Set(without.keys) == ["E1/GT1/HH", "E1/PT1/HH"])
        #expect(Set(withReload.keys) == ["E1/PT1/HH"])
        #expect(withReload["E1/PT1/HH"] == without["E1/PT1/HH"])
    }
}
