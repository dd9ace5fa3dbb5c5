public import HazmonCore
public import HazmonIngest
public import HazmonIO
public import HazmonRisk
public import HazmonStore

/// Turns one engine step's events into the store's rows (engine thread): a journal row per event and
/// the alarm's current state after the step, rendered with the engine's own catalog names.
///
/// Rendering happens on the engine thread because the renderer must match the engine that emitted
/// the event (a hot reload swaps both at once).
public struct JournalBatchBuilder {
    public private(set) var batch = StoreBatch()
    /// Alarm indexes already given a state row in this batch (the last event wins).
    private var stateRow: [Int: Int] = [:]

    public init() {}

    /// Adds `event` (journal row) and its alarm's current state (from `engine`'s lifecycle).
    public mutating func add(_ event: AlarmEvent, engine: AlarmEngine, renderer: EventRenderer) {
        let names = renderer.names(event)
        let json = renderer.json(event)
        batch.events.append(EventRow(
            seq: event.seq, alarmID: names.id, enterprise: names.enterprise, hazardSource: names.hazardSource ?? "",
            tag: names.tag, condition: names.condition.rawValue, transition: event.transition.name,
            state: event.state.name, ts: event.ts, json: json))
        guard event.alarm >= 0 else { return }
        let alarm = Int(event.alarm)
        // A `clear` (hot reload: the rule is gone) leaves nothing: a normal, overlay-free row, so the
        // retained state is emptied and the console drops it.
        let lifecycle = event.transition == .clear ? AlarmLifecycle() : engine.lifecycle(alarm)
        let row = AlarmStateRow(
            alarmID: names.id, enterprise: names.enterprise, hazardSource: names.hazardSource ?? "", tag: names.tag,
            condition: names.condition.rawValue, priority: names.priority.rawValue, state: lifecycle.state.name,
            flags: Int(lifecycle.flags.rawValue), activatedAt: Self.optional(lifecycle.activatedAt),
            returnedAt: Self.optional(lifecycle.returnedAt), shelvedUntil: Self.optional(lifecycle.shelvedUntil),
            lastSeq: event.seq, lastTs: event.ts, json: json)
        if let index = stateRow[alarm] {
            batch.alarmStates[index] = row
        } else {
            stateRow[alarm] = batch.alarmStates.count
            batch.alarmStates.append(row)
        }
    }

    /// Adds an operator request's audit entry and the overlay it switched on or off (if applied).
    public mutating func add(_ request: OperatorRequest, outcome: OperatorOutcome, at ts: Millis,
                             shelvedUntil: Millis? = nil) {
        var detail = ""
        switch outcome {
        case .applied(let events): detail = "{\"events\":\(events.count)}"
        case .notFound(let message), .refused(let message):
            detail = "{\"message\":"
            JSONText.appendString(message, to: &detail)
            detail += "}"
        }
        batch.audit.append(AuditRow(
            ts: ts, actor: request.actor, role: request.role, action: request.action.name,
            target: request.action.target, reason: request.reason ?? "", details: detail,
            outcome: outcome.auditOutcome))
        guard case .applied = outcome else { return }
        let reason = request.reason ?? ""
        switch request.action {
        case .acknowledge, .updateInspection: break
        case .shelve(let alarm, let duration):
            batch.overlays.append(.set(OverlayRow(kind: .shelve, target: alarm, reason: reason, actor: request.actor,
                                                  since: ts, until: shelvedUntil ?? ts + duration)))
        case .unshelve(let alarm):
            batch.overlays.append(.remove(kind: .shelve, target: alarm))
        case .outOfService(_, _, let on):
            batch.overlays.append(on
                ? .set(OverlayRow(kind: .outOfService, target: request.action.target, reason: reason,
                                  actor: request.actor, since: ts, until: nil))
                : .remove(kind: .outOfService, target: request.action.target))
        case .maintenance(_, _, let on):
            batch.overlays.append(on
                ? .set(OverlayRow(kind: .maintenance, target: request.action.target, reason: reason,
                                  actor: request.actor, since: ts, until: nil))
                : .remove(kind: .maintenance, target: request.action.target))
        }
    }

