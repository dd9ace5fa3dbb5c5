import HazmonIO
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", Int64(0)),
        ("2026-01-01T00:00:00Z", 1_767_225_600_000),
        ("2026-01-01T08:00:00.5+08:00", 1_767_225_600_500),
        ("2026-02-10T00:00:00.123456Z", 1_770_681_600_123),
        ("2024-02-29T23:59:59.999-00:30", 1_709_252_999_999),
        ("1770681600000", 1_770_681_600_000),
        ("1969-12-31T23:59:59.999Z", -1),
    ])
    func parses(text: String, expected: Int64) {
        #expect(Timestamps.parse(text) == expected)
    }

    @Test(arguments: ["", "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T25:00:00Z",
                      "yesterday", "2026-01-01T00:00:00.Z", "12a"])
    func rejects(text: String) {
        #expect(Timestamps.parse(text) == nil)
    }

    @Test func formatsRoundTrip() {
        var state: UInt64 = 42
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let ms = Int64(state >> 22) - (1 << 41)  // about ±70 years around 1970
            let text = Timestamps.rfc3339(ms)
            #expect(Timestamps.parse(text) == ms, "\(ms) → \(text)")
        }
        #expect(Timestamps.rfc3339(1_770_681_617_000) == "2026-02-10T00:00:17.000Z")
    }
}
