/// The ISA-18.2 lifecycle of one alarm (SPEC §5) as a value type: process edges and operator
/// actions go in, the transition to report comes out. Overlays (shelved, suppressed, out of
/// service, chattering) never change `state`; they only stop annunciation.
public struct AlarmLifecycle: Sendable, Hashable {
    public private(set) var state: AlarmState = .normal
    /// Persistent overlays; `.annunciated` is never stored here.
    public private(set) var flags: AlarmFlags = []
    /// Start of the current (or last) activation; `AlarmEvent.never` before the first.
    public private(set) var activatedAt: Millis = AlarmEvent.never
    /// When the last activation returned; `AlarmEvent.never` if it never did.
    public private(set) var returnedAt: Millis = AlarmEvent.never
    /// Shelve expiry while shelved.
    public private(set) var shelvedUntil: Millis = AlarmEvent.never
    /// Times of the two latest activations, to spot chattering (3 within the window); kept in
    /// engine snapshots so chatter detection continues across a restart.
    internal private(set) var secondLastActivation: Millis = AlarmEvent.never
    internal private(set) var lastActivation: Millis = AlarmEvent.never

    public init() {}

    /// Restores a lifecycle saved by `AlarmEngine.snapshot` (used by the durable store).
    public init(state: AlarmState, flags: AlarmFlags, activatedAt: Millis, returnedAt: Millis, shelvedUntil: Millis) {
        self.state = state
        self.flags = flags.subtracting(.annunciated)
        self.activatedAt = activatedAt
        self.returnedAt = returnedAt
        self.shelvedUntil = shelvedUntil
    }

    /// Every field, chatter history included: what `EngineSnapshot` decoding rebuilds.
    init(state: AlarmState, flags: AlarmFlags, activatedAt: Millis, returnedAt: Millis, shelvedUntil: Millis,
         secondLastActivation: Millis, lastActivation: Millis) {
        self.init(state: state, flags: flags, activatedAt: activatedAt, returnedAt: returnedAt,
                  shelvedUntil: shelvedUntil)
        self.secondLastActivation = secondLastActivation
        self.lastActivation = lastActivation
    }

    /// Takes over `older`'s chatter history when this lifecycle has none (one restored from the
    /// alarm journal, which does not record it), adding this lifecycle's own activation if it is
    /// newer than that history: the journal's lifecycle is newer than the checkpoint's.
    mutating func adoptChatterHistory(from older: AlarmLifecycle) {
        guard lastActivation == AlarmEvent.never else { return }
        secondLastActivation = older.secondLastActivation
        lastActivation = older.lastActivation
        if activatedAt != AlarmEvent.never, activatedAt > lastActivation {
            secondLastActivation = lastActivation
            lastActivation = activatedAt
        }
    }

    /// True when nothing hides the alarm from operators.
    public var isAnnunciable: Bool { flags.isDisjoint(with: .hidden) }

    /// What an activation produced: whether operators see it and whether it started chattering.
    public struct Activation: Sendable, Hashable {
        public var annunciated: Bool
        public var startedChattering: Bool
    }

    /// The process condition became true at `ts`.
    /// - Parameter policy: chattering counts `chatterActivations` within `chatterWindow`.
    public mutating func activate(at ts: Millis, policy: LifecyclePolicy) -> Activation {
        // Annunciation is decided before this activation counts towards chattering: the
        // activation that reveals the chatter is still shown, the ones after it are not.
        let annunciated = isAnnunciable
        state = .unack
        activatedAt = ts
        var started = false
        // With the default of 3: this one and the two before must lie within the window.
        let needed = policy.chatterActivations
        if !flags.contains(.chattering), needed > 0 {
            let oldest: Millis =
                switch needed {
                case 1: ts
                case 2: lastActivation
                default: secondLastActivation
                }
            if oldest != AlarmEvent.never, ts - oldest <= policy.chatterWindow {
                flags.insert(.chattering)
                started = true
            }
        }
        secondLastActivation = lastActivation
        lastActivation = ts
        return Activation(annunciated: annunciated, startedChattering: started)
    }

    /// The process condition cleared at `ts`. Acknowledged alarms go back to normal, others wait
    /// for an acknowledgement in `rtn_unack`.
    public mutating func returnToNormal(at ts: Millis) {
        state = state == .ack ? .normal : .rtnUnack
        returnedAt = ts
    }

    /// Why an operator action was refused.
    public enum Refusal: Error, Sendable, Hashable {
        case nothingToAcknowledge
        case alreadyShelved
        case notShelved
        case shelveTooLong
        case shelveExpiryNotInFuture
    }

    /// Operator acknowledgement: `unack` → `ack`, `rtn_unack` → `normal`.
    public mutating func acknowledge() throws(Refusal) {
        switch state {
        case .unack: state = .ack
        case .rtnUnack: state = .normal
        case .normal, .ack: throw .nothingToAcknowledge
        }
    }

    /// Shelves until `until`; shelving again moves the expiry.
    public mutating func shelve(at ts: Millis, until: Millis, policy: LifecyclePolicy) throws(Refusal) {
        guard until > ts else { throw .shelveExpiryNotInFuture }
        guard until - ts <= policy.maxShelve else { throw .shelveTooLong }
        flags.insert(.shelved)
        shelvedUntil = until
    }

    /// Ends a shelve (operator action or expiry).
    public mutating func unshelve() throws(Refusal) {
        guard flags.contains(.shelved) else { throw .notShelved }
        flags.remove(.shelved)
        shelvedUntil = AlarmEvent.never
    }

    /// Sets or clears an overlay; returns false when nothing changed.
    public mutating func setOverlay(_ overlay: AlarmFlags, _ on: Bool) -> Bool {
        guard flags.contains(overlay) != on else { return false }
        if on { flags.insert(overlay) } else { flags.remove(overlay) }
        return true
    }

    /// Ends chattering if the alarm has stayed normal for `clearAfter` by `now`; true if it did.
    public mutating func clearChatterIfQuiet(now: Millis, clearAfter: Millis) -> Bool {
        guard flags.contains(.chattering), !state.isActive, returnedAt != AlarmEvent.never,
            now - returnedAt >= clearAfter
        else { return false }
        flags.remove(.chattering)
        secondLastActivation = AlarmEvent.never
        lastActivation = AlarmEvent.never
        return true
    }
}
