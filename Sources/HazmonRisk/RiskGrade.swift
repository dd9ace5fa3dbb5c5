/// An enterprise's risk colour (MEM 2018 bands, SPEC §8): blue is the safest, red the least safe.
public enum RiskGrade: String, Sendable, Hashable, CaseIterable, Comparable {
    case blue, yellow, orange, red

    /// Worse grades sort later: `blue < yellow < orange < red`.
    public static func < (lhs: RiskGrade, rhs: RiskGrade) -> Bool { lhs.severity < rhs.severity }

    /// 0 for blue up to 3 for red.
    public var severity: Int {
        switch self {
        case .blue: 0
        case .yellow: 1
        case .orange: 2
        case .red: 3
        }
    }

    /// The supervision class this colour puts an enterprise in (Shanghai 2024 A–D; red is A).
    public var supervisionClass: SupervisionClass {
        switch self {
        case .red: .A
        case .orange: .B
        case .yellow: .C
        case .blue: .D
        }
    }
}

/// Shanghai 2024 (沪应急法规〔2024〕41号) supervision classes, linked to the inspection plan.
public enum SupervisionClass: String, Sendable, Hashable, CaseIterable {
    case A, B, C, D

    /// The class's name in the Shanghai scheme, as the console shows it.
    public var label: String {
        switch self {
        case .A: "full inspection"
        case .B: "key spot checks"
        case .C: "proactive assistance"
        case .D: "no disturbance"
        }
    }
}

/// The score bands of the grades: a score at or above `blue` is blue, and so on down; below `orange` is red.
public struct RiskBands: Sendable, Hashable {
    public var blue: Double
    public var yellow: Double
    public var orange: Double

    /// MEM 2018: blue ≥ 90, yellow ≥ 75, orange ≥ 60, red below.
    public init(blue: Double = 90, yellow: Double = 75, orange: Double = 60) {
        self.blue = blue
        self.yellow = yellow
        self.orange = orange
    }

    /// The grade of `score` (no forcing: see `RiskModel`).
    public func grade(forScore score: Double) -> RiskGrade {
        if score >= blue { return .blue }
        if score >= yellow { return .yellow }
        if score >= orange { return .orange }
        return .red
    }
}
