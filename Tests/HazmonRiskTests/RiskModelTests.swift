import HazmonCore
import HazmonRisk
import Testing

/// The scoring model over hand-made facts: every factor, every band boundary, every forced-red rule.
@Suite("Risk model")
struct RiskModelTests {
    static let settings = RiskSettings()

    static func assess(_ facts: RiskFacts, _ settings: RiskSettings = settings) -> RiskAssessment {
        RiskModel.assess(facts, settings: settings, enterprise: "E1", name: "East", index: 0, at: RiskPlant.t0)
    }

    /// Facts that deduct nothing with the default settings (grade-1 standardization, no hazard grade).
    static var clean: RiskFacts {
        var f = RiskFacts()
        f.standardization = 1
        return f
    }

    struct FactorCase: Sendable, CustomStringConvertible {
        var name: String
        var factor: RiskFactorID
        var points: Double
        var change: @Sendable (inout RiskFacts) -> Void
        var description: String { name }
    }

    static let factorCases: [FactorCase] = [
        FactorCase(name: "no graded source", factor: .hazardGrade, points: 0) { $0.hazardSources = 1 },
        FactorCase(name: "hazard grade 1", factor: .hazardGrade, points: 15) {
            $0.worstGrade = 1
            $0.worstSource = "HS"
        },
        FactorCase(name: "hazard grade 2", factor: .hazardGrade, points: 10) { $0.worstGrade = 2 },
        FactorCase(name: "hazard grade 3", factor: .hazardGrade, points: 6) { $0.worstGrade = 3 },
        FactorCase(name: "hazard grade 4", factor: .hazardGrade, points: 3) { $0.worstGrade = 4 },
        FactorCase(name: "standardization 1", factor: .standardization, points: 0) { $0.standardization = 1 },
        FactorCase(name: "standardization 2", factor: .standardization, points: 3) { $0.standardization = 2 },
        FactorCase(name: "standardization 3", factor: .standardization, points: 6) { $0.standardization = 3 },
        FactorCase(name: "no standardization", factor: .standardization, points: 10) { $0.standardization = nil },
        FactorCase(name: "red list", factor: .credit, points: 0) { $0.credit = "red_list" },
        FactorCase(name: "black list", factor: .credit, points: 20) { $0.credit = "black_list" },
        FactorCase(name: "1 overdue task", factor: .overdueInspections, points: 5) { $0.overdueInspections = 1 },
        FactorCase(name: "5 overdue tasks, capped", factor: .overdueInspections, points: 20) {
            $0.overdueInspections = 5
        },
        FactorCase(name: "2 findings", factor: .confirmedFindings, points: 6) { $0.confirmedFindings = 2 },
        FactorCase(name: "1 accident", factor: .accidents, points: 15) { $0.accidents12m = 1 },
        FactorCase(name: "3 accidents, capped", factor: .accidents, points: 30) { $0.accidents12m = 3 },
        FactorCase(name: "2 penalties", factor: .penalties, points: 6) { $0.penalties12m = 2 },
        FactorCase(name: "one critical activation", factor: .alarmActivity24h, points: 2) {
            $0.activity24h = AlarmActivity(activations: [1, 0, 0, 0], activeMillis: [0, 0, 0, 0])
        },
        FactorCase(name: "30 medium activations, capped", factor: .alarmActivity24h, points: 10) {
            $0.activity24h = AlarmActivity(activations: [0, 0, 30, 0], activeMillis: [0, 0, 0, 0])
        },
        FactorCase(name: "critical active 2 h", factor: .alarmActivity24h, points: 2) {
            // 4 × (0 + 0.5 × 2 h) = 4 units × 0.5 points
            $0.activity24h = AlarmActivity(activations: [0, 0, 0, 0], activeMillis: [2 * RiskPlant.hour, 0, 0, 0])
        },
        FactorCase(name: "low activations weigh a quarter", factor: .alarmActivity24h, points: 0.5) {
            $0.activity24h = AlarmActivity(activations: [0, 0, 0, 4], activeMillis: [0, 0, 0, 0])
        },
        FactorCase(name: "week of high activations", factor: .alarmActivity7d, points: 4) {
            $0.activity7d = AlarmActivity(activations: [0, 20, 0, 0], activeMillis: [0, 0, 0, 0])
        },
        FactorCase(name: "online at target", factor: .dataQuality, points: 0) {
            $0.dataQuality = DataQualityFacts(tags: 200, observedMillis: RiskPlant.hour, offlineTagMillis: RiskPlant.hour)
        },
        FactorCase(name: "online 99 %", factor: .dataQuality, points: 1) {
            $0.dataQuality = DataQualityFacts(tags: 100, observedMillis: RiskPlant.hour, offlineTagMillis: RiskPlant.hour)
        },
        FactorCase(name: "online 50 %, capped", factor: .dataQuality, points: 15) {
            $0.dataQuality = DataQualityFacts(tags: 2, observedMillis: RiskPlant.hour, offlineTagMillis: RiskPlant.hour)
        },
        FactorCase(name: "nothing observed", factor: .dataQuality, points: 0) {
            $0.dataQuality = DataQualityFacts(tags: 2, observedMillis: 0, offlineTagMillis: 0)
        },
    ]

    @Test(arguments: factorCases)
    func factorDeducts(_ c: FactorCase) throws {
        var facts = Self.clean
        c.change(&facts)
        let assessment = Self.assess(facts)
        #expect(assessment.points(c.factor) == c.points)
        // Only this factor deducts, so the score is 100 minus it.
        #expect(assessment.score == 100 - c.points)
        let factor = try #require(assessment.factors.first { $0.id == c.factor })
        #expect(factor.group == c.factor.group)
        #expect(factor.points <= factor.maxPoints)
        #expect(!factor.explanation.isEmpty)
    }

