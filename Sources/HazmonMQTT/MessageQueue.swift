/// The one bounded, back-pressured hand-over from libmosquitto's network thread to the engine.
///
/// The network thread ``push(_:)``es every received message; when the queue is full, `push` blocks.
/// That is the back-pressure: while the network thread waits it reads nothing more from the socket,
/// TCP's window closes, and the broker keeps the rest (QoS 1 messages stay in the session; mind the
/// broker's `max_queued_messages`, which drops beyond its limit). The consumer takes messages in
/// batches with ``popBatch(max:timeout:)``, which waits at most `timeout` so the engine can advance
/// its clock for `STALE` even when nothing arrives.
///
/// Messages come out in the order they went in. Memory grows with the number of queued messages, up
/// to `capacity`; the ring starts small and doubles as needed, so a mostly empty queue stays small.
///
/// - Important: Thread-safe. Any number of producers and consumers may use it, but the intended shape is
///   one producer (the client's network thread) and one consumer (the engine). `popBatch` blocks the
///   calling thread: call it from a dedicated thread, not from a task on Swift's cooperative pool.
public final class MessageQueue: @unchecked Sendable {
    /// Counters and levels, read together under the lock.
    public struct Statistics: Sendable, Hashable {
        /// Messages waiting now.
        public var depth: Int
        /// The most messages that have waited at once.
        public var highWater: Int
        /// Messages accepted by ``MessageQueue/push(_:)``.
        public var pushed: Int
        /// Messages handed to consumers.
        public var popped: Int
        /// How often a push found the queue full and had to wait: each one is back-pressure on the broker.
        public var fullWaits: Int
        /// Messages refused because the queue was closed.
        public var refusedAfterClose: Int
    }

    /// The most messages the queue holds before `push` blocks.
    public let capacity: Int

    private let lock = PthreadLock()
    private let notEmpty = PthreadCondition()
    private let notFull = PthreadCondition()
    // Everything below is guarded by `lock`.
    private var ring: [MQTTMessage]
    private var head = 0
    private var count = 0
    private var closed = false
    /// Set by `wake()`: the next (or current) wait of the consumer returns at once, once.
    private var woken = false
    private var waitingConsumers = 0
    private var waitingProducers = 0
    private var statistics = Statistics(
        depth: 0, highWater: 0, pushed: 0, popped: 0, fullWaits: 0, refusedAfterClose: 0)

    /// The default capacity: about 7 s of the national network's 9.3 k samples/s.
    public static let defaultCapacity = 65_536

    /// Creates an empty, open queue; `capacity` is clamped to at least 1.
    public init(capacity: Int = MessageQueue.defaultCapacity) {
        self.capacity = max(1, capacity)
        ring = Array(repeating: .vacant, count: min(self.capacity, 1024))
    }

    /// Appends a message, waiting while the queue is full; returns `false` (dropping the message) once
    /// the queue is closed, including when it is closed while this call waits.
    @discardableResult
    public func push(_ message: MQTTMessage) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if count == capacity && !closed {
            statistics.fullWaits += 1
            waitingProducers += 1
            while count == capacity && !closed { notFull.wait(lock) }
            waitingProducers -= 1
        }
        if closed {
            statistics.refusedAfterClose += 1
            return false
        }
        if count == ring.count { grow() }
        var tail = head + count
        if tail >= ring.count { tail -= ring.count }
        ring[tail] = message
        count += 1
        statistics.pushed += 1
        if count > statistics.highWater { statistics.highWater = count }
        if waitingConsumers > 0 { notEmpty.signal() }
        return true
    }

    /// Moves up to `max` messages into `buffer` (appending), waiting at most `timeout` for the first.
    ///
    /// Returns `false` only when the queue is closed and empty: the consumer is done. A `true` return
    /// with nothing appended means the timeout passed. Reusing one buffer (`removeAll(keepingCapacity:)`)
    /// makes the steady state allocation-free apart from the messages themselves.
    public func popBatch(into buffer: inout [MQTTMessage], max: Int, timeout: Duration) -> Bool {
        let limit = Swift.max(1, max)
        lock.lock()
        defer { lock.unlock() }
        if count == 0 && !closed && !woken {
            let deadline = Deadline.after(timeout)
            waitingConsumers += 1
            while count == 0 && !closed && !woken {
                if !notEmpty.wait(lock, until: deadline) { break }
            }
            waitingConsumers -= 1
        }
        woken = false
        if count == 0 { return !closed }
        let taken = Swift.min(limit, count)
        buffer.reserveCapacity(buffer.count + taken)
        for _ in 0..<taken {
            buffer.append(ring[head])
            ring[head] = .vacant
            head += 1
            if head == ring.count { head = 0 }
        }
        count -= taken
        statistics.popped += taken
        if waitingProducers > 0 { notFull.broadcast() }
        return true
    }

    /// Up to `max` messages, waiting at most `timeout` for the first; `[]` when the timeout passed,
    /// `nil` once the queue is closed and drained.
    public func popBatch(max: Int, timeout: Duration) -> [MQTTMessage]? {
        var batch: [MQTTMessage] = []
        return popBatch(into: &batch, max: max, timeout: timeout) ? batch : nil
    }

    /// Refuses further pushes and wakes every waiter: blocked producers return `false`, consumers get
    /// the messages still queued and then `nil` / `false`. Idempotent.
    public func close() {
        lock.withLock {
            closed = true
            notEmpty.broadcast()
            notFull.broadcast()
        }
    }

    /// Makes the consumer's current or next `popBatch` return at once (possibly with nothing), so it
    /// can handle work that does not come through the queue (operator commands) without waiting for
    /// its timeout.
    public func wake() {
        lock.withLock {
            woken = true
            notEmpty.broadcast()
        }
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { lock.withLock { closed } }

    /// Messages waiting now.
    public var depth: Int { lock.withLock { count } }

    /// A consistent snapshot of the counters.
    public var snapshot: Statistics {
        lock.withLock {
            var copy = statistics
            copy.depth = count
            return copy
        }
    }

    /// Doubles the ring (up to `capacity`), unrolling it so `head` becomes 0.
    private func grow() {
        let newSize = Swift.min(capacity, ring.count * 2)
        var bigger: [MQTTMessage] = []
        bigger.reserveCapacity(newSize)
        for offset in 0..<count {
            var index = head + offset
            if index >= ring.count { index -= ring.count }
            bigger.append(ring[index])
        }
        bigger.append(contentsOf: repeatElement(MQTTMessage.vacant, count: newSize - count))
        ring = bigger
        head = 0
    }
}
