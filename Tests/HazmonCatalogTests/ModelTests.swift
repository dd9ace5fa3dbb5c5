import HazmonCatalog
import HazmonCore
import Testing

@Suite("Engine model")
struct ModelTests {
    private func load(_ yaml: String) throws -> LoadedCatalog {
        let scratch = Scratch()
        return try CatalogLoader.load(sensors: scratch.write("E1.yaml", yaml), config: scratch.config(profiles: nil))
    }

    @Test(arguments: [(150.0, 1), (100, 1), (99.9, 2), (50, 2), (49, 3), (10, 3), (9.99, 4), (0, 4)])
    func rValueGivesGrade(r: Double, grade: Int) throws {
        #expect(HazardGrade.grade(forR: r) == grade)
        let catalog = try load("enterprise: {id: E1}\nhazard_sources:\n  - {id: HS1, r_value: \(r)}\n")
        #expect(catalog.model.hazardSources == [HazardSourceSpec(id: "HS1", enterprise: 0, grade: grade, rValue: r)])
    }

    @Test func enterpriseAndHazardSourceFields() throws {
        let catalog = try load(
            """
            enterprise:
              id: "E001"
              name: Zibo Example Chemical Co.
              district: 370303
              credit: black_list
              standardization: none
              accidents_12m: 1
              penalties_12m: 2
            hazard_sources:
              - {id: HS01, name: Tank farm, grade: 2, maintenance: true}
              - {id: HS02}
            """)
        #expect(
            catalog.model.enterprises == [
                EnterpriseSpec(
                    id: "E001", name: "Zibo Example Chemical Co.", district: "370303", credit: "black_list",
                    standardization: nil, accidents12m: 1, penalties12m: 2)
            ])
        #expect(
            catalog.model.hazardSources == [
                HazardSourceSpec(id: "HS01", name: "Tank farm", enterprise: 0, grade: 2, maintenance: true),
                HazardSourceSpec(id: "HS02", enterprise: 0),
            ])
    }

    /// The Appendix A example, extended with hazmon's optional tag fields.
    @Test func appendixExampleWithEveryRule() throws {
        let catalog = try load(
            """
            enterprise: {id: E001}
            hazard_sources:
              - id: HS01
                tags:
                  - id: "T101.LT"
                    name: Ammonia tank level
                    kind: level
                    unit: "%"
                    range: [0, 100]
                    limits: { HH: { value: 90, deadband: 1, on_delay: 0s, priority: critical }, H: 85, L: 15, LL: 10 }
                    deadband: 2
                    on_delay: 10s
                    off_delay: 0s
                    stale_after: 60s
                    frozen: { after: 30m, epsilon: 0.01 }
                    roc: { max: 5, per: 60s, direction: rise, off_delay: 5s }
                    window: { fn: mean, over: 15m, L: 20, deadband: "1%" }
                    bad: { on_delay: 2s, priority: medium }
                    priorities: { FROZEN: medium }
                    out_of_service: true
                  - id: GND1
                    kind: discrete
                    alarm_value: false
                    on_delay: 3s
            """)
        let tank = catalog.model.tags[0]
        #expect(tank.name == "Ammonia tank level" && tank.outOfService)
        #expect(
            tank.limits == [
                LimitRule(condition: .HH, value: 90, deadband: 1, timing: RuleTiming(onDelay: 0, priority: .critical)),
                LimitRule(
                    condition: .H, value: 85, deadband: 2, timing: RuleTiming(onDelay: 10_000, priority: .medium)),
                LimitRule(
                    condition: .L, value: 15, deadband: 2, timing: RuleTiming(onDelay: 10_000, priority: .medium)),
                LimitRule(condition: .LL, value: 10, deadband: 2, timing: RuleTiming(onDelay: 10_000, priority: .high)),
            ])
        #expect(tank.stale == StaleRule(after: 60_000))
        #expect(tank.frozen == FrozenRule(after: 1_800_000, epsilon: 0.01, priority: .medium))
        #expect(
            tank.roc
                == RocRule(
                    max: 5, per: 60_000, direction: .rise,
                    timing: RuleTiming(onDelay: 10_000, offDelay: 5_000, priority: .medium)))
        #expect(
            tank.window
                == WindowRule(
                    function: .mean, over: 900_000, limit: 20, isHigh: false, deadband: 1,
                    timing: RuleTiming(onDelay: 10_000, priority: .medium)))
        #expect(tank.badTiming == RuleTiming(onDelay: 2_000, priority: .medium))
        let ground = catalog.model.tags[1]
        #expect(ground.kind == .discrete && ground.discreteAlarmValue == false)
        #expect(ground.discreteTiming == RuleTiming(onDelay: 3_000, priority: .high))
        #expect(ground.limits.isEmpty && ground.roc == nil && ground.window == nil)
    }

    @Test(arguments: [
        (TagKind.gasCombustible, Condition.HH, Priority.critical), (.gasToxic, .LL, .critical), (.oxygen, .H, .medium),
        (.level, .HH, .high), (.pressure, .LL, .high), (.flow, .H, .medium), (.temperature, .L, .medium),
        (.level, .ROC, .medium), (.gasToxic, .WINDOW, .medium), (.level, .STALE, .low), (.level, .FROZEN, .low),
        (.oxygen, .BAD, .low), (.discrete, .DISCRETE, .high), (.level, .VOTE, .critical),
    ])
    func defaultPriorities(kind: TagKind, condition: Condition, priority: Priority) {
        #expect(DefaultPriorities.priority(for: condition, kind: kind) == priority)
    }

    @Test func votesAcrossHazardSourcesHaveNoCommonSource() throws {
        let catalog = try load(
            """
            enterprise: {id: E1}
            hazard_sources:
              - id: HS1
                tags: [{id: D1, kind: discrete, alarm_value: true}]
              - id: HS2
                tags: [{id: D2, kind: discrete, alarm_value: true}, {id: T3, kind: level, stale_after: 1m}]
            votes:
              - {id: ESD, members: [D1, D2], condition: DISCRETE, k: 1, priority: high}
              - {id: BADS, members: [D2, T3], condition: BAD, k: 2}
              - {id: QUIET, members: [T3], condition: STALE, k: 1}
            """)
        #expect(
            catalog.model.votes == [
                VoteSpec(
                    id: "ESD", enterprise: 0, hazardSource: nil, members: [0, 1], condition: .DISCRETE, k: 1,
                    priority: .high),
                VoteSpec(id: "BADS", enterprise: 0, hazardSource: 1, members: [1, 2], condition: .BAD, k: 2),
                VoteSpec(id: "QUIET", enterprise: 0, hazardSource: 1, members: [2], condition: .STALE, k: 1),
            ])
        #expect(catalog.voteIndex(enterprise: "E1", vote: "QUIET") == 2)
    }

    @Test func tagIdsMayRepeatAcrossEnterprises() throws {
        let scratch = Scratch()
        scratch.write(
            "Sensors/a.yaml", "enterprise: {id: A}\nhazard_sources: [{id: HS, tags: [{id: T, kind: flow}]}]\n")
        scratch.write(
            "Sensors/b.yaml", "enterprise: {id: B}\nhazard_sources: [{id: HS, tags: [{id: T, kind: flow}]}]\n")
        let catalog = try CatalogLoader.load(
            sensors: scratch.folder + "/Sensors", config: scratch.config(profiles: nil))
        #expect(catalog.tagIndex(enterprise: "A", tag: "T") == 0)
        #expect(catalog.tagIndex(enterprise: "B", tag: "T") == 1)
        #expect(catalog.model.hazardSources.map(\.enterprise) == [0, 1])
        #expect(catalog.tagIndex(enterprise: "C", tag: "T") == nil)
    }
}
