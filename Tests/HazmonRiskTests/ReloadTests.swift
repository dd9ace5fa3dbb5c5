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
