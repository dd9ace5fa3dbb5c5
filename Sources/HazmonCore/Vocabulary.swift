/// Milliseconds since the Unix epoch (event time) or a duration in milliseconds.
public typealias Millis = Int64

/// What a tag measures (SPEC §2); decides profile defaults and how values are read.
public enum TagKind: String, Sendable, CaseIterable, Hashable {
    case level, temperature, pressure, flow
    case gasCombustible = "gas_combustible"
    case gasToxic = "gas_toxic"
    case oxygen, discrete

    /// Gas detectors get their own default priorities (SPEC §4: gas `HH` is critical, gas `H` medium).
    public var isGas: Bool { self == .gasCombustible || self == .gasToxic || self == .oxygen }
}

/// The condition an alarm watches; with the enterprise and tag it identifies the alarm (SPEC §4).
public enum Condition: String, Sendable, CaseIterable, Hashable {
    case HH, H, L, LL, ROC, WINDOW, STALE, FROZEN, BAD, DISCRETE, VOTE
    /// Enterprise-wide alarm flood (SPEC §5); never a tag rule.
    case FLOOD

    /// The four absolute limits, in the order they are evaluated and reported.
    public static let limits: [Condition] = [.HH, .H, .L, .LL]

    /// High limits activate at or above their value; low limits mirror them.
    public var isHighLimit: Bool { self == .HH || self == .H }
    public var isLowLimit: Bool { self == .L || self == .LL }
}

/// Alarm priority with its console colour (SPEC §4).
public enum Priority: String, Sendable, CaseIterable, Hashable, Comparable {
    case critical, high, medium, low

    /// Console colour: critical red, high orange, medium yellow, low blue.
    public var color: String {
        switch self {
        case .critical: "red"
        case .high: "orange"
        case .medium: "yellow"
        case .low: "blue"
        }
    }

    /// Rank for sorting: critical first.
    public var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}

/// Sample quality as sent by the field (SPEC §3); `uncertain` is evaluated like `good`.
public enum Quality: UInt8, Sendable, Hashable {
    case good = 0, uncertain = 1, bad = 2

    /// Parses `good`, `uncertain`, `bad`; nil for anything else.
    public init?(name: some StringProtocol) {
        switch name {
        case "good": self = .good
        case "uncertain": self = .uncertain
        case "bad": self = .bad
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .good: "good"
        case .uncertain: "uncertain"
        case .bad: "bad"
        }
    }
}

/// Which movement a rate-of-change rule watches.
public enum RocDirection: String, Sendable, Hashable {
    case rise, fall, both
}

/// The aggregate a sliding-window rule compares with its limit.
public enum WindowFunction: String, Sendable, Hashable {
    case mean, max, min
}

/// ISA-18.2 alarm state, without the overlays (SPEC §5).
public enum AlarmState: UInt8, Sendable, Hashable {
    case normal = 0
    /// Active, not acknowledged.
    case unack = 1
    /// Active, acknowledged.
    case ack = 2
    /// Returned to normal before anyone acknowledged it.
    case rtnUnack = 3

    public var name: String {
        switch self {
        case .normal: "normal"
        case .unack: "unack"
        case .ack: "ack"
        case .rtnUnack: "rtn_unack"
        }
    }

    /// True while the process condition holds.
    public var isActive: Bool { self == .unack || self == .ack }
}

/// Why an alarm event was written (SPEC §6), plus the service transitions hazmon adds.
public enum Transition: UInt8, Sendable, Hashable, CaseIterable {
    case activate, `return`, ack, clear, shelve, unshelve, suppress, unsuppress, chatter
    /// A tag taken out of service, and back (ISA-18.2 "out of service").
    case outOfService, returnToService
    /// Enterprise flood start and end (SPEC §5).
    case floodStart, floodEnd

    public var name: String {
        switch self {
        case .activate: "activate"
        case .return: "return"
        case .ack: "ack"
        case .clear: "clear"
        case .shelve: "shelve"
        case .unshelve: "unshelve"
        case .suppress: "suppress"
        case .unsuppress: "unsuppress"
        case .chatter: "chatter"
        case .outOfService: "out_of_service"
        case .returnToService: "return_to_service"
        case .floodStart: "flood_start"
        case .floodEnd: "flood_end"
        }
    }
}
