import HazmonCore
import HazmonIO
import HazmonRisk

let second: Millis = 1_000
let minute: Millis = 60_000
let hour: Millis = 3_600_000
let day: Millis = 86_400_000
/// 2026-11-22T00:00:00Z: every scenario starts here.
let t0: Millis = 1_795_305_600_000

/// Tag indices of `Plant.model`.
enum T {
    /// Pressure on HS1 (grade 1): HH 10 high, H 8 medium, STALE 60 s.
    static let pt1: Int32 = 0
    /// Combustible gas on HS1: HH 50 critical, H 25 medium.
    static let gt1: Int32 = 1
    /// Level on HS2 (grade 3): H 80 medium, STALE 60 s.
    static let lt2: Int32 = 2
    /// Gas on HS3 (grade 2) in another enterprise: HH 50 critical.
    static let gt3: Int32 = 3
}

/// A small plant run through the real engine, every event fed to an inspection policy, as the service does.
struct Plant {
    static let model: EngineModel = {
        func limit(_ c: Condition, _ v: Double, _ p: Priority) -> LimitRule {
            LimitRule(condition: c, value: v, timing: RuleTiming(priority: p))
        }
        return EngineModel(
            enterprises: [EnterpriseSpec(id: "E1"), EnterpriseSpec(id: "E2")],
            hazardSources: [
                HazardSourceSpec(id: "HS1", enterprise: 0, grade: 1),
                HazardSourceSpec(id: "HS2", enterprise: 0, grade: 3),
                HazardSourceSpec(id: "HS3", enterprise: 1, grade: 2),
            ],
            tags: [
                TagSpec(id: "PT1", enterprise: 0, hazardSource: 0, kind: .pressure, unit: "MPa",
                        limits: [limit(.HH, 10, .high), limit(.H, 8, .medium)], stale: StaleRule(after: minute)),
                TagSpec(id: "GT1", enterprise: 0, hazardSource: 0, kind: .gasCombustible, unit: "%LEL",
                        limits: [limit(.HH, 50, .critical), limit(.H, 25, .medium)]),
                TagSpec(id: "LT2", enterprise: 0, hazardSource: 1, kind: .level, unit: "%",
                        limits: [limit(.H, 80, .medium)], stale: StaleRule(after: minute)),
                TagSpec(id: "GT3", enterprise: 1, hazardSource: 2, kind: .gasCombustible, unit: "%LEL",
                        limits: [limit(.HH, 50, .critical)]),
            ])
    }()

    var engine = AlarmEngine(model: Plant.model)
    var policy: InspectionPolicy
    /// Every alarm event so far.
    var events: [AlarmEvent] = []
    /// Every inspection change so far.
    var changes: [InspectionChange] = []

    init(_ settings: InspectionSettings = InspectionSettings()) {
        policy = InspectionPolicy(settings: settings, model: Plant.model)
    }

    var renderer: EventRenderer { EventRenderer(engine: engine) }

    /// Feeds the policy the events appended since `start`; returns its changes.
    @discardableResult
    mutating func feed(_ start: Int) -> [InspectionChange] {
        let renderer = self.renderer
        var out: [InspectionChange] = []
        for event in events[start...] {
            out += policy.observe(event, rules: engine.rules, renderer: renderer)
        }
        changes += out
        return out
    }

    /// One sample through engine and policy.
    @discardableResult
    mutating func sample(_ tag: Int32, _ ts: Millis, _ value: Double) -> [InspectionChange] {
        let start = events.count
        _ = engine.process(Sample(tag: tag, ts: ts, value: value), into: &events)
        return feed(start)
    }

    /// Moves both clocks to `now` (STALE timers in the engine, inspection timers and overdue in the policy).
    @discardableResult
    mutating func advance(to now: Millis) -> [InspectionChange] {
        let start = events.count
        engine.advance(to: now, into: &events)
        var out = feed(start)
        let timed = policy.advance(to: now)
        changes += timed
        out += timed
        return out
    }

    /// Alarm index of (tag, condition).
    func alarm(_ tag: Int32, _ condition: Condition) -> Int { engine.alarm(tag: Int(tag), condition: condition)! }

    mutating func shelve(_ tag: Int32, _ condition: Condition, at ts: Millis, for span: Millis = hour) throws {
        let start = events.count
        try engine.shelve(alarm: alarm(tag, condition), until: ts + span, at: ts, into: &events)
        feed(start)
    }

    mutating func unshelve(_ tag: Int32, _ condition: Condition, at ts: Millis) throws {
        let start = events.count
        try engine.unshelve(alarm: alarm(tag, condition), at: ts, into: &events)
        feed(start)
    }

    mutating func maintenance(_ hazardSource: Int, _ on: Bool, at ts: Millis) throws {
        let start = events.count
        try engine.setMaintenance(hazardSource: hazardSource, on, at: ts, into: &events)
        feed(start)
    }

    /// An alarm activation and its return a minute later (spaced so it never chatters).
    mutating func pulse(_ tag: Int32, at ts: Millis, high: Double, normal: Double = 0) {
        sample(tag, ts, high)
        sample(tag, ts + minute, normal)
    }

    /// Open tasks of one trigger.
    func open(_ trigger: InspectionTrigger) -> [InspectionTask] {
        policy.openTasks.values.filter { $0.trigger == trigger }.sorted { $0.id < $1.id }
    }
}
