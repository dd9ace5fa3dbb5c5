import HazmonCore

/// A deadband as written: engineering units, or a percentage of the instrument range's span.
enum DeadbandSpec: Hashable, Sendable {
    case units(Double)
    case percentOfSpan(Double)
}

/// One absolute limit (`HH`, `H`, `L`, `LL`) as stated in one place; every field optional so a
/// tag can override a profile's limit field by field.
struct LimitFields: Sendable {
    var value: Located<Double>?
    var deadband: Located<DeadbandSpec>?
    var onDelay: Located<Millis>?
    var offDelay: Located<Millis>?
    var priority: Located<Priority>?
    var position: SourcePosition
    /// Keys written here, valid or not: a key with a bad value is reported once, not again as "missing".
    var stated: Set<String> = []
}

/// `roc:` as stated in one place.
struct RocFields: Sendable {
    var max: Located<Double>?
    var per: Located<Millis>?
    var direction: Located<RocDirection>?
    var onDelay: Located<Millis>?
    var offDelay: Located<Millis>?
    var priority: Located<Priority>?
    var position: SourcePosition
    /// Keys written here, valid or not: a key with a bad value is reported once, not again as "missing".
    var stated: Set<String> = []
}

/// The one limit of a `window:`; its key (`H`, `LL`…) decides high or low, so both travel together.
struct WindowLimit: Sendable {
    var condition: Condition
    var value: Double
}

/// `window:` as stated in one place.
struct WindowFields: Sendable {
    var function: Located<WindowFunction>?
    var over: Located<Millis>?
    var limit: Located<WindowLimit>?
    var deadband: Located<DeadbandSpec>?
    var onDelay: Located<Millis>?
    var offDelay: Located<Millis>?
    var priority: Located<Priority>?
    var position: SourcePosition
    /// Keys written here, valid or not: a key with a bad value is reported once, not again as "missing".
    var stated: Set<String> = []
}

/// `frozen:` as stated in one place.
struct FrozenFields: Sendable {
    var after: Located<Millis>?
    var epsilon: Located<Double>?
    var priority: Located<Priority>?
    var position: SourcePosition
    /// Keys written here, valid or not: a key with a bad value is reported once, not again as "missing".
    var stated: Set<String> = []
}

/// `stale_after:` or its long form `stale: {after, priority}`.
struct StaleFields: Sendable {
    var after: Located<Millis>?
    var priority: Located<Priority>?
    var position: SourcePosition
    /// Keys written here, valid or not: a key with a bad value is reported once, not again as "missing".
    var stated: Set<String> = []
}

/// `bad:`: BAD exists on every tag; this only changes its timing and priority.
struct BadFields: Sendable {
    var onDelay: Located<Millis>?
    var offDelay: Located<Millis>?
    var priority: Located<Priority>?
    var position: SourcePosition
}

/// The rule fields one tag or one profile states itself, before any merging or defaults.
///
/// Tags and profiles share this shape (and one parser), which is what lets a profile hold exactly
/// "the same rule fields a tag can hold" and a tag override any of them field by field.
struct RuleFields: Sendable {
    var limits: [Condition: LimitFields] = [:]
    /// Tag-level defaults for limits, ROC, WINDOW and DISCRETE that do not state their own.
    var deadband: Located<DeadbandSpec>?
    var onDelay: Located<Millis>?
    var offDelay: Located<Millis>?
    var stale: StaleFields?
    var frozen: FrozenFields?
    var roc: RocFields?
    var window: WindowFields?
    var bad: BadFields?
    var alarmValue: Located<Bool>?
    /// Priority overrides by condition, below a rule's own `priority`.
    var priorities: [Condition: Located<Priority>] = [:]
    var windowSamples: Located<Int>?

    /// The keys that fill these fields, in the order messages list them.
    static let keys = [
        "limits", "deadband", "on_delay", "off_delay", "stale_after", "stale", "frozen", "roc", "window",
        "alarm_value", "bad", "priorities", "window_samples",
    ]
}
