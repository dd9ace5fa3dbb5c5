public import HazmonCore

/// ISA-18.2 / EEMUA 191 alarm-quality figures, built incrementally from the engine's events.
///
/// Feed it every sample time (`observeSample(at:)`, which sets the replayed period) and every
/// event (`record(_:)`), in any order; ask for `summary()` at the end. What counts is decided
/// here and written down in `docs/alarm-quality-report.md`: the load is **annunciated activations** (an `activate`
/// event carrying the `annunciated` flag). Returns, acknowledgements, shelving and the other
/// transitions are not alarms; activations the lifecycle kept from the operator (chattering,
/// shelved, suppressed, out of service) are counted apart, by reason.
///
/// Memory is bounded by the catalog, not the input: fixed arrays per alarm and per enterprise,
/// plus one counter per 10-minute period that had an annunciated activation.
public struct AlarmQualityReport: Sendable {
    /// Every alarm of the catalog, indexed like `AlarmEvent.alarm`.
    public let alarms: [AlarmFacts]
    /// Enterprise ids, by dense index.
    public let enterprises: [String]
    /// Number of tags per enterprise (for alarms per tag per day).
    public let tagsPerEnterprise: [Int]
    /// When set, first-fire times also count from here (e.g. a fault start): see `AlarmCount.firstAfter`.
    public let reference: Millis?
    /// More than this many annunciated activations in one 10-minute period is a flood period.
    public let floodThreshold: Int

    var firstTs: Millis = .max
    var lastTs: Millis = .min
    var annunciated: [Int]
    var hidden: [Int]
    var hiddenByReason: [HiddenReason: Int] = [:]
    var firstActivation: [Millis]
    var firstAfterReference: [Millis]
    var beforeReference: [Int]
    var chatterEpisodes: [Int]
    /// Start of the current active episode (`activatedAt`), `.min` while normal.
    var activeSince: [Millis]
    var longestEpisode: [Millis]
    var standingEpisodes: [Int]
    /// Per enterprise: 10-minute period (epoch-aligned index) → annunciated activations in it.
    var periods: [[Int64: Int]]
    var floodStarts: [Int]

    /// Length of the EEMUA 191 counting period (10 min) and of a standing alarm (24 h).
    public static let period: Millis = 600_000
    public static let standingAfter: Millis = 86_400_000

    /// A report over `alarms` of a catalog with these enterprises and tag counts.
    public init(alarms: [AlarmFacts], enterprises: [String], tagsPerEnterprise: [Int], reference: Millis? = nil,
                floodThreshold: Int = 10) {
        precondition(enterprises.count == tagsPerEnterprise.count, "one tag count per enterprise")
        self.alarms = alarms
        self.enterprises = enterprises
        self.tagsPerEnterprise = tagsPerEnterprise
        self.reference = reference
        self.floodThreshold = floodThreshold
        let n = alarms.count
        annunciated = Array(repeating: 0, count: n)
        hidden = Array(repeating: 0, count: n)
        firstActivation = Array(repeating: .max, count: n)
        firstAfterReference = Array(repeating: .max, count: n)
        beforeReference = Array(repeating: 0, count: n)
        chatterEpisodes = Array(repeating: 0, count: n)
        activeSince = Array(repeating: .min, count: n)
        longestEpisode = Array(repeating: 0, count: n)
        standingEpisodes = Array(repeating: 0, count: n)
        periods = Array(repeating: [:], count: enterprises.count)
        floodStarts = Array(repeating: 0, count: enterprises.count)
    }

    /// A report over every alarm of `engine`'s catalog.
    public init(engine: AlarmEngine, reference: Millis? = nil) {
        let model = engine.model
        var tags = Array(repeating: 0, count: model.enterprises.count)
        for tag in model.tags { tags[tag.enterprise] += 1 }
        self.init(alarms: AlarmFacts.of(engine), enterprises: model.enterprises.map(\.id), tagsPerEnterprise: tags,
                  reference: reference, floodThreshold: model.policy.floodThreshold)
    }

    /// Widens the replayed period to include a sample's event time.
    public mutating func observeSample(at ts: Millis) {
        if ts < firstTs { firstTs = ts }
        if ts > lastTs { lastTs = ts }
    }

    /// Accounts for one engine event.
    public mutating func record(_ event: AlarmEvent) {
        observeSample(at: event.ts)
        guard event.alarm >= 0 else {
            if event.transition == .floodStart { floodStarts[Int(event.enterprise)] += 1 }
            return
        }
        let a = Int(event.alarm)
        switch event.transition {
        case .activate:
            if event.ts < firstActivation[a] { firstActivation[a] = event.ts }
            if let reference, event.ts >= reference, event.ts < firstAfterReference[a] {
                firstAfterReference[a] = event.ts
            }
            if let reference, event.ts < reference { beforeReference[a] += 1 }
            if event.flags.contains(.annunciated) {
                annunciated[a] += 1
                periods[alarms[a].enterprise][floorDiv(event.ts, Self.period), default: 0] += 1
            } else {
                hidden[a] += 1
                hiddenByReason[HiddenReason(event.flags), default: 0] += 1
            }
        case .chatter:
            chatterEpisodes[a] += 1
        default:
            break
        }
        // Episodes follow the state after every transition, so a clear or an overlay change
        // that ends an activation is handled the same as a return.
        if event.state.isActive {
            if activeSince[a] == .min { activeSince[a] = event.activatedAt == AlarmEvent.never ? event.ts : event.activatedAt }
        } else if activeSince[a] != .min {
            endEpisode(a, at: event.ts)
        }
    }

    private mutating func endEpisode(_ a: Int, at ts: Millis) {
        let length = ts - activeSince[a]
        if length > longestEpisode[a] { longestEpisode[a] = length }
        if length > Self.standingAfter { standingEpisodes[a] += 1 }
        activeSince[a] = .min
    }
}

/// Why an activation was not annunciated; the first that applies, in this order.
public enum HiddenReason: String, Sendable, Hashable, CaseIterable {
    case chattering, shelved, suppressed
    case outOfService = "out_of_service"

    init(_ flags: AlarmFlags) {
        if flags.contains(.chattering) {
            self = .chattering
        } else if flags.contains(.shelved) {
            self = .shelved
        } else if flags.contains(.suppressed) {
            self = .suppressed
        } else {
            self = .outOfService
        }
    }
}

/// Integer division rounding towards minus infinity (periods before 1970 stay aligned).
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
