public import HazmonCore

/// The scoring itself: facts and settings in, assessment out. Pure and stateless, so every factor
/// and boundary is tested without a tracker.
///
/// Each factor's points are rounded to 0.1 and the score is 100 minus their sum, floored at 0, so
/// the published factors always add up to the published score and the grade read from the score
/// is the grade published (a 59.95 cannot show as 60.0 and be red).
public enum RiskModel {
    /// The enterprise's assessment from its facts.
    public static func assess(
        _ facts: RiskFacts, settings: RiskSettings, enterprise: String, name: String, index: Int, at ts: Millis
    ) -> RiskAssessment {
        let factors = factors(facts, settings: settings)
        let tenths = factors.reduce(0) { $0 + Int(($1.points * 10).rounded()) }
        let score = Double(max(0, 1000 - tenths)) / 10
        let scoreGrade = settings.bands.grade(forScore: score)
        let forced = forcedRed(facts, settings: settings)
        let grade: RiskGrade = forced.isEmpty ? scoreGrade : .red
        return RiskAssessment(
            enterprise: enterprise, enterpriseName: name, enterpriseIndex: index, ts: ts, score: score, grade: grade,
            scoreGrade: scoreGrade, frequency: settings.frequency(grade.supervisionClass), forcedRed: forced,
            factors: factors)
    }

    /// Every factor in `RiskFactorID` order.
    public static func factors(_ facts: RiskFacts, settings s: RiskSettings) -> [RiskFactor] {
        [
            hazardGrade(facts, s), standardization(facts, s), credit(facts, s),
            counted(
                .overdueInspections, facts.overdueInspections, s.overdueInspection, "overdue inspection task",
                input: "overdue_tasks"),
            counted(
                .confirmedFindings, facts.confirmedFindings, s.confirmedFinding, "confirmed finding",
                input: "confirmed_findings"),
            counted(
                .accidents, facts.accidents12m, s.accident, "accident", input: "accidents_12m",
                suffix: " in the last 12 months"),
            counted(
                .penalties, facts.penalties12m, s.penalty, "administrative penalty", plural: "administrative penalties",
                input: "penalties_12m", suffix: " in the last 12 months"),
            activity(.alarmActivity24h, facts.activity24h, s.activity24h, s, window: "24 h"),
            activity(.alarmActivity7d, facts.activity7d, s.activity7d, s, window: "7 d"),
            dataQuality(facts.dataQuality, s),
        ]
    }

    /// The conditions of `settings.forceRed` that hold.
    public static func forcedRed(_ facts: RiskFacts, settings: RiskSettings) -> [ForcedRedReason] {
        var reasons: [ForcedRedReason] = []
        if let limit = settings.forceRed.unackedCriticalAfter, let alarm = facts.unackedCritical,
            alarm.duration >= limit
        {
            reasons.append(
                ForcedRedReason(
                    code: "unacked_critical",
                    text: "critical alarm \(alarm.alarm) unacknowledged for \(RiskText.duration(alarm.duration)) "
                        + "(limit \(RiskText.duration(limit)))"))
        }
        if settings.forceRed.blackList, facts.credit == "black_list" {
            reasons.append(ForcedRedReason(code: "black_list", text: "enterprise is on the credit black list"))
        }
        if let limit = settings.forceRed.accidents12m, facts.accidents12m >= limit {
            reasons.append(
                ForcedRedReason(
                    code: "accidents",
                    text: "\(RiskText.count(facts.accidents12m, "accident")) in the last 12 months (limit \(limit))"))
        }
        return reasons
    }

    private static func rounded(_ points: Double) -> Double { (max(0, points) * 10).rounded() / 10 }

    private static func hazardGrade(_ f: RiskFacts, _ s: RiskSettings) -> RiskFactor {
        let points = rounded(s.hazardPoints(grade: f.worstGrade))
        let explanation: String
        if let grade = f.worstGrade {
            explanation =
                "worst major hazard source \(f.worstSource ?? "?") is GB 18218 grade \(grade) "
                + "(of \(RiskText.count(f.hazardSources, "hazard source")))"
        } else {
            explanation =
                f.hazardSources == 0
                ? "no major hazard source in the catalog" : "no hazard source has a GB 18218 grade or R value"
        }
        let maxPoints = (s.hazardGradePoints + [s.ungradedHazardPoints]).max() ?? 0
        return RiskFactor(
            id: .hazardGrade, points: points, maxPoints: maxPoints,
            inputs: [
                RiskInput("worst_grade", f.worstGrade.map { .number(Double($0)) } ?? .none),
                RiskInput("worst_source", f.worstSource.map { .text($0) } ?? .none),
                RiskInput("hazard_sources", .number(Double(f.hazardSources))),
                RiskInput("graded_sources", .number(Double(f.gradedHazardSources))),
            ],
            explanation: explanation)
    }

