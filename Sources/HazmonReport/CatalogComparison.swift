public import HazmonCore

/// Two replays of the same input through two catalogs, alarm by alarm and tag by tag.
///
/// `base` is the catalog given with `--sensors`, `other` the one given with `--compare`; every
/// change reads "from base to other". Alarms are matched by their stable id
/// (`enterprise/tag/condition`), tags by `enterprise/tag`. When the reports have a reference
/// time, first-fire times are the first activation at or after it (e.g. a fault start), and the
/// activations before it are counted apart; counts are every activation, annunciated or not.
public struct CatalogComparison: Sendable, Hashable {
    public var base: AlarmQualitySummary
    public var other: AlarmQualitySummary
    /// Every alarm that activated in either replay, by id.
    public var alarms: [Row]
    /// Every tag (or vote) with an activation in either replay.
    public var tags: [Row]

    /// One alarm's or tag's activations and first fire in both replays.
    public struct Row: Sendable, Hashable {
        public var key: String
        public var baseCount: Int
        public var otherCount: Int
        public var baseFirst: Millis?
        public var otherFirst: Millis?
        public var change: FirstFire
    }

    /// How the first fire moved from base to other.
    public enum FirstFire: Sendable, Hashable {
        case same
        /// Other fires this much earlier.
        case earlier(Millis)
        /// Other fires this much later.
        case later(Millis)
        /// Fires in base, never in other.
        case never
        /// Fires in other only.
        case new
        /// Fires in neither after the reference time (it activated only before it).
        case neither

        /// Classifies two first-fire times.
        public init(base: Millis?, other: Millis?) {
            switch (base, other) {
            case let (b?, o?): self = o == b ? .same : o < b ? .earlier(b - o) : .later(o - b)
            case (_?, nil): self = .never
            case (nil, _?): self = .new
            case (nil, nil): self = .neither
            }
        }

        /// Words for the table: `earlier 0:15`, `never`, …
        public var label: String {
            switch self {
            case .same: "same"
            case .earlier(let d): "earlier \(Fmt.duration(d))"
            case .later(let d): "later \(Fmt.duration(d))"
            case .never: "never"
            case .new: "new"
            case .neither: "before ref only"
            }
        }

        /// Machine-readable name for JSON.
        public var name: String {
            switch self {
            case .same: "same"
            case .earlier: "earlier"
            case .later: "later"
            case .never: "never"
            case .new: "new"
            case .neither: "neither"
            }
        }
    }

    /// Matches the activity of two summaries.
    public init(base: AlarmQualitySummary, other: AlarmQualitySummary) {
        self.base = base
        self.other = other
        let useReference = base.reference != nil
        func first(_ a: AlarmCount) -> Millis? { useReference ? a.firstAfter : a.first }
        alarms = Self.rows(base.activity, other.activity, key: \.id, first: first)
        tags = Self.rows(base.activity, other.activity, key: \.subject, first: first)
    }

    private static func rows(_ a: [AlarmCount], _ b: [AlarmCount], key: KeyPath<AlarmCount, String>,
                             first: (AlarmCount) -> Millis?) -> [Row] {
        var rows: [String: Row] = [:]
        var order: [String] = []
        func merge(_ counts: [AlarmCount], isBase: Bool) {
            for c in counts {
                let k = c[keyPath: key]
                if rows[k] == nil {
                    rows[k] = Row(key: k, baseCount: 0, otherCount: 0, baseFirst: nil, otherFirst: nil, change: .neither)
                    order.append(k)
                }
                let f = first(c)
                if isBase {
                    rows[k]!.baseCount += c.activations
                    if let f { rows[k]!.baseFirst = min(rows[k]!.baseFirst ?? .max, f) }
                } else {
                    rows[k]!.otherCount += c.activations
                    if let f { rows[k]!.otherFirst = min(rows[k]!.otherFirst ?? .max, f) }
                }
            }
        }
        merge(a, isBase: true)
        merge(b, isBase: false)
        return order.sorted().map { k in
            var row = rows[k]!
            row.change = FirstFire(base: row.baseFirst, other: row.otherFirst)
            return row
        }
    }

    /// The earliest first fire over all alarms (after the reference time, if any), per side.
    public var earliest: (base: Millis?, other: Millis?) {
        (alarms.compactMap(\.baseFirst).min(), alarms.compactMap(\.otherFirst).min())
    }
}
