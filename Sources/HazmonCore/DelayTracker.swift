/// The on-delay / off-delay state of one condition (SPEC Appendix B, "High limit").
///
/// While inactive, samples that meet the activation test extend a pending period; the alarm
/// activates at the first such sample `onDelay` after the period began. While active, samples
/// that meet the clearing test extend a clearing period the same way. Any other sample ends the
/// running period. Between the two tests (inside the deadband) the state simply holds.
public struct DelayTracker: Sendable, Hashable {
    /// The condition holds (after its on-delay).
    public private(set) var isActive: Bool = false
    /// Start of the running pending or clearing period; `Int64.min` when none runs.
    public private(set) var periodStart: Millis = .min

    public init(isActive: Bool = false, periodStart: Millis = .min) {
        self.isActive = isActive
        self.periodStart = periodStart
    }

    /// A change of `isActive` caused by one sample.
    public enum Edge: UInt8, Sendable {
        case none, activated, returned
    }

    /// Feeds one sample. `meetsOn` is the activation test, `meetsOff` the clearing test.
    @inline(__always)
    public mutating func step(meetsOn: Bool, meetsOff: Bool, at ts: Millis, onDelay: Millis, offDelay: Millis) -> Edge {
        let meets = isActive ? meetsOff : meetsOn
        guard meets else {
            periodStart = .min
            return .none
        }
        if periodStart == .min { periodStart = ts }
        guard ts - periodStart >= (isActive ? offDelay : onDelay) else { return .none }
        isActive.toggle()
        periodStart = .min
        return isActive ? .activated : .returned
    }
}