    @Test func everyFactorIsReportedInOrder() {
        let factors = Self.assess(Self.clean).factors
        #expect(factors.map(\.id) == RiskFactorID.allCases)
        #expect(Set(factors.map(\.group)) == Set(RiskFactorGroup.allCases))
        #expect(Self.assess(Self.clean).score == 100)
    }

    @Test(arguments: [
        (100.0, RiskGrade.blue), (90, .blue), (89.99, .yellow), (75, .yellow), (74.99, .orange), (60, .orange),
        (59.99, .red), (0, .red),
    ])
    func gradeBands(score: Double, grade: RiskGrade) {
        #expect(RiskBands().grade(forScore: score) == grade)
    }

    /// Scores made of 0.1-rounded factors: exactly on a band boundary is the better colour, 0.1 below the worse.
    @Test(arguments: [
        (40.0, 60.0, RiskGrade.orange, SupervisionClass.B), (40.1, 59.9, .red, .A), (25, 75, .yellow, .C),
        (25.1, 74.9, .orange, .B), (10, 90, .blue, .D), (10.1, 89.9, .yellow, .C), (150, 0, .red, .A),
    ])
    func scoreBoundaries(deduction: Double, score: Double, grade: RiskGrade, supervision: SupervisionClass) {
        var settings = RiskSettings()
        settings.penalty = PerCount(points: deduction, max: 1000)
        var facts = Self.clean
        facts.penalties12m = 1
        let a = Self.assess(facts, settings)
        #expect(a.score == score)
        #expect(a.grade == grade)
        #expect(a.supervisionClass == supervision)
        #expect(a.frequency == settings.frequency(supervision))
        #expect(a.forcedRed.isEmpty)
    }

    @Test func supervisionClassesAndLabels() {
        #expect(RiskGrade.allCases.map(\.supervisionClass) == [.D, .C, .B, .A])
        #expect(
            SupervisionClass.allCases.map(\.label)
                == ["full inspection", "key spot checks", "proactive assistance", "no disturbance"])
    }

    struct ForceCase: Sendable, CustomStringConvertible {
        var name: String
        var codes: [String]
        var change: @Sendable (inout RiskFacts, inout RiskSettings) -> Void
        var description: String { name }
    }

    static let forceCases: [ForceCase] = [
        ForceCase(name: "critical unacknowledged 29 min 59 s", codes: []) { f, _ in
            f.unackedCritical = UnackedCritical(alarm: "E1/T1/HH", duration: 30 * RiskPlant.minute - 1000)
        },
        ForceCase(name: "critical unacknowledged 30 min", codes: ["unacked_critical"]) { f, _ in
            f.unackedCritical = UnackedCritical(alarm: "E1/T1/HH", duration: 30 * RiskPlant.minute)
        },
        ForceCase(name: "unacknowledged rule turned off", codes: []) { f, s in
            f.unackedCritical = UnackedCritical(alarm: "E1/T1/HH", duration: 5 * RiskPlant.hour)
            s.forceRed.unackedCriticalAfter = nil
        },
        ForceCase(name: "black list", codes: ["black_list"]) { f, _ in f.credit = "black_list" },
        ForceCase(name: "black list rule off", codes: []) { f, s in
            f.credit = "black_list"
            s.forceRed.blackList = false
        },
        ForceCase(name: "accidents off by default", codes: []) { f, _ in f.accidents12m = 1 },
        ForceCase(name: "accidents at the limit", codes: ["accidents"]) { f, s in
            f.accidents12m = 2
            s.forceRed.accidents12m = 2
        },
        ForceCase(name: "all at once", codes: ["unacked_critical", "black_list", "accidents"]) { f, s in
            f.unackedCritical = UnackedCritical(alarm: "E1/T1/HH", duration: RiskPlant.hour)
            f.credit = "black_list"
            f.accidents12m = 1
            s.forceRed.accidents12m = 1
        },
    ]

    @Test(arguments: forceCases)
    func forcedRed(_ c: ForceCase) {
        var facts = Self.clean
        var settings = RiskSettings()
        // Keep the score blue so only forcing can make it red.
        settings.creditPoints.blackList = 0
        settings.accident.points = 0
        c.change(&facts, &settings)
        let a = Self.assess(facts, settings)
        #expect(a.forcedRed.map(\.code) == c.codes)
        #expect(a.scoreGrade == .blue)
        #expect(a.grade == (c.codes.isEmpty ? .blue : .red))
        #expect(a.supervisionClass == (c.codes.isEmpty ? .D : .A))
    }

    @Test func forcedRedReasonNamesTheAlarmAndTheTime() {
        var facts = Self.clean
        facts.unackedCritical = UnackedCritical(alarm: "E1/T1/HH", duration: 42 * RiskPlant.minute)
        #expect(
            Self.assess(facts).forcedRed.map(\.text) == [
                "critical alarm E1/T1/HH unacknowledged for 42 min (limit 30 min)"
            ])
    }

    @Test func factorPointsAddUpToTheScore() {
        var facts = Self.clean
        facts.worstGrade = 2
        facts.standardization = 3
        facts.penalties12m = 1
        facts.activity24h = AlarmActivity(activations: [0, 1, 3, 1], activeMillis: [0, RiskPlant.hour / 3, 0, 0])
        let a = Self.assess(facts)
        let sum = a.factors.reduce(0) { $0 + $1.points }
        #expect(abs((100 - sum) - a.score) < 1e-9)
        #expect(a.factors.allSatisfy { $0.points >= 0 && ($0.points * 10).rounded() == $0.points * 10 })
    }
}
