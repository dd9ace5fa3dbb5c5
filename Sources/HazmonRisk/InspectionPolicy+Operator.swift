public import HazmonCore

/// Why an inspector's update was refused; `description` says what to do instead.
public struct InspectionRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that refused it (for tests and HTTP status mapping).
    public enum Reason: Sendable, Hashable {
        /// No open task with that id (closed and cancelled tasks are final).
        case unknownTask
        /// The lifecycle does not allow this status change.
        case invalidTransition(from: InspectionStatus, to: InspectionStatus)
        /// Closing needs findings with a note.
        case findingsRequired
        /// Findings are given only when closing.
        case findingsOnlyWhenClosing
        /// Cancelling needs a note saying why.
        case noteRequired
        /// Every update names who made it.
        case actorRequired
        /// Neither status, assignee nor note given.
        case nothingToChange
    }

    /// The rule that refused it.
    public let reason: Reason
    /// The task id the update named.
    public let task: String

    /// A refusal of an update to `task`.
    public init(_ reason: Reason, task: String) {
        self.reason = reason
        self.task = task
    }

    /// What was wrong and what to do instead.
    public var description: String {
        switch reason {
        case .unknownTask:
            "no open inspection task '\(task)' (closed and cancelled tasks are final)"
        case .invalidTransition(let from, let to):
            "task '\(task)' cannot go from \(from.rawValue) to \(to.rawValue): the lifecycle is "
                + "open → acknowledged → in_progress → closed, or cancelled from any of the first three"
        case .findingsRequired:
            "closing task '\(task)' needs findings: whether the hazard was confirmed, and a note"
        case .findingsOnlyWhenClosing:
            "findings for task '\(task)' are recorded only when closing it (status closed)"
        case .noteRequired:
            "cancelling task '\(task)' needs a note saying why"
        case .actorRequired:
            "an update of task '\(task)' must say who made it"
        case .nothingToChange:
            "the update of task '\(task)' changes nothing: give a status, an assignee or a note"
        }
    }
}

extension InspectionPolicy {
    /// Whether the lifecycle allows `from` → `to`: `open → acknowledged → in_progress → closed`,
    /// and `cancelled` from any non-final status. Steps are not skipped: an inspector acknowledges
    /// before working on a task, so the history shows when it was first seen.
    public static func allows(from: InspectionStatus, to: InspectionStatus) -> Bool {
        switch (from, to) {
        case (.open, .acknowledged), (.acknowledged, .inProgress), (.inProgress, .closed): true
        case (.open, .cancelled), (.acknowledged, .cancelled), (.inProgress, .cancelled): true
        default: false
        }
    }

    /// An inspector's update, validated against the lifecycle and recorded in the task's history.
    ///
    /// - Parameters:
    ///   - status: the new status, or nil to keep it.
    ///   - assignee: the new assignee, nil to keep it, `""` to unassign.
    ///   - findings: required (with a non-empty note) when closing, refused otherwise.
    ///   - note: free text; required when cancelling; alone it adds a history entry.
    ///   - by: who (from the authenticated token), e.g. `inspector:li.na`.
    ///   - at: when (the service's clock).
    /// - Returns: the change; a task that became final leaves `openTasks` (the store keeps it).
    public mutating func update(
        task id: String, status: InspectionStatus? = nil, assignee: String? = nil,
        findings: InspectionFindings? = nil, note: String? = nil, by actor: String, at ts: Millis
    ) throws(InspectionRefusal) -> InspectionChange {
        guard var task = openTasks[id] else { throw InspectionRefusal(.unknownTask, task: id) }
        guard !actor.allSatisfy(\.isWhitespace) else { throw InspectionRefusal(.actorRequired, task: id) }
        let note = note.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        guard status != nil || assignee != nil || note != nil || findings != nil else {
            throw InspectionRefusal(.nothingToChange, task: id)
        }
        var what: InspectionChange.What = []
        let before = task.status
        if let status {
            guard Self.allows(from: before, to: status) else {
                throw InspectionRefusal(.invalidTransition(from: before, to: status), task: id)
            }
            if status == .closed {
                guard let findings, !findings.note.allSatisfy(\.isWhitespace) else {
                    throw InspectionRefusal(.findingsRequired, task: id)
                }
                task.findings = findings
                what.insert(.findings)
            }
            if status == .cancelled, note == nil { throw InspectionRefusal(.noteRequired, task: id) }
            task.status = status
            what.insert(.status)
        }
        if findings != nil, status != .closed { throw InspectionRefusal(.findingsOnlyWhenClosing, task: id) }
        if let assignee {
            let new = assignee.allSatisfy(\.isWhitespace) ? nil : assignee
            if new != task.assignee {
                task.assignee = new
                what.insert(.assignee)
            }
        }
        if what.isEmpty { what = .note }
        task.history.append(InspectionHistoryEntry(
            at: ts, by: actor, from: before, to: task.status, assignee: task.assignee, note: note))
        task.updatedAt = max(task.updatedAt, ts)
        if task.status.isFinal {
            finish(task, at: ts)
        } else {
            openTasks[id] = task
        }
        return InspectionChange(task: task, what: what)
    }

    /// A task became final: it leaves memory; confirmed findings are remembered for the risk score,
    /// and a `repeated_alarms` task consumes the activations it counted (3 fresh ones open the next).
    mutating func finish(_ task: InspectionTask, at ts: Millis) {
        openTasks[task.id] = nil
        let key = TaskKey(task)
        if openByKey[key] == task.id { openByKey[key] = nil }
        if task.findings?.hazardConfirmed == true, task.status == .closed {
            confirmedFindingTimes[task.enterprise, default: []].append(ts)
        }
        if task.trigger == .repeatedAlarms, let source = hazardSourceIndex(task) {
            recentActivations[source] = recentActivations[source]?.filter { $0.deadline > ts }
        }
    }

    /// The dense index of a task's hazard source.
    func hazardSourceIndex(_ task: InspectionTask) -> Int32? {
        guard let id = task.hazardSource else { return nil }
        return model.hazardSources.indices.first { h in
            model.hazardSources[h].id == id && model.enterprises[model.hazardSources[h].enterprise].id == task.enterprise
        }.map { Int32($0) }
    }
}
