public import HazmonCore

/// One alarm transition in the journal (`events`): key columns for queries plus the SPEC §6 JSON.
public struct EventRow: Sendable, Hashable {
    /// The event's `seq`: the journal's primary key, strictly increasing.
    public var seq: UInt64
    /// Stable alarm id (`enterprise/tag/condition`, or the enterprise's flood id).
    public var alarmID: String
    public var enterprise: String
    public var hazardSource: String
    public var tag: String
    public var condition: String
    /// `activate`, `return`, `ack`, … (SPEC §6).
    public var transition: String
    /// ISA-18.2 state after the transition.
    public var state: String
    /// Event time, epoch ms.
    public var ts: Millis
    /// The rendered event exactly as published (`EventRenderer`).
    public var json: String

    /// A journal row from its columns.
    public init(
        seq: UInt64, alarmID: String, enterprise: String, hazardSource: String, tag: String, condition: String,
        transition: String, state: String, ts: Millis, json: String
    ) {
        self.seq = seq
        self.alarmID = alarmID
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.tag = tag
        self.condition = condition
        self.transition = transition
        self.state = state
        self.ts = ts
        self.json = json
    }
}

/// The current state of one alarm (`alarm_states`), upserted by alarm id with each of its events.
public struct AlarmStateRow: Sendable, Hashable {
    public var alarmID: String
    public var enterprise: String
    public var hazardSource: String
    public var tag: String
    public var condition: String
    public var priority: String
    public var state: String
    /// `AlarmFlags.rawValue` (shelved, suppressed, out of service, chattering, …).
    public var flags: Int
    /// Start of the current activation; nil when never active.
    public var activatedAt: Millis?
    /// When it last returned to normal; nil while active or never returned.
    public var returnedAt: Millis?
    /// Shelve expiry while shelved; nil otherwise.
    public var shelvedUntil: Millis?
    /// `seq` of the event that produced this state.
    public var lastSeq: UInt64
    /// `ts` of that event.
    public var lastTs: Millis
    /// That event's JSON (what `hazmon/alarms/…` carries retained).
    public var json: String

    /// A current-state row from its columns.
    public init(
        alarmID: String, enterprise: String, hazardSource: String, tag: String, condition: String, priority: String,
        state: String, flags: Int, activatedAt: Millis?, returnedAt: Millis?, shelvedUntil: Millis?, lastSeq: UInt64,
        lastTs: Millis, json: String
    ) {
        self.alarmID = alarmID
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.tag = tag
        self.condition = condition
        self.priority = priority
        self.state = state
        self.flags = flags
        self.activatedAt = activatedAt
        self.returnedAt = returnedAt
        self.shelvedUntil = shelvedUntil
        self.lastSeq = lastSeq
        self.lastTs = lastTs
        self.json = json
    }
}

/// The kinds of operator overlay the store keeps (SPEC §5).
public enum OverlayKind: String, Sendable, Hashable, CaseIterable {
    /// An alarm shelved by an operator (target: alarm id).
    case shelve
    /// A tag taken out of service (target: `enterprise/tag`).
    case outOfService = "out_of_service"
    /// A hazard source in maintenance, suppressing its alarms (target: `enterprise/hazard_source`).
    case maintenance
}

/// One operator overlay in force (`overlays`), keyed by (kind, target).
public struct OverlayRow: Sendable, Hashable {
    public var kind: OverlayKind
    /// Alarm id, `enterprise/tag` or `enterprise/hazard_source`, by kind.
    public var target: String
    public var reason: String
    /// Who put it in force.
    public var actor: String
    public var since: Millis
    /// Expiry; nil for overlays that last until switched off.
    public var until: Millis?

    /// An overlay from its columns.
    public init(kind: OverlayKind, target: String, reason: String, actor: String, since: Millis, until: Millis?) {
        self.kind = kind
        self.target = target
        self.reason = reason
        self.actor = actor
        self.since = since
        self.until = until
    }
}

/// An overlay switched on (upserted) or off (deleted).
public enum OverlayChange: Sendable, Hashable {
    /// Puts an overlay in force, replacing one of the same kind and target.
    case set(OverlayRow)
    /// Lifts the overlay of this kind on this target (nothing happens if none is in force).
    case remove(kind: OverlayKind, target: String)
}

/// A tag's last evaluated sample (`tag_watermarks`): samples up to it are duplicates after a restart.
public struct TagWatermarkRow: Sendable, Hashable {
    public var enterprise: String
    public var tag: String
    /// Event time of the last accepted sample, epoch ms.
    public var ts: Millis
    /// The tag's last good value then (NaN if none).
    public var value: Double

    public init(enterprise: String, tag: String, ts: Millis, value: Double) {
        self.enterprise = enterprise
        self.tag = tag
        self.ts = ts
        self.value = value
    }
}
