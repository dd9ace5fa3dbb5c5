/// Token roles (SPEC §10), each including the rights of the ones above it except where noted.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Reads everything.
    case viewer
    /// Reads, and acknowledges / shelves / unshelves alarms.
    case `operator`
    /// Reads, and updates inspection tasks.
    case inspector
    /// Everything, including reload.
    case admin

    /// Whether this role may do what `needed` allows. `operator` and `inspector` are siblings: neither
    /// includes the other (an inspector does not ack alarms, an operator does not close inspections).
    public func permits(_ needed: Role) -> Bool {
        switch (self, needed) {
        case (.admin, _), (_, .viewer): true
        default: self == needed
        }
    }

}
