public import HazmonCore
public import HazmonIO
public import HazmonIngest
public import HazmonMQTT
import Synchronization

/// The live service's heart: one thread owns the engine and takes messages from the MQTT
/// client's queue in batches, decodes them, evaluates every sample, publishes every event, and
/// moves the engine's clock to the wall clock between batches (`STALE`, shelve expiry, floods).
///
/// The network thread never waits for the engine (only, by design, when the bounded queue is
/// full), and the engine never waits for the network: publishing only queues the packet.
/// - Important: `run()` blocks its thread until the queue is closed and drained; everything else
///   is thread-safe.
public final class EngineLoop: @unchecked Sendable {
    /// Counters for logs, summaries and metrics; read with `statistics`.
    public struct Statistics: Sendable, Hashable {
        public var messages: UInt64 = 0
        public var samples: UInt64 = 0
        public var accepted: UInt64 = 0
        public var late: UInt64 = 0
        public var duplicate: UInt64 = 0
        public var events: UInt64 = 0
        public var eventsByCondition: [Condition: UInt64] = [:]
        /// Wall-clock ms of the last clock tick the engine saw.
        public var clock: Millis = 0
        public var publishFailures: UInt64 = 0
    }

    /// Called on the engine's thread for every event after it is published (terminal output, tests).
    public typealias EventObserver = @Sendable (AlarmEvent, EventRenderer) -> Void

    private var engine: AlarmEngine
    private var decoder: TelemetryDecoder
    private let queue: MessageQueue
    private let publisher: EventPublisher
    public let renderer: EventRenderer
    public let rejections = RejectionCounters()
    public let deadLetters: DeadLetterRing
    private let now: @Sendable () -> Millis
    private let observer: EventObserver?
    private let tickEvery: Millis
    private let stats = Mutex(Statistics())

    /// - Parameters:
    ///   - model: the catalog; the engine runs with the external (wall) clock.
    ///   - now: the wall clock in epoch ms (injected so tests can drive it).
    ///   - tickEvery: how often the clock is moved when no message arrives.
    public init(model: EngineModel, decoder: TelemetryDecoder.Configuration, queue: MessageQueue, sink: any MessageSink,
                topics: OutputTopics = OutputTopics(), deadLetters: Int = 1000, tickEvery: Millis = 200,
                now: @escaping @Sendable () -> Millis, observer: EventObserver? = nil) {
        engine = AlarmEngine(model: model, clockMode: .external)
        self.decoder = TelemetryDecoder(model: model, configuration: decoder)
        self.queue = queue
        renderer = EventRenderer(engine: engine)
        publisher = EventPublisher(renderer: renderer, sink: sink, topics: topics)
        self.deadLetters = DeadLetterRing(capacity: deadLetters)
        self.now = now
        self.observer = observer
        self.tickEvery = tickEvery
    }

    /// A consistent copy of the counters.
    public var statistics: Statistics { stats.withLock { $0 } }

    /// Runs until the queue is closed and every message in it has been evaluated.
    public func run() {
        var batch: [MQTTMessage] = []
        batch.reserveCapacity(512)
        var samples: [Sample] = []
        samples.reserveCapacity(1024)
        var refused: [Rejection] = []
        var events: [AlarmEvent] = []
        events.reserveCapacity(256)
        // Tags never heard count from the service start (SPEC Appendix B, live clock).
        var lastTick = now()
        engine.advance(to: lastTick, into: &events)
        flush(&events)
        let wait = Duration.milliseconds(tickEvery)
        while queue.popBatch(into: &batch, max: 512, timeout: wait) {
            var local = Statistics()
            for message in batch {
                local.messages += 1
                samples.removeAll(keepingCapacity: true)
                refused.removeAll(keepingCapacity: true)
                decoder.decode(topic: message.topic, payload: message.payload, receiveTime: message.receivedAt,
                               into: &samples, rejections: &refused)
                if !refused.isEmpty {
                    rejections.add(refused)
                    message.payload.withUnsafeBufferPointer { payload in
                        deadLetters.append(refused, topic: message.topic, payload: payload,
                                           receiveTime: message.receivedAt)
                    }
                }
                for sample in samples {
                    local.samples += 1
                    switch engine.process(sample, into: &events) {
                    case .accepted: local.accepted += 1
                    case .late: local.late += 1
                    case .duplicate: local.duplicate += 1
                    case .unknownTag: break  // the decoder only yields catalog tags
                    }
                }
                if !events.isEmpty { flush(&events, into: &local) }
            }
            batch.removeAll(keepingCapacity: true)
            let time = now()
            if time - lastTick >= tickEvery || local.messages == 0 {
                engine.advance(to: time, into: &events)
                lastTick = time
                if !events.isEmpty { flush(&events, into: &local) }
            }
            merge(local, clock: lastTick)
        }
    }

    private func flush(_ events: inout [AlarmEvent]) {
        var local = Statistics()
        flush(&events, into: &local)
        merge(local, clock: now())
    }

    private func flush(_ events: inout [AlarmEvent], into local: inout Statistics) {
        for event in events {
            publisher.publish(event)
            local.events += 1
            local.eventsByCondition[renderer.names(event).condition, default: 0] += 1
            observer?(event, renderer)
        }
        events.removeAll(keepingCapacity: true)
    }

    private func merge(_ local: Statistics, clock: Millis) {
        let failures = publisher.failures
        stats.withLock { total in
            total.messages += local.messages
            total.samples += local.samples
            total.accepted += local.accepted
            total.late += local.late
            total.duplicate += local.duplicate
            total.events += local.events
            for (condition, n) in local.eventsByCondition { total.eventsByCondition[condition, default: 0] += n }
            total.clock = clock
            total.publishFailures = failures
        }
    }
}
