public import HazmonCore
import Synchronization

/// What the console and the HTTP API read while the engine runs: current alarms, inspection
/// tasks and risk scores as the JSON that went out on MQTT, plus a ring of recent stream items
/// for live subscribers and resumption (SPEC §9).
///
/// Written only by the output stage after each durable commit, so everything a reader sees is
/// already in the journal; read from any thread.
public final class LiveView: Sendable {
    /// One alarm's current state: its last event's JSON and the fields the API filters on.
    public struct Alarm: Sendable, Hashable {
        public var id: String
        public var enterprise: String
        public var hazardSource: String?
        public var tag: String
        public var condition: Condition
        public var priority: Priority
        public var state: AlarmState
        public var flags: AlarmFlags
        public var seq: UInt64
        public var ts: Millis
        public var json: String

        public init(id: String, enterprise: String, hazardSource: String?, tag: String, condition: Condition,
                    priority: Priority, state: AlarmState, flags: AlarmFlags, seq: UInt64, ts: Millis,
                    json: String) {
            self.id = id
            self.enterprise = enterprise
            self.hazardSource = hazardSource
            self.tag = tag
            self.condition = condition
            self.priority = priority
            self.state = state
            self.flags = flags
            self.seq = seq
            self.ts = ts
            self.json = json
        }

        /// Shown in the live list: active, unacknowledged, or held by an overlay.
        public var isStanding: Bool {
            state != .normal || !flags.intersection([.shelved, .suppressed, .outOfService]).isEmpty
        }
    }

    /// One item of the live stream.
    public struct StreamItem: Sendable, Hashable {
        /// `alarm`, `flood`, `inspection` or `risk`.
        public var type: String
        /// The journal `seq` of an alarm or flood event; for inspections and risk the `seq` of the
        /// last alarm event before them (they are not resumable on their own: clients reload lists).
        public var seq: UInt64
        public var json: String

        public init(type: String, seq: UInt64, json: String) {
            self.type = type
            self.seq = seq
            self.json = json
        }
    }

    private struct State: ~Copyable {
        var alarms: [String: Alarm] = [:]
        var inspections: [String: (enterprise: String, json: String)] = [:]
        var risk: [String: String] = [:]
        var floods: Set<String> = []
        var recent: [StreamItem] = []
        var recentStart = 0
        var lastSeq: UInt64 = 0
        var subscribers: [Int: AsyncStream<StreamItem>.Continuation] = [:]
        var nextSubscriber = 0
        var ready = false
    }

    private let state = Mutex(State())
    /// Stream items kept for resumption from memory; older ones come from the journal.
    public let recentCapacity: Int

    public init(recentCapacity: Int = 4096) { self.recentCapacity = max(1, recentCapacity) }

    // MARK: Writing (output stage)

    /// Records alarm events (after they are durable) and hands them to live subscribers.
    /// - Parameter events: every journaled event of the batch for the live stream, in seq order:
    ///   several transitions of one alarm in one engine step (activate and ack) each reach live
    ///   clients, as they reach the journal.
    public func apply(alarms: [Alarm], floods: [(enterprise: String, active: Bool)],
                      inspections: [(id: String, enterprise: String, json: String)],
                      risk: [(enterprise: String, json: String)], events: [StreamItem]) {
        state.withLock { s in
            var items: [StreamItem] = []
            items.reserveCapacity(events.count + inspections.count + risk.count)
            for alarm in alarms {
                s.alarms[alarm.id] = alarm
                s.lastSeq = max(s.lastSeq, alarm.seq)
            }
            for flood in floods {
                if flood.active { s.floods.insert(flood.enterprise) } else { s.floods.remove(flood.enterprise) }
            }
            for event in events {
                s.lastSeq = max(s.lastSeq, event.seq)
                items.append(event)
            }
            for task in inspections {
                s.inspections[task.id] = (task.enterprise, task.json)
                items.append(StreamItem(type: "inspection", seq: s.lastSeq, json: task.json))
            }
            for score in risk {
                s.risk[score.enterprise] = score.json
                items.append(StreamItem(type: "risk", seq: s.lastSeq, json: score.json))
            }
            for item in items {
                if s.recent.count < recentCapacity {
                    s.recent.append(item)
                } else {
                    s.recent[s.recentStart] = item
                    s.recentStart = (s.recentStart + 1) % recentCapacity
                }
                for continuation in s.subscribers.values { continuation.yield(item) }
            }
        }
    }

