public import HazmonCore
import HazmonIO
import HazmonIngest
public import HazmonRisk
import Synchronization

/// A validated catalog and config for the running engine (SPEC §9 reload): the new model and the
/// supervision settings in force with it.
public struct ReloadRequest: Sendable {
    public var model: EngineModel
    public var inspections: InspectionSettings
    public var risk: RiskSettings

    /// A reload to `model` with these supervision settings.
    public init(model: EngineModel, inspections: InspectionSettings, risk: RiskSettings) {
        self.model = model
        self.inspections = inspections
        self.risk = risk
    }
}

/// Reloads waiting for the engine thread, which applies them between telemetry batches, and the
/// counters of every reload, applied or refused, for logs and `/metrics`.
public final class ReloadInbox: Sendable {
    /// Reload counters.
    public struct Statistics: Sendable, Hashable {
        /// Reloads applied by the engine.
        public var applied: UInt64 = 0
        /// Reloads refused (invalid catalog or config; the engine never saw them).
        public var refused: UInt64 = 0
        /// The last reload's result: its outcome, or the refusal's errors.
        public var last: Result<ReloadOutcome, Refused>?
    }

    /// A refused reload's errors (`file:line:col: message`) and when.
    public struct Refused: Error, Sendable, Hashable {
        public var errors: [String]
        public var ts: Millis

        /// A refusal with its errors.
        public init(errors: [String], ts: Millis) {
            self.errors = errors
            self.ts = ts
        }
    }

    private let queue: EngineInbox<ReloadRequest, ReloadOutcome>
    private let stats = Mutex(Statistics())

    /// - Parameter wake: wakes the engine thread (it is usually waiting for telemetry).
    public init(wake: @escaping @Sendable () -> Void) { queue = EngineInbox(wake: wake) }

    /// Queues a reload; `completion` runs on the engine thread once the new catalog is in force and its
    /// rows are submitted to the output stage.
    public func submit(_ request: ReloadRequest, completion: @escaping @Sendable (ReloadOutcome) -> Void) {
        queue.submit(request, completion: completion)
    }

    /// Counts a reload refused before it reached the engine.
    public func noteRefused(_ refusal: Refused) {
        stats.withLock { s in
            s.refused += 1
            s.last = .failure(refusal)
        }
    }

    /// A consistent copy of the counters.
    public var statistics: Statistics { stats.withLock { $0 } }

    func takeAll() -> [EngineInbox<ReloadRequest, ReloadOutcome>.Pending] { queue.takeAll() }

    func noteApplied(_ outcome: ReloadOutcome) {
        stats.withLock { s in
            s.applied += 1
            s.last = .success(outcome)
        }
    }
}

extension EngineLoop {
    /// Applies every queued reload, each as its own step (engine thread, between batches, after the
    /// batch's own rows were submitted with the old catalog):
    ///
    /// 1. tags' watermarks still pending are taken under the old indexes;
    /// 2. `AlarmEngine.reloaded` builds the new engine; the `clear` events of removed, non-normal alarms
    ///    are rendered with the **old** renderer and observed by the old supervision;
    /// 3. supervision is rebuilt for the new engine (`Supervisor.reloaded`), then renderer, operator
    ///    directory, telemetry decoder (same topics and limits, the new tags) and recent-sample rings
    ///    (by tag identity) switch;
    /// 4. `applyOverlayChanges` turns catalog changes of `out_of_service` / `maintenance` into events,
    ///    rendered with the new renderer; the step is checkpointed and submitted.
    func applyReloads(at time: Millis, into events: inout [AlarmEvent], _ local: inout Statistics) {
        for (request, completion) in reloads.takeAll() {
            let outcome = reload(request, at: time, into: &events, &local)
            reloads.noteApplied(outcome)
            completion(outcome)
        }
    }

    private func reload(_ request: ReloadRequest, at time: Millis, into events: inout [AlarmEvent],
                        _ local: inout Statistics) -> ReloadOutcome {
        let ts = max(time, engine.watermark)
        let old = engine
        let oldRenderer = renderer
        builder.add(watermarks.take(engine: old))
        events.removeAll(keepingCapacity: true)  // finishStep left none; be explicit
        var (next, report) = old.reloaded(with: request.model, at: ts, into: &events)
        let cleared = events.count
        for event in events {
            builder.add(event, engine: old, renderer: oldRenderer)
            local.events += 1
            local.eventsByCondition[oldRenderer.names(event).condition, default: 0] += 1
            observer?(event, oldRenderer)
        }
        if !events.isEmpty { builder.add(supervisor.observe(events, engine: old, renderer: oldRenderer, at: ts)) }
        events.removeAll(keepingCapacity: true)
        // The builder keys alarm-state rows by alarm index: the old engine's rows leave in their own
        // batch before the new engine's indexes (which may reuse them) come in.
        output.submit(builder.take())

        supervisor = supervisor.reloaded(engine: next, inspectionSettings: request.inspections,
                                         riskSettings: request.risk, at: ts)
        let overlayChanges = next.applyOverlayChanges(from: old.model, at: ts, into: &events)
        engine = next
        renderer = EventRenderer(engine: next)
        directory = OperatorDirectory(engine: next, alarmID: renderer.alarmID)
        decoder = TelemetryDecoder(model: next.model, configuration: decoder.configuration)
        recent.remap(tags: next.model.tags.count, newIndex: Self.tagIndexes(from: old.model, to: next.model))
        let current = renderer
        rendererCell.withLock { $0 = current }
        finishStep(&events, at: time, forceCheckpoint: true, &local)
        return ReloadOutcome(
            carried: report.carried, reset: report.reset, added: report.added, removed: report.removed.count,
            cleared: cleared, overlayChanges: overlayChanges, ts: ts)
    }

    /// For each tag of `old`, its index in `new` (by enterprise id and tag id), or nil.
    static func tagIndexes(from old: EngineModel, to new: EngineModel) -> [Int?] {
        let directory = TagDirectory(model: new)
        return old.tags.map { tag in
            directory.tag(enterprise: old.enterprises[tag.enterprise].id, tag: tag.id).map(Int.init)
        }
    }
}
