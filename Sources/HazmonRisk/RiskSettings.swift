public import HazmonCore

/// Every weight and threshold of the risk model (SPEC §8). The defaults equal `Config/risk.yaml`,
/// which says where each number comes from; `RiskConfigParser` (HazmonCatalog) reads that file.
///
/// All factors are deductions from 100 points: a factor never adds points, so 100 is an enterprise
/// about which nothing is known against it.
public struct RiskSettings: Sendable, Hashable {
    /// Score bands of the colours.
    public var bands = RiskBands()

    /// Points deducted for the worst GB 18218 grade among the hazard sources, grade 1 first.
    public var hazardGradePoints: [Double] = [15, 10, 6, 3]
    /// Points deducted when no hazard source has a grade or an R value.
    public var ungradedHazardPoints: Double = 0

    /// Points deducted for safety standardization grade 1, 2, 3.
    public var standardizationPoints: [Double] = [0, 3, 6]
    /// Points deducted for an enterprise without a standardization grade.
    public var noStandardizationPoints: Double = 10

    /// Points deducted per credit status `normal`, `red_list`, `black_list`.
    public var creditPoints = CreditPoints()

    /// Per overdue inspection task (the inspection module counts them).
    public var overdueInspection = PerCount(points: 5, max: 20)
    /// Per confirmed finding (an inspection closed with the hazard confirmed).
    public var confirmedFinding = PerCount(points: 3, max: 15)
    /// Per accident in the last 12 months.
    public var accident = PerCount(points: 15, max: 30)
    /// Per administrative penalty in the last 12 months.
    public var penalty = PerCount(points: 3, max: 15)

    /// Load units of one annunciated activation, by priority.
    public var priorityWeights = PriorityWeights()
    /// Extra load units per hour an alarm stays active, as a multiple of its priority weight.
    public var weightPerActiveHour: Double = 0.5
    /// Points per load unit over the last 24 h, and the most this factor deducts.
    public var activity24h = PerCount(points: 0.5, max: 10)
    /// Points per load unit over the last 7 d, and the most this factor deducts.
    public var activity7d = PerCount(points: 0.1, max: 10)

    /// Online-rate target and how a shortfall is scored.
    public var dataQuality = DataQualitySettings()

    /// Conditions that make an enterprise red whatever its score.
    public var forceRed = ForceRedSettings()

    /// Recommended inspection frequency per supervision class, A first.
    public var frequencies: [InspectionFrequency] = [
        InspectionFrequency(
            text: "full on-site inspection at least every quarter, plus every warning-triggered inspection",
            perYear: 4),
        InspectionFrequency(text: "full inspection at least every half year, with on-site assistance", perYear: 2),
        InspectionFrequency(
            text: "one planned inspection a year (双随机 random checks), with regular guidance visits",
            perYear: 1),
        InspectionFrequency(
            text: "no planned on-site inspection; random spot checks and triggered inspections only",
            perYear: 0),
    ]

    /// The defaults of `Config/risk.yaml`.
    public init() {}

    /// Points deducted for the worst hazard grade (1–4), or for none.
    public func hazardPoints(grade: Int?) -> Double {
        guard let grade, (1...4).contains(grade) else { return ungradedHazardPoints }
        return hazardGradePoints[grade - 1]
    }

    /// Points deducted for a standardization grade (1–3), or for none.
    public func standardizationPoints(grade: Int?) -> Double {
        guard let grade, (1...3).contains(grade) else { return noStandardizationPoints }
        return standardizationPoints[grade - 1]
    }

    /// The frequency recommended for a class.
    public func frequency(_ supervision: SupervisionClass) -> InspectionFrequency {
        switch supervision {
        case .A: frequencies[0]
        case .B: frequencies[1]
        case .C: frequencies[2]
        case .D: frequencies[3]
        }
    }
}

/// A deduction proportional to a count (or a load), capped.
public struct PerCount: Sendable, Hashable {
    /// Points per unit.
    public var points: Double
    /// The most this factor deducts.
    public var max: Double

    /// A rate and its cap.
    public init(points: Double, max: Double) {
        self.points = points
        self.max = max
    }

    /// `min(max, points × units)`.
    public func deduction(_ units: Double) -> Double { Swift.min(max, points * Swift.max(0, units)) }
}

/// Points deducted per credit status (SPEC §2).
public struct CreditPoints: Sendable, Hashable {
    public var normal: Double = 0
    /// Qingdao's red list is the trusted list: nothing is deducted.
    public var redList: Double = 0
    public var blackList: Double = 20

    /// The defaults of `Config/risk.yaml`.
    public init() {}

    /// Points for a credit text; an unknown status counts as `normal` (the catalog validates it).
    public func points(_ credit: String) -> Double {
        switch credit {
        case "black_list": blackList
        case "red_list": redList
        default: normal
        }
    }
}

/// Load units of one annunciated activation per priority (ISA-18.2 mix ≈ 5/15/80 %: rarer is heavier).
public struct PriorityWeights: Sendable, Hashable {
    public var critical: Double = 4
    public var high: Double = 2
    public var medium: Double = 1
    public var low: Double = 0.25

    /// The defaults of `Config/risk.yaml`.
    public init() {}

    /// The weight of one priority.
    public subscript(priority: Priority) -> Double {
        switch priority {
        case .critical: critical
        case .high: high
        case .medium: medium
        case .low: low
        }
    }
}

/// How the online rate (share of tag-time not `STALE` or `BAD`) is scored.
public struct DataQualitySettings: Sendable, Hashable {
    /// Target online rate in percent (DOMAIN.md: every monitored indicator online ≥ 99.5 %).
    public var targetPercent: Double = 99.5
    /// Window of the rate, whole hours from 1 h to 7 d (the tracker keeps 7 d of hourly buckets).
    public var window: Millis = 7 * 86_400_000
    /// Points per percentage point below the target, and the most deducted.
    public var shortfall = PerCount(points: 2, max: 15)

    /// The defaults of `Config/risk.yaml`.
    public init() {}
}

/// Conditions that force red regardless of score (SPEC §8). Each can be turned off.
public struct ForceRedSettings: Sendable, Hashable {
    /// A critical alarm active and unacknowledged this long forces red; nil turns it off.
    public var unackedCriticalAfter: Millis? = 30 * 60_000
    /// A black-listed enterprise is red.
    public var blackList = true
    /// This many accidents in the last 12 months force red; nil turns it off.
    public var accidents12m: Int? = nil

    /// The defaults of `Config/risk.yaml`.
    public init() {}
}

/// A recommended inspection frequency: text for people, a number for planning.
public struct InspectionFrequency: Sendable, Hashable {
    public var text: String
    /// Planned on-site inspections per year (triggered inspections come on top).
    public var perYear: Int

    /// A frequency as text and count.
    public init(text: String, perYear: Int) {
        self.text = text
        self.perYear = perYear
    }
}
