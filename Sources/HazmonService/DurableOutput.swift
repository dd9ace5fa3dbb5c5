public import HazmonCore
public import HazmonStore
import Dispatch
import Synchronization

/// The output stage of the live service: every engine step's rows go to the store's writer thread;
/// once they are committed, the writer thread publishes them on MQTT (events, retained alarm states,
/// inspection tasks, retained risk scores) and updates the console's `LiveView`.
///
/// Publishing only what is durable is what makes a `kill -9` safe: an event a subscriber has seen is
/// in the journal. When the store fails (full disk, read-only file) the writer says so and hands the
/// batch over anyway (`durable: false`): alarms keep flowing over MQTT while it retries (SPEC §10).
public final class DurableOutput: Sendable {
    /// Publishing failures and store trouble, for logs and `/metrics`.
    public struct Statistics: Sendable, Hashable {
        public var published: UInt64 = 0
        public var publishFailures: UInt64 = 0
        public var nonDurableBatches: UInt64 = 0
        public var storeError: String?
        /// What kind of failure `storeError` is, so each is logged once until the store recovers.
        var storeErrorKind: String?
    }

    private let sink: any MessageSink
    private let topics: OutputTopics
    public let view: LiveView
    private let log: @Sendable (String) -> Void
    private let stats = Mutex(Statistics())
    private let writerCell = Mutex<StoreWriter?>(nil)
    /// Encodes checkpoints and hands batches to the writer in submission order, off the engine thread.
    private let encoder = DispatchQueue(label: "hazmon.output.encoder")
    /// Bounds the batches waiting on `encoder`: the engine waits rather than memory growing unbounded.
    private let inFlight = DispatchSemaphore(value: 4096)
    /// What to run after each submitted batch is committed and published, in submission order (the
    /// writer calls `afterCommit` once per batch, in that order).
    private let callbacks = Mutex<[[@Sendable () -> Void]]>([])

    /// The engine state to checkpoint with a batch: a copy taken between samples, encoded later.
    public struct PendingCheckpoint: Sendable {
        public var ts: Millis
        public var engine: AlarmEngine
        public var riskState: [UInt8]

        public init(ts: Millis, engine: AlarmEngine, riskState: [UInt8]) {
            self.ts = ts
            self.engine = engine
            self.riskState = riskState
        }
    }

    /// - Parameters:
    ///   - log: one line per store failure and recovery (stderr in `hazmon run`).
    public init(store: HazmonStore, sink: any MessageSink, topics: OutputTopics = OutputTopics(), view: LiveView,
                writerOptions: StoreWriter.Options = StoreWriter.Options(),
                log: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.topics = topics
        self.view = view
        self.log = log
        let writer = StoreWriter(
            store: store, options: writerOptions,
            afterCommit: { [weak self] batches, durable in self?.deliver(batches, durable: durable) },
            onError: { [weak self] error in self?.failed(error) },
            onRecovered: { [weak self] count in self?.recovered(count) })
        writerCell.withLock { $0 = writer }
    }

    private var writer: StoreWriter? { writerCell.withLock { $0 } }

    /// Hands one step's rows (and, when due, the engine state to checkpoint with them) to the writer;
    /// returns at once (engine thread).
    public func submit(_ batch: StoreBatch, checkpoint: PendingCheckpoint? = nil,
                       then done: [@Sendable () -> Void] = []) {
        guard !batch.isEmpty || checkpoint != nil, let writer else {
            for callback in done { callback() }
            return
        }
        inFlight.wait()
        encoder.async { [self] in
            var batch = batch
            if let checkpoint {
                batch.checkpoint = Checkpoint(
                    ts: checkpoint.ts, nextSeq: checkpoint.engine.nextSeq,
                    engineState: checkpoint.engine.snapshot().encoded(), riskState: checkpoint.riskState,
                    inspectionCounter: 0)
            }
            callbacks.withLock { $0.append(done) }
            writer.submit(batch)
            inFlight.signal()
        }
    }

    /// Waits until everything submitted has been committed (or failed) and published.
    public func flush() {
        encoder.sync {}
        writer?.flush()
    }

    /// Flushes, tries the store one last time and stops the writer; the batches still not durable.
    @discardableResult
    public func close() -> Int {
        encoder.sync {}
        return writer?.close() ?? 0
    }

    /// The writer's counters (commit latency, backlog, failures) for `/metrics`.
    public var writerStatistics: StoreWriterStatistics { writer?.statistics ?? StoreWriterStatistics() }

    /// Publishing counters.
    public var statistics: Statistics { stats.withLock { $0 } }

    // MARK: Writer thread