    /// Adds a refused message for the store's dead-letter table.
    public mutating func add(_ letter: DeadLetter) {
        batch.deadLetters.append(DeadLetterRow(
            receivedAt: letter.receiveTime, topic: letter.topic, reason: letter.reason.rawValue,
            detail: letter.payloadTruncated ? "\(letter.detail) (payload of \(letter.payloadBytes) bytes, truncated)"
                : letter.detail,
            payload: Array(letter.payload.utf8)))
    }

    /// Adds tags' last evaluated samples.
    public mutating func add(_ watermarks: [TagWatermarkRow]) { batch.tagWatermarks += watermarks }

    /// Adds what supervision produced: task changes (the task's current row, rendered once per task
    /// and batch however often it changed, and one compact history row per change) and changed risk
    /// scores. In an alarm storm a task gains evidence with every critical activation: rendering the
    /// whole task (up to 50 evidence entries) per change was the largest cost per event.
    public mutating func add(_ output: Supervisor.Output) {
        var last: [String: Int] = [:]
        for (index, change) in output.inspections.enumerated() {
            last[change.task.id] = index
            batch.inspectionHistory.append(InspectionHistoryRow(
                taskID: change.task.id, ts: change.task.updatedAt, change: change.what.names.joined(separator: ","),
                json: Self.historyJSON(change)))
        }
        for index in last.values.sorted() {
            let task = output.inspections[index].task
            let row = InspectionRow(
                id: task.id, enterprise: task.enterprise, hazardSource: task.hazardSource ?? "",
                trigger: task.trigger.rawValue, status: task.status.rawValue, priority: task.priority.rawValue,
                overdue: task.overdue, openedAt: task.openedAt, dueAt: task.dueAt, updatedAt: task.updatedAt,
                json: task.json())
            if let existing = batch.inspections.firstIndex(where: { $0.id == task.id }) {
                batch.inspections[existing] = row
            } else {
                batch.inspections.append(row)
            }
        }
        for assessment in output.assessments {
            batch.riskScores.append(RiskScoreRow(
                enterprise: assessment.enterprise, ts: assessment.ts, score: assessment.score,
                grade: assessment.grade.rawValue, supervisionClass: assessment.supervisionClass.rawValue,
                json: assessment.json()))
        }
    }

    /// Makes the batch carry a checkpoint of the state after it.
    public mutating func setCheckpoint(_ checkpoint: Checkpoint) { batch.checkpoint = checkpoint }

    /// Takes the batch built so far and starts a new one.
    public mutating func take() -> StoreBatch {
        defer {
            batch = StoreBatch()
            stateRow.removeAll(keepingCapacity: true)
        }
        return batch
    }

    private static func optional(_ ts: Millis) -> Millis? { ts == AlarmEvent.never ? nil : ts }

    /// One task change for `inspection_history`: what changed and the state it left, without the
    /// task's whole evidence list (the task row has it).
    static func historyJSON(_ change: InspectionChange) -> String {
        let task = change.task
        var out = "{\"task\":"
        JSONText.appendString(task.id, to: &out)
        out += ",\"what\":[" + change.what.names.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        out += ",\"at\":\"\(Timestamps.rfc3339(task.updatedAt))\",\"status\":\"\(task.status.rawValue)\""
        out += ",\"priority\":\"\(task.priority.rawValue)\",\"overdue\":\(task.overdue)"
        out += ",\"evidence_count\":\(task.evidenceCount),\"assignee\":"
        if let assignee = task.assignee { JSONText.appendString(assignee, to: &out) } else { out += "null" }
        if change.what.contains(.evidence) || change.what.contains(.opened), let evidence = task.evidence.last {
            out += ",\"evidence\":{\"alarm_id\":"
            if let alarm = evidence.alarmID { JSONText.appendString(alarm, to: &out) } else { out += "null" }
            out += ",\"ts\":\"\(Timestamps.rfc3339(evidence.ts))\",\"message\":"
            JSONText.appendString(evidence.message, to: &out)
            out += "}"
        }
        if let entry = task.history.last, change.what.contains(.status) || change.what.contains(.note) {
            out += ",\"by\":"
            JSONText.appendString(entry.by, to: &out)
            out += ",\"note\":"
            if let note = entry.note { JSONText.appendString(note, to: &out) } else { out += "null" }
        }
        return out + "}"
    }
}