    /// Drops alarms that left the catalog (hot reload), after their `clear` went through `apply`.
    public func forget(alarms ids: [String]) {
        guard !ids.isEmpty else { return }
        state.withLock { s in for id in ids { s.alarms[id] = nil } }
    }

    /// Seeds the view from the store at start-up, before telemetry flows.
    public func restore(alarms: [Alarm], inspections: [(id: String, enterprise: String, json: String)],
                        risk: [(enterprise: String, json: String)], floods: [String], lastSeq: UInt64) {
        state.withLock { s in
            for alarm in alarms { s.alarms[alarm.id] = alarm }
            for task in inspections { s.inspections[task.id] = (task.enterprise, task.json) }
            for score in risk { s.risk[score.enterprise] = score.json }
            s.floods = Set(floods)
            s.lastSeq = lastSeq
        }
    }

    /// Marks the service ready (state restored, telemetry flowing) or not.
    public func setReady(_ ready: Bool) { state.withLock { $0.ready = ready } }

    // MARK: Reading (HTTP)

    /// Whether the service has restored its state and runs.
    public var isReady: Bool { state.withLock { $0.ready } }

    /// The current alarms that pass `filter`, by priority (critical first) then newest first.
    public func alarms(where filter: (Alarm) -> Bool = { _ in true }) -> [Alarm] {
        let all = state.withLock { Array($0.alarms.values) }
        return all.filter(filter).sorted {
            ($0.priority.rank, -$0.ts, $0.id) < ($1.priority.rank, -$1.ts, $1.id)
        }
    }

    /// One alarm by id.
    public func alarm(_ id: String) -> Alarm? { state.withLock { $0.alarms[id] } }

    /// Current inspection tasks' JSON by id.
    public func inspections() -> [(id: String, enterprise: String, json: String)] {
        state.withLock { s in s.inspections.map { ($0.key, $0.value.enterprise, $0.value.json) } }
            .sorted { $0.id < $1.id }
    }

    /// The latest risk JSON by enterprise id.
    public func risk() -> [String: String] { state.withLock { $0.risk } }

    /// Enterprises in an alarm flood now.
    public func floods() -> Set<String> { state.withLock { $0.floods } }

    /// The highest journal `seq` the view has seen.
    public var lastSeq: UInt64 { state.withLock { $0.lastSeq } }

    /// Stream items with `seq` above `after` still held in memory, oldest first, and whether memory
    /// reaches back far enough (if not, the caller reads the gap from the journal).
    public func recentItems(after: UInt64) -> (items: [StreamItem], complete: Bool) {
        state.withLock { s in
            let ordered = Array(s.recent[s.recentStart...] + s.recent[..<s.recentStart])
            // Alarm seqs are dense, so memory covers the gap when its oldest item follows `after`
            // directly; with nothing in memory only a client already up to date is covered (after a
            // restart the journal holds what came before).
            let complete = ordered.first.map { $0.seq <= after + 1 } ?? (after >= s.lastSeq)
            return (ordered.filter { $0.seq > after }, complete)
        }
    }

    /// A live subscription to every new stream item; ends when the consumer stops iterating.
    public func subscribe() -> AsyncStream<StreamItem> {
        let (stream, continuation) = AsyncStream<StreamItem>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = state.withLock { s in
            defer { s.nextSubscriber += 1 }
            s.subscribers[s.nextSubscriber] = continuation
            return s.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Live subscribers now (for `/metrics`).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

extension Priority {
    /// Sort rank: critical first.
    var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }
}
