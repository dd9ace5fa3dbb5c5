import Foundation
import HazmonConsole
import HazmonCore
import HazmonIO
import HazmonMQTT
import HazmonRisk
import HazmonService
import HazmonStore

/// The console's view of the running service (`ConsoleBackend`): reads come from the `LiveView`
/// (what has been committed and published), the recent-sample rings and the store; writes go to the
/// engine thread through its `CommandInbox`, which journals and audits them.
///
/// Auditing: the engine thread audits every operator action it decides on (applied, refused, not
/// found), with the engine's own outcome. The console's `audit` calls are therefore recorded here
/// only for what never reached the engine: `forbidden` (wrong role) and `invalid` (a bad request).
final class ServiceConsoleBackend: ConsoleBackend {
    private let view: LiveView
    private let loop: EngineLoop
    private let store: HazmonStore
    private let output: DurableOutput
    private let telemetry: MQTTClient
    private let publisher: MQTTClient

    init(view: LiveView, loop: EngineLoop, store: HazmonStore, output: DurableOutput,
         telemetry: MQTTClient, publisher: MQTTClient) {
        self.view = view
        self.loop = loop
        self.store = store
        self.output = output
        self.telemetry = telemetry
        self.publisher = publisher
    }

    // MARK: Alarms

    func alarms(matching filter: AlarmFilter) async -> [String] {
        view.alarms { alarm in
            alarm.isStanding && (filter.states?.contains(alarm.state) ?? true)
                && (filter.priorities?.contains(alarm.priority) ?? true)
                && (filter.conditions?.contains(alarm.condition) ?? true)
                && (filter.enterprise.map { $0 == alarm.enterprise } ?? true)
                && (filter.hazardSource.map { $0 == alarm.hazardSource } ?? true)
        }.map(\.json)
    }

    func acknowledge(alarm id: AlarmID, by actor: Actor, comment: String?) async -> Result<String, AlarmRefusal> {
        await perform(.acknowledge(alarm: id.description), id: id, actor: actor, reason: comment)
    }

    func shelve(alarm id: AlarmID, by actor: Actor, reason: String, duration: Int64, comment: String?) async
        -> Result<String, AlarmRefusal>
    {
        let maxShelve = loop.currentRenderer.model.policy.maxShelve
        guard duration <= maxShelve else { return .failure(.shelveTooLong(maximum: maxShelve)) }
        let why = [reason, comment].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
        return await perform(.shelve(alarm: id.description, duration: duration), id: id, actor: actor, reason: why)
    }

    func unshelve(alarm id: AlarmID, by actor: Actor, comment: String?) async -> Result<String, AlarmRefusal> {
        await perform(.unshelve(alarm: id.description), id: id, actor: actor, reason: comment)
    }

    private func perform(_ action: OperatorAction, id: AlarmID, actor: Actor, reason: String?) async
        -> Result<String, AlarmRefusal>
    {
        let request = OperatorRequest(action: action, actor: actor.name, role: actor.role.rawValue, reason: reason)
        switch await loop.commands.perform(request) {
        case .applied(let events):
            // The alarm's own last event is its new state (a vote it is a member of may follow it);
            // the view catches up once it is committed.
            let own = "\"id\":\"\(id.description)\""
            if let last = events.last(where: { $0.contains(own) }) ?? events.last { return .success(last) }
            return view.alarm(id.description).map { .success($0.json) } ?? .failure(.unknownAlarm)
        case .notFound: return .failure(.unknownAlarm)
        case .refused(let why): return .failure(.invalidTransition(why))
        }
    }

    // MARK: Inspections

    /// Tasks by id: the store's (all of them, closed ones included), overridden by the live view's newer copies.
    private func allTasks() -> [String: InspectionTask] {
        var json: [String: String] = [:]
        if let rows = try? store.inspections(filter: StoreInspectionFilter(limit: 10_000)) {
            for row in rows { json[row.id] = row.json }
        }
        for task in view.inspections() { json[task.id] = task.json }
        return json.compactMapValues { try? InspectionTask.parse($0) }
    }

