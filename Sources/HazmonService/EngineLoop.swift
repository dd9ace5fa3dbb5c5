public import HazmonCore
public import HazmonIO
public import HazmonIngest
public import HazmonMQTT
public import HazmonRisk
import HazmonStore
import Synchronization

/// The live service's heart: one thread owns the engine and takes messages from the MQTT
/// client's queue in batches, decodes them, evaluates every sample, applies operator commands,
/// feeds supervision (inspections, risk), and hands each step's rows to the durable output stage,
/// which publishes them once they are committed. Between batches it moves the engine's clock to the
/// wall clock (`STALE`, shelve expiry, floods, inspection timers).
///
/// The network thread never waits for the engine (only, by design, when the bounded queue is
/// full), and the engine never waits for the disk or the network.
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
        public var operatorActions: UInt64 = 0
        public var checkpoints: UInt64 = 0
        /// Wall-clock ms of the last clock tick the engine saw.
        public var clock: Millis = 0
    }

    /// Timing of the loop.
    public struct Options: Sendable {
        /// How often the clock is moved when no message arrives.
        public var tickEvery: Millis = 200
        /// How often the engine's whole state is checkpointed into the store (also at every
        /// operator action and at a clean stop).
        public var checkpointEvery: Millis = 10_000
        /// Dead letters kept in memory (the store keeps its own bounded table).
        public var deadLetters: Int = 1000
        /// Samples kept per tag for the console's trend.
        public var recentSamples: Int = 64

        public init() {}
    }

    /// Called on the engine's thread for every event once rendered (terminal output, tests).
    public typealias EventObserver = @Sendable (AlarmEvent, EventRenderer) -> Void

    var engine: AlarmEngine
    var renderer: EventRenderer
    var directory: OperatorDirectory
    var supervisor: Supervisor
    var decoder: TelemetryDecoder
    private let queue: MessageQueue
    let output: DurableOutput
    public let rejections = RejectionCounters()
    public let deadLetters: DeadLetterRing
    /// Operator actions for the engine thread (HTTP API, tests).
    public let commands: CommandInbox
    /// The last samples of every tag (console trend, tag API).
    public let recent: RecentSamples
    /// Catalog reloads for the engine thread, and their counters (see `EngineLoop+Reload.swift`).
    public let reloads: ReloadInbox
    let now: @Sendable () -> Millis
    let observer: EventObserver?
    private let options: Options
    private let stats = Mutex(Statistics())
    var builder = JournalBatchBuilder()
    var watermarks = TagWatermarkTracker()
    /// Operator requests decided in this step, answered after the step's batch is committed.
    var answers: [@Sendable () -> Void] = []
    private var lastDeadLetter: UInt64 = 0
    private var lastCheckpoint: Millis = .min
    let rendererCell: Mutex<EventRenderer>

    /// - Parameters:
    ///   - engine: the engine, already restored from the store (external clock).
    ///   - supervision: inspections and risk, already restored.
    ///   - now: the wall clock in epoch ms (injected so tests can drive it).
    public init(engine: AlarmEngine, supervisor: Supervisor, decoder: TelemetryDecoder.Configuration,
                queue: MessageQueue, output: DurableOutput, options: Options = Options(),
                now: @escaping @Sendable () -> Millis, observer: EventObserver? = nil) {
        self.engine = engine
        renderer = EventRenderer(engine: engine)
        directory = OperatorDirectory(engine: engine, alarmID: renderer.alarmID)
        self.supervisor = supervisor
        self.decoder = TelemetryDecoder(model: engine.model, configuration: decoder)
        self.queue = queue
        self.output = output
        deadLetters = DeadLetterRing(capacity: options.deadLetters)
        commands = CommandInbox(wake: { [queue] in queue.wake() })
        reloads = ReloadInbox(wake: { [queue] in queue.wake() })
        recent = RecentSamples(tags: engine.model.tags.count, capacity: options.recentSamples)
        self.now = now
        self.observer = observer
        self.options = options
        rendererCell = Mutex(renderer)
    }

    /// A consistent copy of the counters.
    public var statistics: Statistics { stats.withLock { $0 } }

    /// The renderer of the engine now running (names, ids, units of the catalog in force).
    public var currentRenderer: EventRenderer { rendererCell.withLock { $0 } }

    /// Runs until the queue is closed and every message in it has been evaluated, then writes a
    /// final checkpoint.
    public func run() {
        var batch: [MQTTMessage] = []
        batch.reserveCapacity(512)
        var samples: [Sample] = []
        samples.reserveCapacity(1024)
        var accepted: [Sample] = []
        accepted.reserveCapacity(1024)
        var refused: [Rejection] = []
        var events: [AlarmEvent] = []
        events.reserveCapacity(256)
        // Tags never heard count from the service start (SPEC Appendix B, live clock).
        var lastTick = now()
        var local = Statistics()
        engine.advance(to: lastTick, into: &events)
        builder.add(supervisor.advance(to: lastTick))
        finishStep(&events, at: lastTick, forceCheckpoint: true, &local)
        merge(local, clock: lastTick)
        let wait = Duration.milliseconds(options.tickEvery)
        while queue.popBatch(into: &batch, max: 512, timeout: wait) {
            local = Statistics()
            accepted.removeAll(keepingCapacity: true)
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
                    case .accepted:
                        local.accepted += 1
                        accepted.append(sample)
                    case .late: local.late += 1
                    case .duplicate: local.duplicate += 1
                    case .unknownTag: break  // the decoder only yields catalog tags
                    }
                }
            }
            batch.removeAll(keepingCapacity: true)
            recent.append(accepted)
            let time = now()
            let operatorActed = applyCommands(at: time, into: &events, &local)
            if time - lastTick >= options.tickEvery || local.messages == 0 {
                engine.advance(to: time, into: &events)
                lastTick = time
                builder.add(supervisor.advance(to: time))
            }
            finishStep(&events, at: time, forceCheckpoint: operatorActed, &local)
            applyReloads(at: time, into: &events, &local)  // between batches, after this one's rows
            merge(local, clock: lastTick)
        }
        local = Statistics()
        finishStep(&events, at: now(), forceCheckpoint: true, &local)
        merge(local, clock: lastTick)
    }

    /// Renders the step's events into the journal batch, feeds supervision, adds dead letters,
    /// tag watermarks and (when due) a checkpoint, and submits the batch.
    func finishStep(_ events: inout [AlarmEvent], at time: Millis, forceCheckpoint: Bool,
                            _ local: inout Statistics) {
        for event in events {
            builder.add(event, engine: engine, renderer: renderer)
            local.events += 1
            let condition = event.alarm >= 0 ? engine.rules[Int(event.alarm)].condition : .FLOOD
            local.eventsByCondition[condition, default: 0] += 1
            observer?(event, renderer)
        }
        if !events.isEmpty {
            builder.add(supervisor.observe(events, engine: engine, renderer: renderer, at: max(time, engine.watermark)))
            watermarks.note(events, rules: engine.rules)
        }
        events.removeAll(keepingCapacity: true)
        if deadLetters.appended > lastDeadLetter {
            for letter in deadLetters.entries(after: lastDeadLetter) { builder.add(letter) }
            lastDeadLetter = deadLetters.appended
        }
        builder.add(watermarks.take(engine: engine))
        var checkpoint: DurableOutput.PendingCheckpoint?
        if forceCheckpoint || time - lastCheckpoint >= options.checkpointEvery {
            // A copy-on-write copy (O(1) here): the output stage snapshots and encodes it on its own
            // thread, so the engine does not stall for the whole state's encoding.
            checkpoint = DurableOutput.PendingCheckpoint(ts: time, engine: engine, riskState: supervisor.risk.encoded())
            lastCheckpoint = time
            local.checkpoints += 1
        }
        // Operators hear back once what they did is committed (or known not to be durable).
        output.submit(builder.take(), checkpoint: checkpoint, then: answers)
        answers.removeAll()
    }

    /// Applies every queued operator command; true if any was applied.
    private func applyCommands(at time: Millis, into events: inout [AlarmEvent], _ local: inout Statistics) -> Bool {
        let pending = commands.takeAll()
        guard !pending.isEmpty else { return false }
        // Operator actions are stamped with the wall clock, but never before the engine's clock.
        let ts = max(time, engine.watermark)
        for (request, completion) in pending {
            if case .updateInspection(let task, let status, let assignee, let findings, let note) = request.action {
                let outcome: OperatorOutcome
                do {
                    let output = try supervisor.update(task: task, status: status, assignee: assignee,
                                                       findings: findings, note: note, by: request.actor, at: ts)
                    builder.add(output)
                    outcome = .applied(events: output.inspections.map { $0.task.json() })
                } catch {
                    outcome = error.reason == .unknownTask ? .notFound(error.description) : .refused(error.description)
                }
                builder.add(request, outcome: outcome, at: ts)
                local.operatorActions += 1
                answers.append { completion(outcome) }
                continue
            }
            let before = events.count
            let outcome: OperatorOutcome
            if let refusal = engine.apply(request.action, at: ts, directory: directory, into: &events) {
                outcome = refusal
            } else {
                outcome = .applied(events: events[before...].map { renderer.json($0) })
            }
            var shelvedUntil: Millis?
            if case .shelve(let id, _) = request.action, let alarm = directory.alarm(id) {
                shelvedUntil = engine.lifecycle(alarm).shelvedUntil
            }
            builder.add(request, outcome: outcome, at: ts, shelvedUntil: shelvedUntil)
            local.operatorActions += 1
            answers.append { completion(outcome) }
        }
        return true
    }

    private func merge(_ local: Statistics, clock: Millis) {
        stats.withLock { total in
            total.messages += local.messages
            total.samples += local.samples
            total.accepted += local.accepted
            total.late += local.late
            total.duplicate += local.duplicate
            total.events += local.events
            total.operatorActions += local.operatorActions
            total.checkpoints += local.checkpoints
            for (condition, n) in local.eventsByCondition { total.eventsByCondition[condition, default: 0] += n }
            total.clock = clock
        }
    }
}
