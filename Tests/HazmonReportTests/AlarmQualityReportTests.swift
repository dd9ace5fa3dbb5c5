import HazmonCore
import HazmonIO
import HazmonReport
import Testing

/// Hand-built event streams with figures worked out by hand.
@Suite struct AlarmQualityReportTests {
    static let minute: Millis = 60_000
    static let hour: Millis = 3_600_000

    /// `count` alarms of one enterprise `E` with two tags, ids `E/T<i>/H`.
    static func facts(_ count: Int, priority: (Int) -> Priority = { _ in .medium }) -> [AlarmFacts] {
        (0..<count).map { i in
            AlarmFacts(id: "E/T\(i < 10 ? "0" : "")\(i)/H", enterprise: 0, subject: "E/T\(i)", tag: i % 2,
                       condition: .H, priority: priority(i))
        }
    }

    static func event(_ alarm: Int, _ transition: Transition, at ts: Millis, state: AlarmState? = nil,
                      flags: AlarmFlags = [], activatedAt: Millis? = nil) -> AlarmEvent {
        let state = state ?? (transition == .activate ? .unack : .rtnUnack)
        return AlarmEvent(seq: 0, alarm: Int32(alarm), enterprise: 0, transition: transition, state: state,
                          flags: flags, ts: ts, activatedAt: activatedAt ?? ts, value: 1, limit: 0)
    }

    static func report(_ facts: [AlarmFacts], tags: Int = 2, reference: Millis? = nil) -> AlarmQualityReport {
        AlarmQualityReport(alarms: facts, enterprises: ["E"], tagsPerEnterprise: [tags], reference: reference)
    }

    @Test func floodSharePeakAndAverages() {
        var r = Self.report(Self.facts(2))
        r.observeSample(at: 0)
        r.observeSample(at: Self.hour - 1)  // one hour: six 10-minute periods
        // 11 annunciated activations in the first period (a flood period), 3 in the third.
        for i in 0..<11 { r.record(Self.event(i % 2, .activate, at: Millis(i) * 1000, flags: .annunciated)) }
        for i in 0..<3 { r.record(Self.event(0, .activate, at: 20 * Self.minute + Millis(i), flags: .annunciated)) }
        // Exactly 10 in the fifth period: at the threshold, not over it, so not a flood period.
        for i in 0..<10 { r.record(Self.event(1, .activate, at: 50 * Self.minute + Millis(i), flags: .annunciated)) }
        // Returns and unannunciated activations are not load.
        r.record(Self.event(0, .return, at: 30 * Self.minute))
        r.record(Self.event(0, .activate, at: 40 * Self.minute, flags: .shelved))
        let s = r.summary()
        #expect(s.periods == 6)
        #expect(s.hours == 1)
        #expect(s.overall.annunciated == 24)
        #expect(s.overall.floodPeriods == 1)
        #expect(s.overall.floodShare == 1.0 / 6)
        #expect(s.overall.per10MinPeak == 11)
        #expect(s.overall.per10MinPeakAt == 0)
        #expect(s.overall.per10MinAverage == 4)
        #expect(s.overall.perHourAverage == 24)
        #expect(s.overall.perHourPeak == 24)
        #expect(s.overall.band == .overDemanding)
        #expect(s.hidden == [.shelved: 1])
        #expect(s.enterprises.map(\.load) == [s.overall])
    }

    @Test(arguments: [(3.0, LoadBand.acceptable), (6.0, .acceptable), (6.5, .manageable), (12.0, .manageable),
                      (12.1, .overDemanding)])
    func eemuaBands(rate: Double, band: LoadBand) {
        #expect(LoadBand(perHour: rate) == band)
    }

