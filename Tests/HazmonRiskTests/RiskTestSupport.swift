import Foundation
import HazmonCore
import HazmonRisk

/// A small two-enterprise plant driven through the real engine, with a tracker fed its events.
///
/// E1 (standardization 1, normal credit): HS1 grade 2; T1 pressure HH 90 (critical), T2 level H 80
/// (medium), T3 temperature with a 60 s stale rule. E2: HS2 with R 120 (grade 1), G1 gas HH 50.
struct RiskPlant {
    /// 2026-07-15T10:00:00Z: an hour boundary, so window arithmetic in tests is easy to follow.
    static let t0: Millis = 1_784_109_600_000
    static let minute: Millis = 60_000
    static let hour: Millis = 3_600_000

    static let model = EngineModel(
        enterprises: [
            EnterpriseSpec(id: "E1", name: "East Tank Farm", credit: "normal", standardization: 1),
            EnterpriseSpec(id: "E2", name: "West Gas Works", credit: "normal", standardization: 1),
        ],
        hazardSources: [
            HazardSourceSpec(id: "HS1", enterprise: 0, grade: 2),
            HazardSourceSpec(id: "HS2", enterprise: 1, rValue: 120),
        ],
        tags: [
            TagSpec(
                id: "T1", enterprise: 0, hazardSource: 0, kind: .pressure, unit: "MPa",
                limits: [LimitRule(condition: .HH, value: 90, timing: RuleTiming(priority: .critical))]),
            TagSpec(
                id: "T2", enterprise: 0, hazardSource: 0, kind: .level, unit: "%",
                limits: [LimitRule(condition: .H, value: 80, timing: RuleTiming(priority: .medium))]),
            TagSpec(
                id: "T3", enterprise: 0, hazardSource: 0, kind: .temperature, unit: "°C",
                stale: StaleRule(after: 60_000)),
            TagSpec(
                id: "G1", enterprise: 1, hazardSource: 1, kind: .gasCombustible, unit: "%LEL",
                limits: [LimitRule(condition: .HH, value: 50, timing: RuleTiming(priority: .critical))]),
        ])

    var engine: AlarmEngine
    var tracker: RiskTracker

    init(settings: RiskSettings = RiskSettings(), start: Millis = RiskPlant.t0) {
        engine = AlarmEngine(model: Self.model)
        tracker = RiskTracker(engine: engine, settings: settings, start: start)
    }

    func alarm(_ tag: Int, _ condition: Condition) -> Int { engine.alarm(tag: tag, condition: condition)! }

    /// Feeds one sample through the engine and its events to the tracker.
    @discardableResult
    mutating func sample(_ tag: Int, at ts: Millis, _ value: Double, quality: Quality = .good) -> [AlarmEvent] {
        var events: [AlarmEvent] = []
        _ = engine.process(Sample(tag: Int32(tag), ts: ts, value: value, quality: quality), into: &events)
        for event in events { tracker.record(event) }
        return events
    }

    /// Moves both clocks (fires STALE timers).
    mutating func advance(to ts: Millis) {
        var events: [AlarmEvent] = []
        engine.advance(to: ts, into: &events)
        for event in events { tracker.record(event) }
        tracker.advance(to: ts)
    }

    mutating func ack(_ alarm: Int, at ts: Millis) throws {
        var events: [AlarmEvent] = []
        try engine.acknowledge(alarm: alarm, at: ts, into: &events)
        for event in events { tracker.record(event) }
    }

    mutating func shelve(_ alarm: Int, until: Millis, at ts: Millis) throws {
        var events: [AlarmEvent] = []
        try engine.shelve(alarm: alarm, until: until, at: ts, into: &events)
        for event in events { tracker.record(event) }
    }

    func assess(_ enterprise: Int = 0, at ts: Millis) -> RiskAssessment {
        tracker.assess(enterprise: enterprise, at: ts)
    }
}

/// Paths the tests read.
enum RiskRepo {
    /// `Tests/HazmonRiskTests/RiskTestSupport.swift` → three levels up is the package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let config = root.appendingPathComponent("Config/hazmon.yaml").path

    /// A fresh temporary folder.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-risk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