    func inspections(matching filter: HazmonConsole.InspectionFilter) async -> [String] {
        allTasks().values.filter { task in
            (filter.statuses.map { $0.contains { $0.rawValue == task.status.rawValue } } ?? true)
                && (filter.enterprise.map { $0 == task.enterprise } ?? true)
                && (filter.hazardSource.map { $0 == task.hazardSource } ?? true)
                && (filter.overdue.map { $0 == task.overdue } ?? true)
                && (filter.assignee.map { $0 == task.assignee } ?? true)
        }.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }.map { $0.json() }
    }

    func inspection(id: String) async -> String? { allTasks()[id]?.json() }

    func updateInspection(id: String, _ update: InspectionUpdate, by actor: Actor) async
        -> Result<String, HazmonConsole.InspectionRefusal>
    {
        let status = update.status.flatMap { HazmonRisk.InspectionStatus(rawValue: $0.rawValue) }
        let findings = update.findings.map { InspectionFindings(hazardConfirmed: $0.hazardConfirmed, note: $0.note) }
        let request = OperatorRequest(
            action: .updateInspection(task: id, status: status, assignee: update.assignee, findings: findings,
                                      note: update.note),
            actor: actor.name, role: actor.role.rawValue, reason: update.note)
        switch await loop.commands.perform(request) {
        case .applied(let tasks): return tasks.last.map { .success($0) } ?? .failure(.unknownTask)
        case .notFound: return .failure(.unknownTask)
        case .refused(let why):
            return .failure(update.status != nil && why.contains("cannot go") ? .invalidTransition(why) : .invalidUpdate(why))
        }
    }

    // MARK: Enterprises and tags

    func enterprises() async -> [EnterpriseSummary] {
        let model = loop.currentRenderer.model
        let risk = view.risk()
        return model.enterprises.map { EnterpriseSummary(id: $0.id, name: $0.name, risk: risk[$0.id]) }
    }

    func enterprise(id: String, historyLimit: Int) async -> EnterpriseDetail? {
        let model = loop.currentRenderer.model
        guard let spec = model.enterprises.first(where: { $0.id == id }) else { return nil }
        let history = (try? store.riskHistory(enterprise: id, limit: historyLimit)) ?? []
        return EnterpriseDetail(summary: EnterpriseSummary(id: spec.id, name: spec.name, risk: view.risk()[id]),
                                history: history.sorted { $0.ts < $1.ts }.map(\.json))
    }

    func tag(enterprise: String, tag: String, sampleLimit: Int) async -> TagView? {
        // The catalog in force (a hot reload may have changed it since start).
        let model = loop.currentRenderer.model
        guard let found = TagDirectory(model: model).tag(enterprise: enterprise, tag: tag) else { return nil }
        let t = Int(found)
        let spec = model.tags[t]
        let points = loop.recent.points(ofTag: t).suffix(max(0, sampleLimit))
        var limits: [Condition: Double] = [:]
        for limit in spec.limits { limits[limit.condition] = limit.value }
        let active = view.alarms { $0.enterprise == enterprise && $0.tag == tag && $0.isStanding }.map(\.json)
        let last = points.last
        return TagView(
            enterprise: enterprise, tag: tag, kind: spec.kind, unit: spec.unit,
            value: last.flatMap { $0.value.isFinite ? $0.value : nil }, quality: last?.quality, ts: last?.ts,
            limits: limits, activeAlarms: active,
            samples: points.map { TagSample(ts: $0.ts, value: $0.value.isFinite ? $0.value : nil, quality: $0.quality) })
    }

    // MARK: Stream

    func events(after seq: Int64) async -> [StreamItem] {
        let after = UInt64(max(0, seq))
        let (recent, complete) = view.recentItems(after: after)
        var items: [StreamItem] = []
        if !complete {
            // Memory does not reach back that far: alarm events from the journal, up to what memory holds.
            let memoryStart = recent.first?.seq ?? UInt64.max
            let page = 10_000
            let rows = (try? store.events(afterSeq: after, limit: page)) ?? []
            for row in rows where row.seq < memoryStart {
                items.append(StreamItem(seq: Int64(row.seq), type: row.condition == "FLOOD" ? .flood : .alarm,
                                        data: row.json))
            }
            // A gap larger than one page: send the page only; the client resumes from its last seq.
            if rows.count == page, let lastRow = rows.last, lastRow.seq + 1 < memoryStart { return items }
        }
        return items + recent.map(Self.item)
    }

    func subscribe() async -> AsyncStream<StreamItem> {
        let source = view.subscribe()
        return AsyncStream { continuation in
            let task = Task {
                for await item in source { continuation.yield(Self.item(item)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func item(_ item: LiveView.StreamItem) -> StreamItem {
        StreamItem(seq: Int64(item.seq), type: StreamItemType(rawValue: item.type) ?? .alarm, data: item.json)
    }

    // MARK: Operations

    func metrics() async -> String {
        ServiceMetrics.text(loop: loop, output: output, telemetry: telemetry, publisher: publisher, view: view)
    }

    func readiness() async -> Readiness {
        guard view.isReady else { return .notReady("starting: restoring state from the store") }
        guard telemetry.statistics.state == .connected else { return .notReady("not connected to the MQTT broker") }
        if let error = output.statistics.storeError { return .notReady("database: \(error)") }
        return .ready
    }

    func apply(_ change: ServiceStateChange, by actor: Actor) async -> Result<[String], AlarmRefusal> {
        let action: OperatorAction = switch change.kind {
        case .outOfService: .outOfService(enterprise: change.enterprise, tag: change.subject, change.on)
        case .maintenance: .maintenance(enterprise: change.enterprise, hazardSource: change.subject, change.on)
        }
        let request = OperatorRequest(action: action, actor: actor.name, role: actor.role.rawValue, reason: change.reason)
        switch await loop.commands.perform(request) {
        case .applied(let events): return .success(events)
        case .notFound: return .failure(.unknownAlarm)
        case .refused(let why): return .failure(.invalidTransition(why))
        }
    }

    /// The reload runs on the main thread's signal loop, exactly as for SIGHUP: send ourselves one.
    func requestReload(by actor: Actor) async -> Bool { kill(getpid(), SIGHUP) == 0 }

    func audit(actor: String, role: Role, action: String, target: String, outcome: AuditOutcome, details: String?)
        async
    {
        // The engine audits operator actions itself; the rest (reload, forbidden, invalid) is recorded here.
        guard action == "reload" || outcome == .forbidden || outcome == .invalid else { return }
        output.submit(StoreBatch(audit: [AuditRow(
            ts: WallClock.millis(), actor: actor, role: role.rawValue, action: action, target: target,
            reason: "", details: details ?? "", outcome: outcome.rawValue)]))
    }
}