    @Test func peakPeriodsAreEpochAlignedAndTheEarliestWins() {
        var r = Self.report(Self.facts(1))
        r.observeSample(at: 5 * Self.minute)  // period starts at 00:00, not at the first sample
        r.observeSample(at: 3 * Self.hour)
        for ts in [12 * Self.minute, 15 * Self.minute, 95 * Self.minute, 99 * Self.minute] {
            r.record(Self.event(0, .activate, at: ts, flags: .annunciated))
        }
        let s = r.summary()
        #expect(s.periods == 19)  // 00:00 … 03:00 inclusive
        #expect(s.overall.per10MinPeak == 2)
        #expect(s.overall.per10MinPeakAt == 10 * Self.minute)
        #expect(s.overall.perHourPeak == 2)
        #expect(s.overall.perHourPeakAt == 0)
    }

    @Test func topTenBadActorsAndTheirShare() {
        // Alarm i activates i + 1 times: 12 alarms, 78 activations; the top ten are 3…12 = 75.
        var r = Self.report(Self.facts(12))
        r.observeSample(at: 0)
        var ts: Millis = 0
        for a in 0..<12 {
            for _ in 0...a {
                ts += 1000
                r.record(Self.event(a, .activate, at: ts, flags: .annunciated))
            }
        }
        let s = r.summary()
        #expect(s.badActors.map(\.id) == (2..<12).reversed().map { "E/T\($0 < 10 ? "0" : "")\($0)/H" })
        #expect(s.badActors.first?.count == 12)
        #expect(s.badActors.first?.share == 12.0 / 78)
        #expect(s.badActorShare == 75.0 / 78)
    }

    @Test func badActorTiesGoByAlarmId() {
        var r = Self.report(Self.facts(3))
        for a in [2, 0, 1] { r.record(Self.event(a, .activate, at: 1000, flags: .annunciated)) }
        #expect(r.summary().badActors.map(\.id) == ["E/T00/H", "E/T01/H", "E/T02/H"])
    }

