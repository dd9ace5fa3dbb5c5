public import HazmonCore
public import HazmonIO
import Synchronization

/// One refused message (or batch point) as kept for operators and the store (SPEC §3).
public struct DeadLetter: Sendable, Hashable {
    /// Position in the order of arrival since start, from 1; the store persists those it has not seen.
    public var sequence: UInt64
    /// When hazmon received the message, epoch milliseconds.
    public var receiveTime: Millis
    /// The topic it arrived on (invalid UTF-8 replaced).
    public var topic: String
    /// Why it was refused.
    public var reason: RejectReason
    /// What was wrong, as in `Rejection.detail`.
    public var detail: String
    /// The payload's first bytes (`DeadLetterRing.payloadLimit`) as text, invalid UTF-8 replaced by U+FFFD.
    public var payload: String
    /// The payload's full size in bytes.
    public var payloadBytes: Int
    /// True when `payload` holds only the start of the payload.
    public var payloadTruncated: Bool

    /// A dead letter as the ring or a store recorded it.
    public init(
        sequence: UInt64, receiveTime: Millis, topic: String, reason: RejectReason, detail: String,
        payload: String, payloadBytes: Int, payloadTruncated: Bool
    ) {
        self.sequence = sequence
        self.receiveTime = receiveTime
        self.topic = topic
        self.reason = reason
        self.detail = detail
        self.payload = payload
        self.payloadBytes = payloadBytes
        self.payloadTruncated = payloadTruncated
    }
}

/// The most recent dead letters, bounded: once full, each new entry replaces the oldest.
///
/// Memory is bounded by `capacity × (payloadLimit + detail + topic)`; the payload text of one
/// message is shared by all its entries (one per rejected batch point).
///
/// - Important: Safe to share. Appending takes a lock, but only rejected messages append;
///   accepted samples never touch the ring. Readers take copies (`snapshot()`, `entries(after:)`).
public final class DeadLetterRing: Sendable {
    /// Most entries kept.
    public let capacity: Int
    /// Most payload bytes kept per entry.
    public let payloadLimit: Int

    private struct State {
        var slots: [DeadLetter] = []
        /// Where the next entry goes once `slots` is full.
        var next = 0
        var appended: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A ring of `capacity` entries (at least 1), each keeping up to `payloadLimit` payload bytes.
    public init(capacity: Int = 1000, payloadLimit: Int = 1024) {
        self.capacity = max(1, capacity)
        self.payloadLimit = max(0, payloadLimit)
    }

    /// Keeps one entry per rejection of one message.
    public func append(
        _ rejections: some Collection<Rejection>, topic: String, payload: UnsafeBufferPointer<UInt8>,
        receiveTime: Millis
    ) {
        guard !rejections.isEmpty else { return }
        let (text, truncated) = Self.text(payload, limit: payloadLimit)
        state.withLock { state in
            for rejection in rejections {
                state.appended += 1
                let letter = DeadLetter(
                    sequence: state.appended, receiveTime: receiveTime, topic: topic, reason: rejection.reason,
                    detail: rejection.detail, payload: text, payloadBytes: payload.count, payloadTruncated: truncated)
                if state.slots.count < capacity {
                    state.slots.append(letter)
                } else {
                    state.slots[state.next] = letter
                    state.next = (state.next + 1) % capacity
                }
            }
        }
    }

    /// Keeps one entry.
    public func append(_ rejection: Rejection, topic: String, payload: [UInt8], receiveTime: Millis) {
        payload.withUnsafeBufferPointer {
            append(CollectionOfOne(rejection), topic: topic, payload: $0, receiveTime: receiveTime)
        }
    }

    /// The entries held, oldest first.
    public func snapshot() -> [DeadLetter] {
        state.withLock { state in Array(state.slots[state.next...] + state.slots[..<state.next]) }
    }

    /// The entries held whose `sequence` is greater than `sequence`, oldest first: what a store
    /// that has persisted up to `sequence` still needs (entries overwritten meanwhile are gone).
    public func entries(after sequence: UInt64) -> [DeadLetter] {
        snapshot().filter { $0.sequence > sequence }
    }

    /// Entries appended since start, including those since overwritten.
    public var appended: UInt64 { state.withLock { $0.appended } }

    /// Entries held now.
    public var count: Int { state.withLock { $0.slots.count } }

    /// The first `limit` bytes as text, never cutting a UTF-8 sequence in two.
    static func text(_ payload: UnsafeBufferPointer<UInt8>, limit: Int) -> (String, truncated: Bool) {
        guard payload.count > limit else { return (String(decoding: payload, as: UTF8.self), false) }
        var end = limit
        // Back off over continuation bytes (10xxxxxx) so a character cut at the limit is dropped
        // whole instead of becoming U+FFFD; at most 3 of them belong to one character.
        var back = 0
        while end > 0, back < 3, payload[end] & 0xC0 == 0x80 {
            end -= 1
            back += 1
        }
        // No lead byte there: the bytes are invalid anyway, so cut where asked.
        if end < limit, payload[end] & 0xC0 != 0xC0 { end = limit }
        return (String(decoding: UnsafeBufferPointer(rebasing: payload[..<end]), as: UTF8.self), true)
    }
}
