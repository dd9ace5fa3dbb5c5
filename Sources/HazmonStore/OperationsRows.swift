public import HazmonCore

/// A message the ingest refused (`dead_letters`), kept for diagnosis; the table is capped by row count.
public struct DeadLetterRow: Sendable, Hashable {
    /// Row id, assigned by the store (nil before insertion).
    public var id: Int64?
    public var receivedAt: Millis
    public var topic: String
    public var reason: String
    public var detail: String
    /// The payload as received (possibly truncated by the ingest).
    public var payload: [UInt8]

    /// A dead letter from its columns.
    public init(id: Int64? = nil, receivedAt: Millis, topic: String, reason: String, detail: String, payload: [UInt8]) {
        self.id = id
        self.receivedAt = receivedAt
        self.topic = topic
        self.reason = reason
        self.detail = detail
        self.payload = payload
    }
}

/// One audited write (`audit`): who did what, when, why, and how it ended (SPEC §10).
public struct AuditRow: Sendable, Hashable {
    /// Row id, assigned by the store (nil before insertion).
    public var id: Int64?
    public var ts: Millis
    /// The token's name, never the token.
    public var actor: String
    /// `viewer`, `operator`, `inspector`, `admin`.
    public var role: String
    /// `ack`, `shelve`, `inspection.update`, `reload`, ….
    public var action: String
    public var target: String
    public var reason: String
    /// Request details as JSON (`{}` when none).
    public var details: String
    /// `ok`, `denied`, `invalid`, ….
    public var outcome: String

    /// An audit entry from its columns.
    public init(
        id: Int64? = nil, ts: Millis, actor: String, role: String, action: String, target: String, reason: String,
        details: String, outcome: String
    ) {
        self.id = id
        self.ts = ts
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.reason = reason
        self.details = details
        self.outcome = outcome
    }
}

/// The service's restart point (`checkpoint`, a single row): engine and risk state as opaque blobs.
///
/// Written in the same transaction as the events it covers, so on restart the journal never holds an
/// event the checkpoint does not know of, and `nextSeq` never reuses a stored `seq`.
public struct Checkpoint: Sendable, Hashable {
    public var ts: Millis
    /// The `seq` the engine gives its next event.
    public var nextSeq: UInt64
    /// `AlarmEngine` state as the service serializes it.
    public var engineState: [UInt8]
    /// Risk/inspection module state as the service serializes it.
    public var riskState: [UInt8]
    /// The number the next inspection task id is made from.
    public var inspectionCounter: Int64

    /// A checkpoint from its columns.
    public init(ts: Millis, nextSeq: UInt64, engineState: [UInt8], riskState: [UInt8], inspectionCounter: Int64) {
        self.ts = ts
        self.nextSeq = nextSeq
        self.engineState = engineState
        self.riskState = riskState
        self.inspectionCounter = inspectionCounter
    }
}
