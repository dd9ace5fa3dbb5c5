/// GB 18218-2018 grading of a major hazard source from its R value (R = α · Σ βᵢ qᵢ / Qᵢ).
public enum HazardGrade {
    /// Grade 1 (most severe) at R ≥ 100, 2 at R ≥ 50, 3 at R ≥ 10, else 4.
    public static func grade(forR r: Double) -> Int {
        switch r {
        case 100...: 1
        case 50..<100: 2
        case 10..<50: 3
        default: 4
        }
    }
}