    private func deliver(_ batches: [StoreBatch], durable: Bool) {
        var local = Statistics()
        if !durable { local.nonDurableBatches += UInt64(batches.count) }
        let done = callbacks.withLock { pending in
            defer { pending.removeFirst(min(batches.count, pending.count)) }
            return Array(pending.prefix(batches.count))
        }
        defer { for callback in done.joined() { callback() } }
        for batch in batches {
            for event in batch.events {
                send(topics.events(enterprise: event.enterprise, tag: event.tag), event.json, retain: false, &local)
            }
            var alarms: [LiveView.Alarm] = []
            for row in batch.alarmStates {
                let flags = AlarmFlags(rawValue: UInt8(truncatingIfNeeded: row.flags))
                let state = AlarmState(name: row.state) ?? .normal
                let overlays = flags.intersection([.shelved, .suppressed, .outOfService, .chattering])
                let cleared = state == .normal && overlays.isEmpty
                send(topics.alarm(enterprise: row.enterprise, tag: row.tag, condition: row.condition),
                     cleared ? "" : row.json, retain: true, &local)
                if let alarm = LiveView.Alarm(row) { alarms.append(alarm) }
            }
            let floods = batch.events.filter { $0.condition == Condition.FLOOD.rawValue }
                .map { (enterprise: $0.enterprise, active: $0.transition == Transition.floodStart.name) }
            for task in batch.inspections {
                send(topics.inspections(enterprise: task.enterprise), task.json, retain: false, &local)
            }
            for score in batch.riskScores {
                send(topics.risk(enterprise: score.enterprise), score.json, retain: true, &local)
            }
            let stream = batch.events.map { event in
                LiveView.StreamItem(type: event.condition == Condition.FLOOD.rawValue ? "flood" : "alarm",
                                    seq: event.seq, json: event.json)
            }
            view.apply(alarms: alarms, floods: floods,
                       inspections: batch.inspections.map { ($0.id, $0.enterprise, $0.json) },
                       risk: batch.riskScores.map { ($0.enterprise, $0.json) }, events: stream)
            // A `clear` (hot reload) means the alarm no longer exists: not even as a normal entry.
            view.forget(alarms: batch.events.filter { $0.transition == Transition.clear.name }.map(\.alarmID))
        }
        stats.withLock { total in
            total.published += local.published
            total.publishFailures += local.publishFailures
            total.nonDurableBatches += local.nonDurableBatches
        }
    }

    private func send(_ topic: String, _ payload: String, retain: Bool, _ local: inout Statistics) {
        do {
            try sink.publish(topic: topic, payload: Array(payload.utf8), qos: 1, retain: retain)
            local.published += 1
        } catch {
            local.publishFailures += 1
        }
    }

    private func failed(_ error: StoreError) {
        let message = "\(error)"
        // Once per kind of trouble until the store recovers, not once per retry (the message itself
        // changes with the number of batches in the failed transaction).
        let kind = error.isDiskFull ? "full" : error.isReadOnly ? "read-only" : message
        let first = stats.withLock { s in
            defer {
                s.storeError = message
                s.storeErrorKind = kind
            }
            return s.storeErrorKind != kind
        }
        if first { log("hazmon: store: \(message); alarms keep flowing over MQTT, retrying") }
    }

    private func recovered(_ count: Int) {
        stats.withLock {
            $0.storeError = nil
            $0.storeErrorKind = nil
        }
        log("hazmon: store: writing again; \(count) batch(es) kept in memory are now durable")
    }
}

extension LiveView.Alarm {
    /// The live view's record of a stored alarm state; nil if the row's names are not hazmon's.
    public init?(_ row: AlarmStateRow) {
        guard let condition = Condition(rawValue: row.condition), let priority = Priority(rawValue: row.priority),
            let state = AlarmState(name: row.state)
        else { return nil }
        self.init(id: row.alarmID, enterprise: row.enterprise,
                  hazardSource: row.hazardSource.isEmpty ? nil : row.hazardSource, tag: row.tag,
                  condition: condition, priority: priority, state: state,
                  flags: AlarmFlags(rawValue: UInt8(truncatingIfNeeded: row.flags)), seq: row.lastSeq,
                  ts: row.lastTs, json: row.json)
    }
}

extension AlarmState {
    /// Parses the names `normal`, `unack`, `ack`, `rtn_unack` (SPEC §5).
    public init?(name: String) {
        switch name {
        case "normal": self = .normal
        case "unack": self = .unack
        case "ack": self = .ack
        case "rtn_unack": self = .rtnUnack
        default: return nil
        }
    }
}