    private static func standardization(_ f: RiskFacts, _ s: RiskSettings) -> RiskFactor {
        let points = rounded(s.standardizationPoints(grade: f.standardization))
        let explanation =
            f.standardization.map { "safety standardization grade \($0)" }
            ?? "no safety standardization grade"
        return RiskFactor(
            id: .standardization, points: points,
            maxPoints: (s.standardizationPoints + [s.noStandardizationPoints]).max() ?? 0,
            inputs: [RiskInput("grade", f.standardization.map { .number(Double($0)) } ?? .none)],
            explanation: explanation)
    }

    private static func credit(_ f: RiskFacts, _ s: RiskSettings) -> RiskFactor {
        let c = s.creditPoints
        let text: String =
            switch f.credit {
            case "black_list": "on the credit black list"
            case "red_list": "on the credit red list"
            default: "normal credit status"
            }
        return RiskFactor(
            id: .credit, points: rounded(c.points(f.credit)), maxPoints: max(c.normal, c.redList, c.blackList),
            inputs: [RiskInput("credit", .text(f.credit))], explanation: text)
    }

    private static func counted(
        _ id: RiskFactorID, _ n: Int, _ rate: PerCount, _ singular: String, plural: String? = nil, input: String,
        suffix: String = ""
    ) -> RiskFactor {
        let points = rounded(rate.deduction(Double(n)))
        var explanation = RiskText.count(n, singular, plural) + suffix
        if n > 0 {
            explanation += ": \(RiskText.number(rate.points)) each"
            if rate.points * Double(n) > rate.max { explanation += ", capped at \(RiskText.number(rate.max))" }
        }
        return RiskFactor(
            id: id, points: points, maxPoints: rate.max, inputs: [RiskInput(input, .number(Double(n)))],
            explanation: explanation)
    }

    private static func activity(
        _ id: RiskFactorID, _ a: AlarmActivity, _ rate: PerCount, _ s: RiskSettings, window: String
    ) -> RiskFactor {
        let load = a.load(s)
        var inputs: [RiskInput] = []
        for priority in Priority.allCases {
            inputs.append(RiskInput("\(priority.rawValue)_activations", .number(Double(a.activations[priority.rank]))))
        }
        for priority in Priority.allCases {
            let hours = Double(a.activeMillis[priority.rank]) / 3_600_000
            inputs.append(RiskInput("\(priority.rawValue)_active_hours", .number((hours * 100).rounded() / 100)))
        }
        inputs.append(RiskInput("load", .number((load * 100).rounded() / 100)))
        let totalHours = Double(a.activeMillis.reduce(0, +)) / 3_600_000
        var explanation = "\(RiskText.count(a.count, "annunciated activation")) in \(window)"
        if a.count > 0 || totalHours > 0 {
            explanation +=
                " (critical \(a.activations[0]), high \(a.activations[1]), medium \(a.activations[2]), "
                + "low \(a.activations[3])), \(RiskText.number(totalHours)) h active: load \(RiskText.number(load))"
                + " × \(RiskText.number(rate.points))"
            if load * rate.points > rate.max { explanation += ", capped at \(RiskText.number(rate.max))" }
        }
        return RiskFactor(
            id: id, points: rounded(rate.deduction(load)), maxPoints: rate.max, inputs: inputs,
            explanation: explanation)
    }

    private static func dataQuality(_ d: DataQualityFacts, _ s: RiskSettings) -> RiskFactor {
        let target = s.dataQuality.targetPercent
        let inputs = [
            RiskInput("online_percent", d.onlinePercent.map { .number(($0 * 1000).rounded() / 1000) } ?? .none),
            RiskInput("target_percent", .number(target)),
            RiskInput("tags", .number(Double(d.tags))),
            RiskInput("observed_hours", .number((Double(d.observedMillis) / 36_000).rounded() / 100)),
            RiskInput("offline_tag_hours", .number((Double(d.offlineTagMillis) / 36_000).rounded() / 100)),
        ]
        guard let online = d.onlinePercent else {
            let why = d.tags == 0 ? "no tags in service" : "nothing observed yet"
            return RiskFactor(
                id: .dataQuality, points: 0, maxPoints: s.dataQuality.shortfall.max, inputs: inputs,
                explanation: "online rate not rated: \(why)")
        }
        let shortfall = max(0, target - online)
        let window = RiskText.duration(s.dataQuality.window)
        var explanation =
            "tags online \(RiskText.number(online)) % of the last \(window) (target "
            + "\(RiskText.number(target)) %)"
        if shortfall > 0 {
            explanation +=
                ": \(RiskText.number(shortfall)) percentage points below × "
                + RiskText.number(s.dataQuality.shortfall.points)
            if shortfall * s.dataQuality.shortfall.points > s.dataQuality.shortfall.max {
                explanation += ", capped at \(RiskText.number(s.dataQuality.shortfall.max))"
            }
        }
        return RiskFactor(
            id: .dataQuality, points: rounded(s.dataQuality.shortfall.deduction(shortfall)),
            maxPoints: s.dataQuality.shortfall.max, inputs: inputs, explanation: explanation)
    }
}
