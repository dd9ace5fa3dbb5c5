import HazmonCatalog
import HazmonCore
import Testing

@Suite("DurationParser")
struct DurationParserTests {
    @Test(
        arguments: [
            ("500ms", 500), ("10s", 10_000), ("5m", 300_000), ("2h", 7_200_000), ("1d", 86_400_000),
            ("0", 0), ("0s", 0), ("0ms", 0), ("1.5s", 1_500), ("0.1s", 100), ("2.25m", 135_000), ("90s", 90_000),
            ("1.000s", 1_000),
        ] as [(String, Millis)])
    func parses(text: String, millis: Millis) {
        #expect(DurationParser.parse(text) == millis)
    }

    @Test(arguments: [
        "", "10", "s", "ms", "-5s", "+5s", "1.5ms", "10 s", " 10s", "5x", "1e3s", ".5s", "5.s", "1,5s", "5S",
        "1h30m", "99999999999999999999s", "0.0000000001s",
    ])
    func refuses(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test(
        arguments: [
            (0, "0s"), (500, "500ms"), (1_500, "1500ms"), (90_000, "90s"), (900_000, "15m"),
            (43_200_000, "12h"), (86_400_000, "1d"),
        ] as [(Millis, String)])
    func formats(millis: Millis, text: String) {
        #expect(DurationParser.format(millis) == text)
        #expect(DurationParser.parse(text) == millis)
    }
}
