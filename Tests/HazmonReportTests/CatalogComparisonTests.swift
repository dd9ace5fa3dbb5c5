import HazmonCore
import HazmonReport
import Testing

/// Two small catalogs with known differences, replayed through the real engine.
@Suite struct CatalogComparisonTests {
    /// One tag `E/T`; catalog A: `H` 10 at once and `L` 0; catalog B: `H` 10 after 2 s and `HH` 20.
    static func model(_ limits: [LimitRule]) -> EngineModel {
        EngineModel(
            enterprises: [EnterpriseSpec(id: "E")], hazardSources: [HazardSourceSpec(id: "HS", enterprise: 0)],
            tags: [TagSpec(id: "T", enterprise: 0, hazardSource: 0, kind: .pressure, limits: limits)])
    }
    static let a = model([
        LimitRule(condition: .H, value: 10, timing: RuleTiming(priority: .medium)),
        LimitRule(condition: .L, value: 0, timing: RuleTiming(priority: .medium)),
    ])
    static let b = model([
        LimitRule(condition: .HH, value: 20, timing: RuleTiming(priority: .high)),
        LimitRule(condition: .H, value: 10, timing: RuleTiming(onDelay: 2000, priority: .medium)),
    ])
    static let samples: [(Millis, Double)] = [
        (0, 5), (1000, 11), (2000, 12), (3000, 13), (4000, 5), (5000, -1), (6000, 5), (7000, 25), (8000, 25), (9000, 25),
    ]

    static func replay(_ model: EngineModel, reference: Millis?) -> AlarmQualitySummary {
        var engine = AlarmEngine(model: model)
        var report = AlarmQualityReport(engine: engine, reference: reference)
        var events: [AlarmEvent] = []
        for (ts, v) in samples {
            #expect(engine.process(Sample(tag: 0, ts: ts, value: v), into: &events) == .accepted)
            report.observeSample(at: ts)
        }
        for e in events { report.record(e) }
        return report.summary()
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        var key: String
        var a: Int
        var b: Int
        var change: CatalogComparison.FirstFire
        var testDescription: String { key }
    }

    @Test(arguments: [
        // A: H at 1 s and 7 s, L at 5 s. B: H after its delay at 3 s and 9 s, HH at 7 s.
        Expected(key: "E/T/H", a: 2, b: 2, change: .later(2000)),
        Expected(key: "E/T/L", a: 1, b: 0, change: .never),
        Expected(key: "E/T/HH", a: 0, b: 1, change: .new),
    ])
    func alarmByAlarm(_ expected: Expected) throws {
        let c = CatalogComparison(base: Self.replay(Self.a, reference: nil), other: Self.replay(Self.b, reference: nil))
        let row = try #require(c.alarms.first { $0.key == expected.key })
        #expect(row.baseCount == expected.a)
        #expect(row.otherCount == expected.b)
        #expect(row.change == expected.change)
        #expect(c.alarms.map(\.key) == ["E/T/H", "E/T/HH", "E/T/L"])
    }

    @Test func tagByTagAndHeadlines() throws {
        let c = CatalogComparison(base: Self.replay(Self.a, reference: nil), other: Self.replay(Self.b, reference: nil))
        let tag = try #require(c.tags.first)
        #expect(c.tags.count == 1)
        #expect(tag.key == "E/T")
        #expect((tag.baseCount, tag.otherCount) == (3, 3))
        #expect((tag.baseFirst, tag.otherFirst) == (1000, 3000))
        #expect(tag.change == .later(2000))
        let text = ComparisonTable.render(c, baseName: "a.yaml", otherName: "b.yaml")
        #expect(text.contains("E/T/L"))
        #expect(text.contains("never"))
        #expect(text.contains("later 0:00:02"))
    }

    @Test func firstFiresCountFromTheReference() throws {
        let c = CatalogComparison(base: Self.replay(Self.a, reference: 4500), other: Self.replay(Self.b, reference: 4500))
        let h = try #require(c.alarms.first { $0.key == "E/T/H" })
        #expect((h.baseFirst, h.otherFirst) == (7000, 9000))
        let tag = try #require(c.tags.first)
        #expect((tag.baseFirst, tag.otherFirst) == (5000, 7000))  // A's L at 5 s, B's HH at 7 s
        #expect(c.earliest.base == 5000)
    }

    @Test(arguments: [
        (Millis?.some(5), Millis?.some(5), CatalogComparison.FirstFire.same),
        (5, 3, .earlier(2)), (3, 5, .later(2)), (5, nil, .never), (nil, 5, .new), (nil, nil, .neither),
    ])
    func firstFireClassification(base: Millis?, other: Millis?, expected: CatalogComparison.FirstFire) {
        #expect(CatalogComparison.FirstFire(base: base, other: other) == expected)
    }
}
