/// Everything an `AlarmEngine` needs to continue exactly where another left off, keyed by stable
/// identity (enterprise id, tag or vote id, condition) rather than dense index, so a snapshot
/// taken under one catalog restores into an engine built from another (`AlarmEngine.restore`).
///
/// Pending timers are not stored: each one follows from the state (a tag's last time heard and
/// `STALE` `after`, a shelve's expiry, a chattering alarm's return, a flood's end), and
/// `restore` re-arms them from it under the new catalog's parameters. Vote counts likewise follow
/// from the members' lifecycles.
public struct EngineSnapshot: Sendable {
    /// The engine's clock (`AlarmEngine.watermark`).
    public var watermark: Millis
    /// The `seq` the next event gets.
    public var nextSeq: UInt64
    /// `AlarmEngine.windowOverflows`.
    public var windowOverflows: UInt64
    public var enterprises: [Enterprise]
    public var tags: [Tag]
    public var votes: [Vote]

    /// A snapshot from its parts (normally `AlarmEngine.snapshot()` or decoding).
    public init(watermark: Millis, nextSeq: UInt64, windowOverflows: UInt64, enterprises: [Enterprise],
                tags: [Tag], votes: [Vote]) {
        self.watermark = watermark
        self.nextSeq = nextSeq
        self.windowOverflows = windowOverflows
        self.enterprises = enterprises
        self.tags = tags
        self.votes = votes
    }

    /// One enterprise's flood state.
    public struct Enterprise: Sendable, Hashable {
        public var id: String
        public var inFlood: Bool
        /// When the flood ends unless another activation extends it; `Int64.max` when not in flood.
        public var floodEndsAt: Millis
        /// Times of the latest annunciated activations (at most `floodThreshold + 1`), in arrival order.
        public var floodActivations: [Millis]

        /// An enterprise's flood state from its parts.
        public init(id: String, inFlood: Bool, floodEndsAt: Millis, floodActivations: [Millis]) {
            self.id = id
            self.inFlood = inFlood
            self.floodEndsAt = floodEndsAt
            self.floodActivations = floodActivations
        }
    }

    /// One tag's sample history and its alarms.
    public struct Tag: Sendable {
        public var enterprise: String
        public var id: String
        /// Last accepted sample time (`Int64.min`: none).
        public var lastTs: Millis
        /// Last time heard, or the first watermark for a `STALE` tag never heard.
        public var lastHeard: Millis
        /// Last finite, good value (NaN: none).
        public var lastValue: Double
        /// `FROZEN` tracking: reference value, its time (`Int64.min`: none) and samples within it.
        public var frozenReference: Double
        public var frozenReferenceTs: Millis
        public var frozenCount: Int32
        /// Samples kept for `ROC`/`WINDOW`, oldest first.
        public var ring: [RingSample]
        /// The tag's alarms (not votes), one per condition.
        public var alarms: [Alarm]

        /// A tag's state from its parts.
        public init(enterprise: String, id: String, lastTs: Millis, lastHeard: Millis, lastValue: Double,
                    frozenReference: Double, frozenReferenceTs: Millis, frozenCount: Int32, ring: [RingSample],
                    alarms: [Alarm]) {
            self.enterprise = enterprise
            self.id = id
            self.lastTs = lastTs
            self.lastHeard = lastHeard
            self.lastValue = lastValue
            self.frozenReference = frozenReference
            self.frozenReferenceTs = frozenReferenceTs
            self.frozenCount = frozenCount
            self.ring = ring
            self.alarms = alarms
        }
    }

    /// One sample of a `ROC`/`WINDOW` history.
    public struct RingSample: Sendable, Hashable {
        public var ts: Millis
        public var value: Double

        /// A kept sample.
        public init(ts: Millis, value: Double) {
            self.ts = ts
            self.value = value
        }
    }

    /// One vote's alarm (its count follows from the members).
    public struct Vote: Sendable, Hashable {
        public var enterprise: String
        public var id: String
        public var alarm: Alarm

        /// A vote's state from its parts.
        public init(enterprise: String, id: String, alarm: Alarm) {
            self.enterprise = enterprise
            self.id = id
            self.alarm = alarm
        }
    }

    /// One alarm's state.
    public struct Alarm: Sendable, Hashable {
        public var condition: Condition
        /// Fingerprint of the rule's definition (limit, deadband, delays, window…; vote: k and
        /// members): a restore into a rule with another fingerprint restarts its delay tracking.
        public var definition: UInt64
        public var tracker: DelayTracker
        public var lifecycle: AlarmLifecycle

        /// An alarm's state from its parts.
        public init(condition: Condition, definition: UInt64, tracker: DelayTracker, lifecycle: AlarmLifecycle) {
            self.condition = condition
            self.definition = definition
            self.tracker = tracker
            self.lifecycle = lifecycle
        }
    }

    /// Identities of every alarm in the snapshot, tags' then votes'.
    public var alarmIdentities: [AlarmIdentity] {
        tags.flatMap { tag in
            tag.alarms.map { AlarmIdentity(enterprise: tag.enterprise, subject: tag.id, condition: $0.condition) }
        } + votes.map { AlarmIdentity(enterprise: $0.enterprise, subject: $0.id, condition: .VOTE) }
    }
}

/// What `AlarmEngine.restore` did with a snapshot's alarms.
public struct StateTransferReport: Sendable {
    /// Alarms whose whole state (lifecycle and delay tracking) moved over unchanged.
    public var carried: Int = 0
    /// Alarms whose rule definition changed: lifecycle kept, delay tracking restarted from it.
    public var reset: Int = 0
    /// Alarms of the engine that the snapshot did not know: they start fresh.
    public var added: Int = 0
    /// Alarms of the snapshot that the engine does not have, with their last lifecycle.
    public var removed: [RemovedAlarm] = []

    /// A report with nothing in it.
    public init() {}

    /// An alarm whose identity no longer exists.
    public struct RemovedAlarm: Sendable, Hashable {
        public var identity: AlarmIdentity
        public var lifecycle: AlarmLifecycle
    }
}
