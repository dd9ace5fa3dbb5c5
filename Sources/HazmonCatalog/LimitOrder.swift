import HazmonCore

/// The order absolute limits must keep: `LL ≤ L < H ≤ HH` among those present.
///
/// Equal neighbours on one side are allowed (a plant may alarm H and HH at one value with different
/// priorities), but a low limit at or above a high limit would leave no normal band at all.
enum LimitOrder {
    struct Violation {
        /// The limit reported (the later of the pair in `HH, H, L, LL` order is the one that is "out of place").
        var condition: Condition
        var value: Double
        var other: Condition
        var otherValue: Double
        var position: SourcePosition
        var otherPosition: SourcePosition
        var strict: Bool

        func message(owner: String) -> String {
            let relation = strict ? "below" : "at or below"
            return "limit \(condition.rawValue) (\(value.shortText)) of \(owner) must be \(relation) "
                + "\(other.rawValue) (\(otherValue.shortText)); limits must keep LL ≤ L < H ≤ HH"
        }
    }

    /// Every pair out of order, from the highest limit down.
    static func violations(_ limits: [Condition: Located<Double>]) -> [Violation] {
        var found: [Violation] = []
        let present = Condition.limits.compactMap { condition in limits[condition].map { (condition, $0) } }
        for (upperIndex, (upper, upperValue)) in present.enumerated() {
            for (lower, lowerValue) in present.dropFirst(upperIndex + 1) {
                // Same side may be equal; a low limit must lie strictly below a high one.
                let strict = upper.isHighLimit && lower.isLowLimit
                let ok = strict ? lowerValue.value < upperValue.value : lowerValue.value <= upperValue.value
                if !ok {
                    found.append(
                        Violation(
                            condition: lower, value: lowerValue.value, other: upper, otherValue: upperValue.value,
                            position: lowerValue.position, otherPosition: upperValue.position, strict: strict))
                }
            }
        }
        return found
    }
}
