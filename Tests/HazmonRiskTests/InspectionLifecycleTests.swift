import HazmonCore
import HazmonRisk
import Testing

/// The task lifecycle `open → acknowledged → in_progress → closed`, or `cancelled`, every pair
/// valid and invalid; due times and overdue; the counts the risk score reads.
@Suite("Inspection lifecycle")
struct InspectionLifecycleTests {
    static let findings = InspectionFindings(hazardConfirmed: true, note: "flange leak found, repaired")

    /// A policy with one critical task (due t0 + 2 h; the alarm returned at once) walked to `status`.
    static func policy(at status: InspectionStatus) throws -> (InspectionPolicy, String) {
        var plant = Plant()
        plant.pulse(T.gt1, at: t0, high: 60)
        let id = try #require(plant.open(.criticalAlarm).first?.id)
        let path: [InspectionStatus] =
            switch status {
            case .open: []
            case .acknowledged: [.acknowledged]
            case .inProgress: [.acknowledged, .inProgress]
            case .closed: [.acknowledged, .inProgress, .closed]
            case .cancelled: [.cancelled]
            }
        for step in path {
            _ = try plant.policy.update(
                task: id, status: step, findings: step == .closed ? findings : nil,
                note: step == .cancelled ? "duplicate of a site visit" : nil, by: "inspector:li", at: t0 + minute)
        }
        return (plant.policy, id)
    }

    static let valid: Set<[InspectionStatus]> = [
        [.open, .acknowledged], [.acknowledged, .inProgress], [.inProgress, .closed],
        [.open, .cancelled], [.acknowledged, .cancelled], [.inProgress, .cancelled],
    ]

    static let pairs: [(InspectionStatus, InspectionStatus)] = InspectionStatus.allCases.flatMap { from in
        InspectionStatus.allCases.map { (from, $0) }
    }

    @Test(arguments: pairs)
    func transition(from: InspectionStatus, to: InspectionStatus) throws {
        let isValid = Self.valid.contains([from, to])
        #expect(InspectionPolicy.allows(from: from, to: to) == isValid)
        var (policy, id) = try Self.policy(at: from)
        do {
            let change = try policy.update(
                task: id, status: to, findings: to == .closed ? Self.findings : nil,
                note: to == .cancelled ? "false alarm, sensor replaced" : nil, by: "inspector:wang", at: t0 + hour)
            #expect(isValid, "\(from) → \(to) was accepted")
            #expect(change.task.status == to && change.what.contains(.status))
            #expect(change.task.history.last?.from == from && change.task.history.last?.to == to)
            #expect(change.task.history.last?.by == "inspector:wang")
            #expect(policy.openTasks[id] == (to.isFinal ? nil : change.task))
        } catch {
            #expect(!isValid, "\(from) → \(to) refused: \(error)")
            let expected: InspectionRefusal.Reason =
                from.isFinal ? .unknownTask : .invalidTransition(from: from, to: to)
            #expect(error.reason == expected)
        }
    }

