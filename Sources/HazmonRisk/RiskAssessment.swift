public import HazmonCore

/// One enterprise's risk at one time: score, colour, supervision class and why (SPEC §8).
/// `json()` renders it as published on `hazmon/risk/{enterprise}` (`Alerts/risk-score.schema.json`).
public struct RiskAssessment: Sendable, Hashable {
    /// Enterprise id and name from the catalog, and its dense index.
    public var enterprise: String
    public var enterpriseName: String
    public var enterpriseIndex: Int
    /// When it was assessed.
    public var ts: Millis
    /// 0–100, higher is safer: 100 minus the factors' points, a multiple of 0.1, never below 0.
    public var score: Double
    /// The colour after forcing: red if any `forcedRed` reason applies, else the band of `score`.
    public var grade: RiskGrade
    /// The band of `score` alone, before forcing.
    public var scoreGrade: RiskGrade
    /// The recommended inspection frequency of `grade`'s class.
    public var frequency: InspectionFrequency
    /// Why red was forced; empty when it was not.
    public var forcedRed: [ForcedRedReason]
    /// Every factor, in a fixed order, including those that deducted nothing.
    public var factors: [RiskFactor]

    /// The supervision class of `grade`.
    public var supervisionClass: SupervisionClass { grade.supervisionClass }

    /// The points of one factor by id (0 when absent).
    public func points(_ id: RiskFactorID) -> Double { factors.first { $0.id == id }?.points ?? 0 }

    /// True when the published content differs: grade or score (what triggers a publish on change).
    public func differs(from other: RiskAssessment) -> Bool { grade != other.grade || score != other.score }
}

/// The factors of the model, in the order they are reported.
public enum RiskFactorID: String, Sendable, Hashable, CaseIterable {
    case hazardGrade = "hazard_grade"
    case standardization
    case credit
    case overdueInspections = "overdue_inspections"
    case confirmedFindings = "confirmed_findings"
    case accidents
    case penalties
    case alarmActivity24h = "alarm_activity_24h"
    case alarmActivity7d = "alarm_activity_7d"
    case dataQuality = "data_quality"

    /// The group a factor belongs to (SPEC §8's four headings).
    public var group: RiskFactorGroup {
        switch self {
        case .hazardGrade: .inherent
        case .standardization, .credit, .overdueInspections, .confirmedFindings: .management
        case .accidents, .penalties: .record
        case .alarmActivity24h, .alarmActivity7d, .dataQuality: .live
        }
    }
}

/// SPEC §8's factor groups.
public enum RiskFactorGroup: String, Sendable, Hashable, CaseIterable {
    case inherent, management, record, live
}

/// One factor's contribution: what it deducted, from what inputs, and why in one line.
public struct RiskFactor: Sendable, Hashable {
    public var id: RiskFactorID
    /// Points deducted, ≥ 0, rounded to 0.1.
    public var points: Double
    /// The most this factor can deduct with the current settings.
    public var maxPoints: Double
    /// The inputs it read, by name, in a stable order.
    public var inputs: [RiskInput]
    /// One line for people, e.g. `worst hazard source HS1 is GB 18218 grade 2`.
    public var explanation: String

    /// The factor's group.
    public var group: RiskFactorGroup { id.group }

    /// A factor's contribution.
    public init(id: RiskFactorID, points: Double, maxPoints: Double, inputs: [RiskInput], explanation: String) {
        self.id = id
        self.points = points
        self.maxPoints = maxPoints
        self.inputs = inputs
        self.explanation = explanation
    }
}

/// One named input of a factor.
public struct RiskInput: Sendable, Hashable {
    public var name: String
    public var value: Value

    /// The JSON kinds an input can take.
    public enum Value: Sendable, Hashable {
        case number(Double)
        case text(String)
        case flag(Bool)
        case none
    }

    /// A named input.
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// A condition that forced red (SPEC §8), with a sentence for people.
public struct ForcedRedReason: Sendable, Hashable {
    /// `unacked_critical`, `black_list` or `accidents`.
    public var code: String
    public var text: String

    /// A reason by code and sentence.
    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }
}
