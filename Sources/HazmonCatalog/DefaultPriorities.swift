public import HazmonCore

/// SPEC §4 default priorities, used where neither the tag nor its profile sets one.
public enum DefaultPriorities {
    /// Gas detectors: HH and LL critical (a second-level gas alarm means evacuate), H and L medium.
    /// Process tags: HH/LL high, H/L medium. ROC, WINDOW medium; STALE, FROZEN, BAD low (they are about
    /// the instrument, not the process); DISCRETE high; VOTE critical (confirmed by several detectors).
    public static func priority(for condition: Condition, kind: TagKind) -> Priority {
        switch condition {
        case .HH, .LL: kind.isGas ? .critical : .high
        case .H, .L, .ROC, .WINDOW: .medium
        case .STALE, .FROZEN, .BAD: .low
        case .DISCRETE: .high
        case .VOTE, .FLOOD: .critical
        }
    }
}