    @Test(arguments: [
        (InspectionStatus?.some(.closed), InspectionFindings?.none, String?.none, "inspector:li",
         InspectionRefusal.Reason.findingsRequired),
        (.closed, InspectionFindings(hazardConfirmed: true, note: "  "), nil, "inspector:li", .findingsRequired),
        (.cancelled, nil, nil, "inspector:li", .noteRequired),
        (.cancelled, nil, " ", "inspector:li", .noteRequired),
        (nil, findings, nil, "inspector:li", .findingsOnlyWhenClosing),
        (nil, nil, nil, "inspector:li", .nothingToChange),
        (nil, nil, "looked", " ", .actorRequired),
    ])
    func refusals(status: InspectionStatus?, findings: InspectionFindings?, note: String?, by actor: String,
                  reason: InspectionRefusal.Reason) throws
    {
        var (policy, id) = try Self.policy(at: .inProgress)
        let before = policy.openTasks[id]
        #expect(throws: InspectionRefusal(reason, task: id)) {
            try policy.update(task: id, status: status, findings: findings, note: note, by: actor, at: t0 + hour)
        }
        #expect(policy.openTasks[id] == before)  // a refused update changes nothing
    }

    @Test func unknownTaskIsRefused() {
        var policy = InspectionPolicy(model: Plant.model)
        #expect(throws: InspectionRefusal(.unknownTask, task: "INS-E1-9")) {
            try policy.update(task: "INS-E1-9", status: .acknowledged, by: "inspector:li", at: t0)
        }
        #expect("\(InspectionRefusal(.unknownTask, task: "INS-E1-9"))".contains("final"))
    }

    @Test func assigneeAndNoteAreRecorded() throws {
        var (policy, id) = try Self.policy(at: .open)
        var change = try policy.update(task: id, assignee: "inspector:zhao", by: "lead:sun", at: t0 + minute)
        #expect(change.what == .assignee && change.task.assignee == "inspector:zhao")
        change = try policy.update(task: id, note: "called the plant", by: "inspector:zhao", at: t0 + 2 * minute)
        #expect(change.what == .note && change.task.history.last?.note == "called the plant")
        change = try policy.update(task: id, assignee: "", by: "lead:sun", at: t0 + 3 * minute)
        #expect(change.task.assignee == nil)
        #expect(change.task.history.count == 4 && change.task.updatedAt == t0 + 3 * minute)
    }

    @Test func aNewAlarmAfterClosingOpensANewTask() throws {
        var plant = Plant()
        plant.pulse(T.gt1, at: t0, high: 60)
        let first = try #require(plant.open(.criticalAlarm).first)
        for status in [InspectionStatus.acknowledged, .inProgress] {
            _ = try plant.policy.update(task: first.id, status: status, by: "inspector:li", at: t0 + hour)
        }
        let closed = try plant.policy.update(task: first.id, status: .closed, findings: Self.findings,
                                             by: "inspector:li", at: t0 + hour)
        #expect(closed.what == [.status, .findings] && closed.task.findings == Self.findings)
        plant.sample(T.gt1, t0 + 2 * hour, 60)
        #expect(plant.open(.criticalAlarm).map(\.id) == ["INS-E1-2"])
    }

    // MARK: Due and overdue

    @Test(arguments: [(Priority.critical, 2 * hour), (.high, 24 * hour), (.medium, 72 * hour)])
    func dueTimeByPriority(priority: Priority, due: Millis) {
        #expect(InspectionSettings().due.time(for: priority) == due)
    }

    @Test func overdueFlipsOnceAfterTheDueTime() throws {
        var (policy, id) = try Self.policy(at: .acknowledged)
        #expect(policy.advance(to: t0 + 2 * hour).isEmpty)  // due exactly now: not yet overdue
        let changes = policy.advance(to: t0 + 2 * hour + 1)
        #expect(changes.map(\.what) == [.overdue] && changes.first?.task.id == id)
        #expect(policy.openTasks[id]?.overdue == true)
        #expect(policy.overdueTasks(enterprise: "E1") == 1 && policy.overdueTasks(enterprise: "E2") == 0)
        #expect(policy.advance(to: t0 + 3 * hour).isEmpty)
    }

    @Test func finalTasksAreNeverOverdue() throws {
        var (policy, _) = try Self.policy(at: .cancelled)
        #expect(policy.advance(to: t0 + 3 * hour).isEmpty)  // past the 2 h due time
        #expect(policy.overdueTasks(enterprise: "E1") == 0)
    }

    @Test func confirmedFindingsCountForTwelveMonths() throws {
        var (policy, _) = try Self.policy(at: .closed)  // closed at t0 + 1 min, hazard confirmed
        let closedAt = t0 + minute
        #expect(policy.confirmedFindings(enterprise: "E1", at: closedAt) == 1)
        #expect(policy.confirmedFindings(enterprise: "E1", at: closedAt + 365 * day - 1) == 1)
        #expect(policy.confirmedFindings(enterprise: "E1", at: closedAt + 365 * day) == 0)
        #expect(policy.confirmedFindings(enterprise: "E2", at: closedAt) == 0)
        _ = policy.advance(to: closedAt + 400 * day)
        #expect(policy.confirmedFindings(enterprise: "E1", at: closedAt + 10 * day) == 0)  // pruned
    }

    @Test func unconfirmedFindingsDoNotCount() throws {
        var (policy, id) = try Self.policy(at: .inProgress)
        _ = try policy.update(task: id, status: .closed,
                              findings: InspectionFindings(hazardConfirmed: false, note: "calibration drift"),
                              by: "inspector:li", at: t0 + hour)
        #expect(policy.confirmedFindings(enterprise: "E1", at: t0 + hour) == 0)
    }
}
