import HazmonCore
import HazmonReport
import Testing

@Suite struct SeriesDownsamplerTests {
    @Test func boundedBucketsKeepTheExtremes() {
        var d = SeriesDownsampler(capacity: 100)
        // 48 h at one sample per second with one spike up and one down.
        for i in 0..<172_800 {
            let ts = Millis(i) * 1000
            let v = i == 100_000 ? 50.0 : i == 150_000 ? -40.0 : Double(i % 7)
            d.add(ts, v)
        }
        d.add(5000, .nan)  // not a level: skipped
        #expect(d.samples == 172_800)
        #expect(d.buckets.count <= 100)
        #expect(d.buckets.compactMap { $0 }.reduce(0) { $0 + $1.count } == 172_800)
        let points = d.points
        #expect(points.count <= 200)
        #expect(points.contains { $0.ts == 100_000_000 && $0.value == 50 })
        #expect(points.contains { $0.ts == 150_000_000 && $0.value == -40 })
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.0.ts <= $0.1.ts })
    }

    @Test func shortSeriesKeepEverySample() {
        var d = SeriesDownsampler(capacity: 100)
        for i in 0..<10 { d.add(Millis(i) * 180_000, Double(i)) }
        #expect(d.points.map(\.value) == (0..<10).map(Double.init))
    }
}

@Suite struct SVGPlotTests {
    static let tag = TagSpec(
        id: "R.PT", name: "reactor <pressure>", enterprise: 0, hazardSource: 0, kind: .pressure, unit: "kPa",
        limits: [
            LimitRule(condition: .HH, value: 2950, deadband: 10, timing: RuleTiming(priority: .critical)),
            LimitRule(condition: .H, value: 2895, deadband: 10, timing: RuleTiming(priority: .medium)),
            LimitRule(condition: .L, value: 2679, deadband: 5.3, timing: RuleTiming(priority: .medium)),
        ],
        window: WindowRule(function: .mean, over: 900_000, limit: 2800, isHigh: true,
                           timing: RuleTiming(priority: .medium)))

    static func svg() -> String {
        let facts = [
            AlarmFacts(id: "E/R.PT/H", enterprise: 0, subject: "E/R.PT", tag: 0, condition: .H, priority: .medium),
        ]
        var recorder = PlotRecorder(alarms: facts, tags: 1)
        for i in 0..<960 { recorder.record(tag: 0, ts: Millis(i) * 180_000, value: 2700 + Double(i % 50) * 5) }
        recorder.record(AlarmEvent(seq: 1, alarm: 0, enterprise: 0, transition: .activate, state: .unack,
                                   flags: .annunciated, ts: 3_600_000, activatedAt: 3_600_000, value: 2900, limit: 2895))
        recorder.record(AlarmEvent(seq: 2, alarm: 0, enterprise: 0, transition: .return, state: .rtnUnack, flags: [],
                                   ts: 7_200_000, activatedAt: 3_600_000, value: 2800, limit: 2895))
        #expect(recorder.plottedTags(onlyAlarmed: true) == [0])
        return SVGPlot.render(tag: tag, enterprise: "E", trace: recorder.traces[0], from: 0, to: 959 * 180_000)
    }

    @Test func drawsLimitsDeadbandsWindowAndAlarmSpans() {
        let s = Self.svg()
        #expect(s.hasPrefix("<?xml"))
        #expect(s.hasSuffix("</svg>\n"))
        for label in ["HH 2950", "H 2895", "L 2679", "WINDOW mean 2800"] {
            #expect(s.contains("<line class=\"limit\" data-limit=\"\(label)\""), "missing limit line \(label)")
        }
        #expect(count("class=\"deadband\"", in: s) == 3)
        #expect(s.contains("class=\"alarm\" data-condition=\"H\" data-priority=\"medium\""))
        #expect(s.contains("fill=\"#e6c300\""))
        #expect(s.contains("reactor &lt;pressure&gt;"))
        #expect(!s.contains("<pressure>"))
        #expect(s.contains(">01-01 00:00<") || s.contains(">00:00<"))
    }

    @Test func everyElementIsClosed() {
        // A structural check without an XML parser: tags balance (the CLI test parses with python3).
        let s = Self.svg()
        for element in ["svg", "g", "text", "title", "clipPath"] {
            let opens = count("<\(element)>", in: s) + count("<\(element) ", in: s)
            let closes = count("</\(element)>", in: s)
            #expect(opens == closes, "\(element): \(opens) opened, \(closes) closed")
        }
    }

    @Test(arguments: [(Millis(30 * 60_000), Millis(300_000)), (Millis(48 * 3_600_000), Millis(21_600_000)),
                      (Millis(20_000), Millis(5000))])
    func timeSteps(span: Millis, step: Millis) {
        var recorder = PlotRecorder(alarms: [], tags: 1)
        recorder.record(tag: 0, ts: 0, value: 1)
        recorder.record(tag: 0, ts: span, value: 2)
        let s = SVGPlot.render(tag: Self.tag, enterprise: "E", trace: recorder.traces[0], from: 0, to: span)
        let ticks = count("class=\"time\"", in: s)
        #expect(ticks == Int(span / step) + 1)
    }
}

/// Non-overlapping occurrences of `needle` in `text`.
func count(_ needle: String, in text: String) -> Int { text.ranges(of: needle).count }
