import Foundation
import HazmonCore
import HazmonIO
import Testing

@Suite struct SampleFileTests {
    static let model = EngineModel(
        enterprises: [EnterpriseSpec(id: "E1")],
        hazardSources: [HazardSourceSpec(id: "HS", enterprise: 0)],
        tags: [TagSpec(id: "T1", enterprise: 0, hazardSource: 0, kind: .level),
               TagSpec(id: "D1", enterprise: 0, hazardSource: 0, kind: .discrete)])

    private func read(_ text: String, ext: String) throws -> (samples: [Sample], rejections: [SampleFile.Rejection]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("samples-\(UUID().uuidString).\(ext)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var samples: [Sample] = []
        var rejections: [SampleFile.Rejection] = []
        try SampleFile(path: url.path, directory: TagDirectory(model: Self.model))
            .read(accept: { samples.append($0) }, reject: { rejections.append($0) })
        return (samples, rejections)
    }

    @Test func readsCSVWithEveryValueForm() throws {
        let (samples, rejections) = try read("""
            ts,enterprise,tag,value,quality
            1000,E1,T1,42.5,good
            2026-01-01T00:00:00Z,E1,T1,NaN,
            2000,E1,D1,true,uncertain
            3000,E1,T1,-Infinity,bad
            4000,E1,T1,1e2

            """, ext: "csv")
        #expect(rejections.isEmpty, "\(rejections)")
        #expect(samples.count == 5)
        #expect(samples[0] == Sample(tag: 0, ts: 1000, value: 42.5, quality: .good))
        #expect(samples[1].ts == 1_767_225_600_000 && samples[1].value.isNaN)
        #expect(samples[2] == Sample(tag: 1, ts: 2000, value: 1, quality: .uncertain))
        #expect(samples[3].value == -.infinity && samples[3].quality == .bad)
        #expect(samples[4].value == 100)
    }

    @Test func rejectsBadLinesWithTheirLineNumbers() throws {
        let (samples, rejections) = try read("""
            ts,enterprise,tag,value,quality
            1000,E1,T1,1,good
            1000,E2,T1,1,good
            1000,E1,NOPE,1,good
            soon,E1,T1,1,good
            1000,E1,T1,lots,good
            1000,E1,T1,1,excellent
            1000,E1
            """, ext: "csv")
        #expect(samples.count == 1)
        #expect(rejections.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(rejections.map(\.reason) == [.unknownEnterprise, .unknownTag, .badTimestamp, .badValue, .badQuality,
                                             .malformed])
        #expect(rejections[1].detail.contains("NOPE"))
    }

    @Test func readsJSONLines() throws {
        let (samples, rejections) = try read("""
            {"ts": 1000, "enterprise": "E1", "tag": "T1", "v": 3.5}
            {"ts": "2026-01-01T00:00:00.250Z", "enterprise": "E1", "tag": "D1", "v": false, "q": "bad"}
            {"ts": 1000, "enterprise": "E1", "tag": "T1", "v": "3.5"}
            {"ts": 1000, "enterprise": "E1", "tag": "T1"
            """, ext: "jsonl")
        #expect(samples == [Sample(tag: 0, ts: 1000, value: 3.5), Sample(tag: 1, ts: 1_767_225_600_250, value: 0, quality: .bad)])
        #expect(rejections.map(\.reason) == [.badValue, .malformed])
        #expect(rejections.map(\.line) == [3, 4])
    }

    @Test func refusesAFileWithoutHeader() throws {
        #expect(throws: SampleFile.FormatError.self) { try read("1000,E1,T1,1\n", ext: "csv") }
    }
}
