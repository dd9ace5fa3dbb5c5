public import HazmonCore

extension InspectionPolicy {
    /// Who opens tasks, in history entries.
    public static let systemActor = "hazmon"

    /// A trigger held: opens the key's task, or appends the evidence to the open one.
    ///
    /// - Parameters:
    ///   - evidence: what held, oldest first (`repeated_alarms` passes every counted activation on opening).
    ///   - priority: the task priority this evidence calls for; a task's priority only rises, and a rise
    ///     moves the due time earlier (never later).
    ///   - at: when the trigger held (the newest evidence's time).
    mutating func raise(_ key: TaskKey, evidence: [InspectionEvidence], priority: Priority, at ts: Millis)
        -> InspectionChange
    {
        if let id = openByKey[key], var task = openTasks[id] {
            // Only what the open task has not seen yet (repeated_alarms re-offers counted activations).
            let fresh = evidence.filter { e in !task.evidence.contains { $0.alarmID == e.alarmID && $0.ts == e.ts } }
            var what: InspectionChange.What = fresh.isEmpty ? [] : .evidence
            for item in fresh { append(item, to: &task) }
            if priority < task.priority {
                task.priority = priority
                task.dueAt = min(task.dueAt, ts + settings.due.time(for: priority))
                what.insert(.priority)
            }
            task.updatedAt = max(task.updatedAt, ts)
            openTasks[id] = task
            return InspectionChange(task: task, what: what)
        }
        let number = nextNumber(enterprise: key.enterprise)
        nextNumbers[key.enterprise] = number + 1
        let id = "INS-\(key.enterprise)-\(number)"
        let opening = InspectionHistoryEntry(
            at: ts, by: Self.systemActor, from: nil, to: .open, assignee: nil, note: evidence.last?.message)
        var task = InspectionTask(
            id: id, enterprise: key.enterprise, hazardSource: key.hazardSource.isEmpty ? nil : key.hazardSource,
            trigger: key.trigger, priority: priority, status: .open, openedAt: ts,
            dueAt: ts + settings.due.time(for: priority), overdue: false, assignee: nil, findings: nil, evidence: [],
            evidenceCount: 0, history: [opening], updatedAt: ts)
        for item in evidence { append(item, to: &task) }
        openTasks[id] = task
        openByKey[key] = id
        return InspectionChange(task: task, what: .opened)
    }

    /// Appends one piece of evidence, keeping the first and the latest `maxEvidence - 1`.
    private func append(_ item: InspectionEvidence, to task: inout InspectionTask) {
        task.evidence.append(item)
        task.evidenceCount += 1
        let limit = max(settings.maxEvidence, 2)
        if task.evidence.count > limit { task.evidence.remove(at: 1) }
    }

    /// Moves the clock to `now`: fires sustained-alarm and data-outage timers due by then (each with
    /// its own deadline as time, in deadline order), then flags tasks whose due time lies before `now`.
    public mutating func advance(to now: Millis) -> [InspectionChange] {
        var changes: [InspectionChange] = []
        let due = timers.filter { $0.value.deadline <= now }.sorted { a, b in
            (a.value.deadline, a.key) < (b.value.deadline, b.key)
        }
        for (key, timer) in due {
            timers[key] = nil
            let priority = key.trigger == .dataOutage ? settings.dataOutage.priority : timer.evidence.priority
            let taskKey = TaskKey(enterprise: timer.enterprise, hazardSource: timer.hazardSource, trigger: key.trigger)
            changes.append(raise(taskKey, evidence: [timer.evidence], priority: priority, at: timer.deadline))
        }
        for id in openTasks.keys.sorted() {
            guard var task = openTasks[id], !task.overdue, now > task.dueAt else { continue }
            task.overdue = true
            task.updatedAt = max(task.updatedAt, now)
            openTasks[id] = task
            changes.append(InspectionChange(task: task, what: .overdue))
        }
        for (enterprise, times) in confirmedFindingTimes where times.first.map({ $0 <= now - settings.findingsWindow }) == true {
            confirmedFindingTimes[enterprise] = times.filter { $0 > now - settings.findingsWindow }
        }
        return changes
    }

    /// The risk model changed an enterprise's grade. `risk_escalation` fires when the grade reaches
    /// `settings.riskEscalation.grade` (red) or worse from a better one; `from: nil` (no grade ever
    /// computed before) counts as better. After a restart pass the last stored grade as `from`, or
    /// every restart of a red enterprise would look like an escalation.
    public mutating func riskGradeChanged(
        enterprise: String, from: RiskGrade?, to: RiskGrade, at ts: Millis
    ) -> [InspectionChange] {
        let threshold = settings.riskEscalation.grade
        guard settings.riskEscalation.enabled, to >= threshold, from.map({ $0 < threshold }) ?? true else { return [] }
        let message = "risk grade of \(enterprise) worsened from \(from?.rawValue ?? "none") to \(to.rawValue)"
        let evidence = InspectionEvidence(
            alarmID: nil, seq: nil, ts: ts, value: .nan, priority: settings.riskEscalation.priority, message: message)
        let key = TaskKey(enterprise: enterprise, hazardSource: nil, trigger: .riskEscalation)
        return [raise(key, evidence: [evidence], priority: settings.riskEscalation.priority, at: ts)]
    }
}
