public import HazmonCore
import HazmonIO
public import HazmonRisk
import Synchronization

/// An operator action on the live engine (SPEC §5), addressed by the ids people see.
public enum OperatorAction: Sendable, Hashable {
    /// Acknowledge an alarm (`{enterprise}/{tag}/{condition}`).
    case acknowledge(alarm: String)
    /// Shelve an alarm for `duration` ms (at most `lifecycle.max_shelve`).
    case shelve(alarm: String, duration: Millis)
    /// End a shelve before its expiry.
    case unshelve(alarm: String)
    /// Take a tag out of service (`true`) or return it to service (`false`).
    case outOfService(enterprise: String, tag: String, Bool)
    /// Put a hazard source into maintenance (`true`: its alarms are suppressed) or take it out.
    case maintenance(enterprise: String, hazardSource: String, Bool)
    /// An inspector's update of an inspection task (SPEC §7): status, assignee, findings, note.
    case updateInspection(task: String, status: InspectionStatus?, assignee: String?, findings: InspectionFindings?,
                          note: String?)

    /// The audit log's name of the action.
    public var name: String {
        switch self {
        case .acknowledge: "acknowledge"
        case .shelve: "shelve"
        case .unshelve: "unshelve"
        case .outOfService(_, _, let on): on ? "out_of_service" : "return_to_service"
        case .maintenance(_, _, let on): on ? "maintenance_start" : "maintenance_end"
        case .updateInspection: "inspection_update"
        }
    }

    /// What the action is about, as the audit log and overlays name it.
    public var target: String {
        switch self {
        case .acknowledge(let alarm), .shelve(let alarm, _), .unshelve(let alarm): alarm
        case .outOfService(let enterprise, let tag, _): "\(enterprise)/\(tag)"
        case .maintenance(let enterprise, let source, _): "\(enterprise)/\(source)"
        case .updateInspection(let task, _, _, _, _): task
        }
    }
}

/// One operator request: the action plus who asks and why (journaled and audited).
public struct OperatorRequest: Sendable, Hashable {
    public var action: OperatorAction
    /// Who: the token's name (or `cli`, `test`, …).
    public var actor: String
    /// The role the request was authorised with.
    public var role: String
    /// Why: required for shelving by policy of the caller; free text.
    public var reason: String?

    public init(action: OperatorAction, actor: String, role: String, reason: String? = nil) {
        self.action = action
        self.actor = actor
        self.role = role
        self.reason = reason
    }
}

/// What became of an operator request.
public enum OperatorOutcome: Sendable, Hashable {
    /// Applied; what it caused, rendered as JSON: §6 alarm events (may be empty, e.g. maintenance on a
    /// quiet source), or the inspection task after the update.
    case applied(events: [String])
    /// Nothing with that id exists; the message names what was looked for.
    case notFound(String)
    /// The lifecycle refused it; the message says why and what to do instead.
    case refused(String)

    /// A one-word outcome for the audit log.
    public var auditOutcome: String {
        switch self {
        case .applied: "applied"
        case .notFound: "not_found"
        case .refused: "refused"
        }
    }
}

/// Operator requests waiting for the engine thread.
public typealias CommandInbox = EngineInbox<OperatorRequest, OperatorOutcome>

/// Requests waiting for the engine thread (operator actions, reloads); it takes them between
/// telemetry batches, so a request never races a sample and needs no lock on the engine.
public final class EngineInbox<Request: Sendable, Outcome: Sendable>: Sendable {
    typealias Pending = (request: Request, completion: @Sendable (Outcome) -> Void)
    private let pending = Mutex<[Pending]>([])
    private let wake: @Sendable () -> Void

    /// - Parameter wake: wakes the engine thread (it is usually waiting for telemetry).
    public init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    /// Queues a request; `completion` runs once it is applied or refused.
    public func submit(_ request: Request, completion: @escaping @Sendable (Outcome) -> Void) {
        pending.withLock { $0.append((request, completion)) }
        wake()
    }

    /// Queues a request and waits for its outcome.
    public func perform(_ request: Request) async -> Outcome {
        await withCheckedContinuation { continuation in
            submit(request) { continuation.resume(returning: $0) }
        }
    }

    /// Everything queued so far, oldest first (engine thread).
    func takeAll() -> [Pending] {
        pending.withLock { queued in
            defer { queued.removeAll() }
            return queued
        }
    }
}

/// Resolves the ids operators use to the engine's dense indexes.
struct OperatorDirectory: Sendable {
    private let alarms: [String: Int]
    private let tags: TagDirectory
    private let hazardSources: [String: Int]

    init(engine: AlarmEngine, alarmID: (Int) -> String) {
        var alarms: [String: Int] = [:]
        for index in 0..<engine.alarmCount { alarms[alarmID(index)] = index }
        self.alarms = alarms
        let model = engine.model
        tags = TagDirectory(model: model)
        var sources: [String: Int] = [:]
        for (index, source) in model.hazardSources.enumerated() {
            sources["\(model.enterprises[source.enterprise].id)/\(source.id)"] = index
        }
        hazardSources = sources
    }

    func alarm(_ id: String) -> Int? { alarms[id] }
    func tag(enterprise: String, tag: String) -> Int? { tags.tag(enterprise: enterprise, tag: tag).map(Int.init) }
    func hazardSource(enterprise: String, id: String) -> Int? { hazardSources["\(enterprise)/\(id)"] }
}

extension AlarmEngine {
    /// Applies one operator action at `ts`; the events go into `events`. Returns nil when applied,
    /// or the outcome that explains why not.
    mutating func apply(_ action: OperatorAction, at ts: Millis, directory: OperatorDirectory,
                        into events: inout [AlarmEvent]) -> OperatorOutcome? {
        do {
            switch action {
            case .acknowledge(let id):
                guard let alarm = directory.alarm(id) else { return .notFound("no alarm \(id)") }
                try acknowledge(alarm: alarm, at: ts, into: &events)
            case .shelve(let id, let duration):
                guard let alarm = directory.alarm(id) else { return .notFound("no alarm \(id)") }
                guard duration > 0 else { return .refused("the shelve duration must be positive") }
                try shelve(alarm: alarm, until: ts + duration, at: ts, into: &events)
            case .unshelve(let id):
                guard let alarm = directory.alarm(id) else { return .notFound("no alarm \(id)") }
                try unshelve(alarm: alarm, at: ts, into: &events)
            case .outOfService(let enterprise, let tagID, let on):
                guard let tag = directory.tag(enterprise: enterprise, tag: tagID) else {
                    return .notFound("no tag \(tagID) in enterprise \(enterprise)")
                }
                try setOutOfService(tag: tag, on, at: ts, into: &events)
            case .maintenance(let enterprise, let sourceID, let on):
                guard let source = directory.hazardSource(enterprise: enterprise, id: sourceID) else {
                    return .notFound("no hazard source \(sourceID) in enterprise \(enterprise)")
                }
                try setMaintenance(hazardSource: source, on, at: ts, into: &events)
            case .updateInspection:
                preconditionFailure("inspection updates go to the supervisor, not the engine")
            }
            return nil
        } catch {
            return .refused(error.description)
        }
    }
}
