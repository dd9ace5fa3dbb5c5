import Foundation
import HazmonCatalog
import HazmonCore
import Testing

/// The golden catalogs in shared/conformance use no profile, so each tag has exactly the rules it lists.
@Suite("Conformance catalogs")
struct ConformanceCatalogTests {
    private func load(_ name: String) throws -> LoadedCatalog {
        try CatalogLoader.load(sensors: Repo.conformance(name), config: Repo.config)
    }

    @Test func g01LimitsWithDeadbandAndDelays() throws {
        let catalog = try load("g01_limits_deadband_delays")
        #expect(catalog.files == [Repo.conformance("g01_limits_deadband_delays")])
        #expect(
            catalog.model.enterprises == [
                EnterpriseSpec(
                    id: "G01", name: "Holdout G01", district: "370303", credit: "normal", standardization: 2,
                    accidents12m: 0, penalties12m: 0)
            ])
        #expect(
            catalog.model.hazardSources == [HazardSourceSpec(id: "HS1", name: "toluene tank", enterprise: 0, grade: 3)])
        let index = try #require(catalog.tagIndex(enterprise: "G01", tag: "TK1.LT"))
        let tag = catalog.model.tags[index]
        #expect(tag.kind == .level && tag.unit == "%" && tag.rangeLow == 0 && tag.rangeHigh == 100)
        #expect(
            tag.limits == [
                LimitRule(
                    condition: .HH, value: 92, deadband: 1.5,
                    timing: RuleTiming(onDelay: 4_000, offDelay: 2_000, priority: .high)),
                LimitRule(
                    condition: .H, value: 88, deadband: 1.5,
                    timing: RuleTiming(onDelay: 4_000, offDelay: 2_000, priority: .medium)),
                LimitRule(
                    condition: .L, value: 10, deadband: 1.5,
                    timing: RuleTiming(onDelay: 4_000, offDelay: 2_000, priority: .medium)),
            ])
        #expect(tag.stale == nil && tag.frozen == nil && tag.roc == nil && tag.window == nil)
        #expect(tag.discreteAlarmValue == nil)
        #expect(tag.badTiming == RuleTiming(priority: .low))
        #expect(catalog.model.votes.isEmpty)
    }

    @Test func g02StaleAndBad() throws {
        let catalog = try load("g02_stale_and_bad")
        let temperature = catalog.model.tags[try #require(catalog.tagIndex(enterprise: "G02", tag: "R.TT"))]
        let pressure = catalog.model.tags[try #require(catalog.tagIndex(enterprise: "G02", tag: "R.PT"))]
        #expect(temperature.stale == StaleRule(after: 20_000, priority: .low))
        #expect(
            temperature.limits == [
                LimitRule(condition: .H, value: 150, deadband: 2, timing: RuleTiming(priority: .medium))
            ])
        #expect(pressure.stale == StaleRule(after: 20_000, priority: .low))
        #expect(pressure.limits.isEmpty)
        #expect(catalog.model.hazardSources[0].grade == 1)
    }

    @Test func g03ToxicGasAndVote() throws {
        let catalog = try load("g03_toxic_vote")
        #expect(catalog.model.tags.map(\.id) == ["CL1", "CL2", "CL3"])
        for tag in catalog.model.tags {
            #expect(tag.kind == .gasToxic)
            #expect(
                tag.limits == [
                    LimitRule(condition: .HH, value: 2, deadband: 0.1, timing: RuleTiming(priority: .critical)),
                    LimitRule(condition: .H, value: 1, deadband: 0.1, timing: RuleTiming(priority: .medium)),
                ])
        }
        #expect(
            catalog.model.votes == [
                VoteSpec(
                    id: "CL-AREA", enterprise: 0, hazardSource: 0, members: [0, 1, 2], condition: .H, k: 2,
                    priority: .critical)
            ])
        #expect(catalog.voteIndex(enterprise: "G03", vote: "CL-AREA") == 0)
        #expect(catalog.tagIndex(enterprise: "G03", tag: "CL-AREA") == nil)
    }

    @Test func g04FrozenAndRateOfChange() throws {
        let catalog = try load("g04_frozen_and_roc")
        let tag = try #require(catalog.model.tags.first)
        #expect(tag.frozen == FrozenRule(after: 600_000, epsilon: 0.001, priority: .low))
        #expect(tag.roc == RocRule(max: 0.3, per: 120_000, direction: .rise, timing: RuleTiming(priority: .medium)))
        #expect(tag.limits.isEmpty && tag.stale == nil)
        #expect(tag.windowCapacity == 256)
    }

    @Test func loadsAllFourAsOneFolder() throws {
        let catalog = try CatalogLoader.load(
            sensors: Repo.shared.appendingPathComponent("conformance").path, config: Repo.config)
        #expect(catalog.model.enterprises.map(\.id) == ["G01", "G02", "G03", "G04"])
        #expect(catalog.files == catalog.files.sorted() && catalog.files.count == 4)
        #expect(catalog.enterpriseIndex("G03") == 2)
        #expect(catalog.tagIndex(enterprise: "G04", tag: "SP.PT") == catalog.model.tags.count - 1)
        #expect(catalog.tagIndex(enterprise: "G01", tag: "SP.PT") == nil)
        for (index, tag) in catalog.model.tags.enumerated() {
            let enterprise = catalog.model.enterprises[tag.enterprise].id
            #expect(catalog.tagIndex(enterprise: enterprise, tag: tag.id) == index)
            #expect(catalog.model.hazardSources[tag.hazardSource].enterprise == tag.enterprise)
        }
    }
}