    @Test func standingAndStillActiveAlarms() {
        var r = Self.report(Self.facts(3))
        r.observeSample(at: 0)
        // Alarm 0: active 25 h, then returns: one standing episode.
        r.record(Self.event(0, .activate, at: 0, flags: .annunciated))
        r.record(Self.event(0, .ack, at: Self.hour, state: .ack, activatedAt: 0))
        r.record(Self.event(0, .return, at: 25 * Self.hour, state: .normal, activatedAt: 0))
        // Alarm 1: active from 1 h to the end at 30 h: 29 h, standing and still active.
        r.record(Self.event(1, .activate, at: Self.hour, flags: .annunciated))
        // Alarm 2: a 2 h episode, then active for the last 10 min.
        r.record(Self.event(2, .activate, at: 2 * Self.hour, flags: .annunciated))
        r.record(Self.event(2, .return, at: 4 * Self.hour, activatedAt: 2 * Self.hour))
        r.record(Self.event(2, .clear, at: 5 * Self.hour, state: .normal, activatedAt: 2 * Self.hour))
        r.record(Self.event(2, .activate, at: 30 * Self.hour - 10 * Self.minute, flags: .annunciated))
        r.observeSample(at: 30 * Self.hour)
        let s = r.summary()
        #expect(s.standing == [
            StandingAlarm(id: "E/T00/H", episodes: 1, longest: 25 * Self.hour),
            StandingAlarm(id: "E/T01/H", episodes: 1, longest: 29 * Self.hour),
        ])
        #expect(s.activeAtEnd == [
            ActiveAlarm(id: "E/T01/H", priority: .medium, since: Self.hour, duration: 29 * Self.hour),
            ActiveAlarm(id: "E/T02/H", priority: .medium, since: 30 * Self.hour - 10 * Self.minute,
                        duration: 10 * Self.minute),
        ])
    }

    @Test func chatteringActivationsAreCountedApart() {
        var r = Self.report(Self.facts(1))
        r.observeSample(at: 0)
        r.record(Self.event(0, .activate, at: 0, flags: .annunciated))
        r.record(Self.event(0, .return, at: 10_000))
        r.record(Self.event(0, .activate, at: 20_000, flags: .annunciated))
        r.record(Self.event(0, .return, at: 30_000))
        r.record(Self.event(0, .activate, at: 40_000, flags: [.chattering]))
        r.record(Self.event(0, .chatter, at: 40_000, flags: [.chattering]))
        r.record(Self.event(0, .return, at: 45_000, flags: [.chattering]))
        r.record(Self.event(0, .activate, at: 50_000, flags: [.chattering]))
        let s = r.summary()
        #expect(s.overall.annunciated == 2)
        #expect(s.hidden == [.chattering: 2])
        #expect(s.chattering == [ChatteringAlarm(id: "E/T00/H", episodes: 1, hiddenActivations: 2, annunciated: 2)])
        #expect(s.activity.first?.activations == 4)
    }

    @Test func priorityMixAndAlarmsPerTagPerDay() {
        let priorities: [Priority] = [.low, .medium, .high, .critical]
        var r = Self.report(Self.facts(4) { priorities[$0] }, tags: 2)
        r.observeSample(at: 0)
        r.observeSample(at: 24 * Self.hour - 1)  // exactly one day
        for (a, n) in [8, 4, 2, 2].enumerated() {
            for i in 0..<n { r.record(Self.event(a, .activate, at: Millis(a * 10 + i) * Self.hour / 100, flags: .annunciated)) }
        }
        let s = r.summary()
        #expect(s.priorities == [.low: 8, .medium: 4, .high: 2, .critical: 2])
        #expect(s.overall.perTagPerDay == 8)  // 16 activations, 2 tags, 1 day
    }

    @Test func floodEventsAndTheReferenceTime() {
        var r = Self.report(Self.facts(1), reference: 10_000)
        r.record(AlarmEvent(seq: 0, alarm: -1, enterprise: 0, transition: .floodStart, state: .normal,
                            flags: [.annunciated, .flood], ts: 5000, activatedAt: AlarmEvent.never, value: 11, limit: 10))
        r.record(Self.event(0, .activate, at: 5000, flags: .annunciated))
        r.record(Self.event(0, .return, at: 6000))
        r.record(Self.event(0, .activate, at: 12_000, flags: .annunciated))
        let s = r.summary()
        #expect(s.enterprises.first?.floodStarts == 1)
        #expect(s.activity == [AlarmCount(id: "E/T00/H", subject: "E/T0", activations: 2, annunciated: 2, first: 5000,
                                          firstAfter: 12_000, beforeReference: 1)])
    }

    @Test func nothingReplayedGivesAnEmptyReport() {
        let s = Self.report(Self.facts(1)).summary()
        #expect(s.start == nil)
        #expect(s.periods == 0)
        #expect(s.overall.perHourAverage == 0)
        #expect(ReportTable.render(s).contains("nothing replayed"))
    }
}

/// The JSON the CLI writes for `--report-json` is valid and carries the figures.
@Suite struct ReportJSONTests {
    @Test func parsesBackWithTheFigures() throws {
        var r = AlarmQualityReportTests.report(AlarmQualityReportTests.facts(2))
        r.observeSample(at: 0)
        r.observeSample(at: 3_600_000 - 1)
        for i in 0..<12 {
            r.record(AlarmQualityReportTests.event(i % 2, .activate, at: Millis(i) * 1000, flags: .annunciated))
        }
        let text = ReportJSON.value(r.summary()).text()
        let json = try JSONValue.parse(text)
        guard case .number(let floods)? = json["overall"]?["flood_periods"],
              case .number(let peak)? = json["overall"]?["per_10min_peak"],
              case .string(let band)? = json["overall"]?["eemua_band"],
              case .array(let actors)? = json["bad_actors"],
              case .string(let start)? = json["start"]
        else {
            Issue.record("missing keys in \(text)")
            return
        }
        #expect(floods == 1)
        #expect(peak == 12)
        #expect(band == "manageable")
        #expect(actors.count == 2)
        #expect(start == "1970-01-01T00:00:00.000Z")
        #expect(json["reference"] == .null)
    }
}
