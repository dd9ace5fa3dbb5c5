/// One alarm transition as the engine emits it: plain values only, so emitting allocates nothing.
/// The edges turn it into the JSON of SPEC §6 with the catalog's names (`EventRenderer`).
public struct AlarmEvent: Sendable, Hashable {
    /// Strictly increasing across everything one engine emits (and across restarts, once restored).
    public var seq: UInt64
    /// Dense alarm index (`AlarmEngine.alarmRule(_:)`); -1 for enterprise-wide flood events.
    public var alarm: Int32
    /// Dense enterprise index.
    public var enterprise: Int32
    public var transition: Transition
    /// ISA-18.2 state after the transition.
    public var state: AlarmState
    /// Overlay and annunciation flags after the transition (`AlarmFlags`).
    public var flags: AlarmFlags
    /// Event time in ms: the sample that caused it (STALE: last sample + stale_after; operator actions: their time).
    public var ts: Millis
    /// When the current activation began; nil-like `Int64.min` when the alarm has never been active.
    public var activatedAt: Millis
    /// The value that caused it (the tag's last value for timer- and operator-driven events); NaN if none.
    public var value: Double
    /// The limit it was compared with (limit value, ROC max, WINDOW limit, vote k); NaN for the others.
    public var limit: Double
    /// Shelve expiry while the alarm is shelved; `AlarmEvent.never` otherwise.
    public var shelvedUntil: Millis

    public init(
        seq: UInt64, alarm: Int32, enterprise: Int32, transition: Transition, state: AlarmState, flags: AlarmFlags,
        ts: Millis, activatedAt: Millis, value: Double, limit: Double, shelvedUntil: Millis = AlarmEvent.never
    ) {
        self.seq = seq
        self.alarm = alarm
        self.enterprise = enterprise
        self.transition = transition
        self.state = state
        self.flags = flags
        self.ts = ts
        self.activatedAt = activatedAt
        self.value = value
        self.limit = limit
        self.shelvedUntil = shelvedUntil
    }

    /// `Int64.min` marks "never activated" in `activatedAt`.
    public static let never: Millis = .min
}

/// Overlays and annunciation of an alarm, packed in one byte.
public struct AlarmFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Shelved by an operator until its expiry.
    public static let shelved = AlarmFlags(rawValue: 1 << 0)
    /// Suppressed by design: its hazard source is in maintenance.
    public static let suppressed = AlarmFlags(rawValue: 1 << 1)
    /// Its tag is out of service.
    public static let outOfService = AlarmFlags(rawValue: 1 << 2)
    /// Activated too often in too short a time; activations are recorded, not annunciated.
    public static let chattering = AlarmFlags(rawValue: 1 << 3)
    /// This event is shown to operators and may trigger inspections (set per event, not kept).
    public static let annunciated = AlarmFlags(rawValue: 1 << 4)
    /// The enterprise is in an alarm flood (set on flood events).
    public static let flood = AlarmFlags(rawValue: 1 << 5)

    /// Overlays that keep an alarm from being annunciated.
    public static let hidden: AlarmFlags = [.shelved, .suppressed, .outOfService, .chattering]
}
