import HazmonCore
import HazmonRisk
import Testing

/// Each SPEC §7 trigger through the real engine: it fires at its threshold, not just below it, and
/// hidden activations (shelved, suppressed, chattering) count for nothing.
@Suite("Inspection triggers")
struct InspectionTriggerTests {
    // MARK: critical_alarm

    @Test func criticalAlarmOpensATask() throws {
        var plant = Plant()
        let changes = plant.sample(T.gt1, t0, 55)
        let task = try #require(plant.open(.criticalAlarm).first)
        #expect(changes.contains { $0.what == .opened && $0.task.id == task.id })
        #expect(task.id == "INS-E1-1")
        #expect(task.enterprise == "E1" && task.hazardSource == "HS1")
        #expect(task.priority == .critical && task.status == .open)
        #expect(task.openedAt == t0 && task.dueAt == t0 + 2 * hour && !task.overdue)
        #expect(task.evidence.map(\.alarmID) == ["E1/GT1/HH"])
        #expect(task.evidence.first?.message == "GT1 HH: 55 %LEL >= 50 %LEL")
        #expect(task.evidenceCount == 1)
        #expect(task.history.map(\.to) == [.open] && task.history.first?.by == "hazmon")
    }

    @Test func justBelowTheCriticalLimitOpensNothing() {
        var plant = Plant()
        plant.sample(T.gt1, t0, 49.9)  // H (medium) only
        #expect(plant.open(.criticalAlarm).isEmpty)
        #expect(plant.policy.openTasks.isEmpty)
    }

    @Test func shelvedCriticalAlarmTriggersNothing() throws {
        var plant = Plant()
        plant.sample(T.gt1, t0, 0)
        try plant.shelve(T.gt1, .HH, at: t0 + second)
        plant.sample(T.gt1, t0 + 2 * second, 60)
        #expect(plant.events.last?.transition == .activate)
        #expect(plant.policy.openTasks.isEmpty)
    }

    @Test func suppressedCriticalAlarmTriggersNothing() throws {
        var plant = Plant()
        plant.sample(T.gt1, t0, 0)
        try plant.maintenance(0, true, at: t0 + second)
        plant.sample(T.gt1, t0 + 2 * second, 60)
        #expect(plant.events.contains { $0.transition == .activate && $0.flags.contains(.suppressed) })
        #expect(plant.policy.openTasks.isEmpty)
    }

    /// The activation that reveals chattering is still annunciated and counts; the ones after it do not.
    @Test func chatteringActivationsAreNotEvidence() throws {
        var plant = Plant()
        for k in 0..<5 {
            plant.sample(T.gt1, t0 + Millis(k) * 10 * second, 60)
            plant.sample(T.gt1, t0 + Millis(k) * 10 * second + second, 0)
        }
        #expect(plant.events.contains { $0.transition == .chatter })
        let task = try #require(plant.open(.criticalAlarm).first)
        #expect(task.evidenceCount == 3)
        #expect(plant.open(.criticalAlarm).count == 1)
    }

    @Test func secondCriticalAlarmIsAppendedAsEvidence() throws {
        var plant = Plant()
        plant.pulse(T.gt1, at: t0, high: 60)
        let changes = plant.sample(T.gt1, t0 + 10 * minute, 70)
        let task = try #require(plant.open(.criticalAlarm).first)
        #expect(plant.open(.criticalAlarm).count == 1)
        #expect(changes.contains { $0.what == .evidence && $0.task.id == task.id })
        #expect(task.evidence.map(\.ts) == [t0, t0 + 10 * minute])
        #expect(task.evidence.map(\.value) == [60, 70])
        #expect(task.evidenceCount == 2 && task.openedAt == t0)
    }

    @Test func otherHazardSourceOrEnterpriseGetsItsOwnTask() {
        var plant = Plant()
        plant.sample(T.gt1, t0, 60)
        plant.sample(T.gt3, t0 + second, 60)
        let tasks = plant.open(.criticalAlarm)
        #expect(tasks.map(\.id) == ["INS-E1-1", "INS-E2-1"])
        #expect(tasks.map(\.hazardSource) == ["HS1", "HS3"])
    }

    @Test func evidenceIsBoundedAndCounted() throws {
        var settings = InspectionSettings()
        settings.maxEvidence = 3
        var plant = Plant(settings)
        for k in 0..<6 { plant.pulse(T.gt1, at: t0 + Millis(k) * 10 * minute, high: 60 + Double(k)) }
        let task = try #require(plant.open(.criticalAlarm).first)
        #expect(task.evidenceCount == 6)
        #expect(task.evidence.map(\.value) == [60, 64, 65])  // the first and the latest two
    }

    // MARK: sustained_alarm

    @Test func sustainedHighAlarmOpensATaskAtThirtyMinutes() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)  // HH, high
        plant.advance(to: t0 + 30 * minute - 1)
        #expect(plant.open(.sustainedAlarm).isEmpty)
        plant.advance(to: t0 + 40 * minute)
        let task = try #require(plant.open(.sustainedAlarm).first)
        #expect(task.openedAt == t0 + 30 * minute)  // stamped with the deadline, not the late clock
        #expect(task.priority == .high && task.dueAt == t0 + 30 * minute + 24 * hour)
        #expect(task.evidence.first?.alarmID == "E1/PT1/HH")
        #expect(task.evidence.first?.message == "PT1 HH active for 30 min")
    }

    @Test func returnBeforeThirtyMinutesOpensNothing() {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)
        plant.sample(T.pt1, t0 + 29 * minute, 5)
        plant.advance(to: t0 + 2 * hour)
        #expect(plant.open(.sustainedAlarm).isEmpty)
    }

    @Test func mediumAlarmIsNotSustainedEvenForHours() {
        var plant = Plant()
        plant.sample(T.pt1, t0, 9)  // H only: medium
        plant.advance(to: t0 + 5 * hour)
        #expect(plant.open(.sustainedAlarm).isEmpty)
    }

    /// Shelving stops the count; unshelving a still active alarm starts it again from that moment.
    @Test func shelveStopsAndUnshelveRestartsTheSustainedCount() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)
        try plant.shelve(T.pt1, .HH, at: t0 + 10 * minute)
        plant.advance(to: t0 + 35 * minute)
        #expect(plant.open(.sustainedAlarm).isEmpty)
        try plant.unshelve(T.pt1, .HH, at: t0 + 40 * minute)
        plant.advance(to: t0 + 70 * minute - 1)
        #expect(plant.open(.sustainedAlarm).isEmpty)
        plant.advance(to: t0 + 70 * minute)
        #expect(plant.open(.sustainedAlarm).first?.openedAt == t0 + 70 * minute)
    }

    // MARK: repeated_alarms

    @Test func threeMediumActivationsOnOneHazardSourceOpenATask() throws {
        var plant = Plant()
        plant.pulse(T.pt1, at: t0, high: 9)  // PT1 H
        plant.pulse(T.gt1, at: t0 + 5 * hour, high: 30)  // GT1 H, same hazard source
        #expect(plant.open(.repeatedAlarms).isEmpty)
        plant.pulse(T.pt1, at: t0 + 20 * hour, high: 9)
        let task = try #require(plant.open(.repeatedAlarms).first)
        #expect(task.hazardSource == "HS1" && task.priority == .medium)
        #expect(task.openedAt == t0 + 20 * hour && task.dueAt == t0 + 20 * hour + 72 * hour)
        #expect(task.evidence.map(\.alarmID) == ["E1/PT1/H", "E1/GT1/H", "E1/PT1/H"])
    }

    @Test func twoActivationsOrThreeSpreadOverMoreThanADayOpenNothing() {
        var plant = Plant()
        plant.pulse(T.pt1, at: t0, high: 9)
        plant.pulse(T.pt1, at: t0 + 2 * hour, high: 9)
        #expect(plant.open(.repeatedAlarms).isEmpty)
        var spread = Plant()
        spread.pulse(T.pt1, at: t0, high: 9)
        spread.pulse(T.pt1, at: t0 + 2 * hour, high: 9)
        spread.pulse(T.pt1, at: t0 + 24 * hour + 1, high: 9)
        #expect(spread.open(.repeatedAlarms).isEmpty)
    }

    @Test func activationsOnDifferentHazardSourcesAreCountedApart() {
        var plant = Plant()
        plant.pulse(T.pt1, at: t0, high: 9)
        plant.pulse(T.lt2, at: t0 + hour, high: 90)
        plant.pulse(T.pt1, at: t0 + 2 * hour, high: 9)
        #expect(plant.open(.repeatedAlarms).isEmpty)
    }

    @Test func shelvedActivationsDoNotCount() throws {
        var plant = Plant()
        plant.pulse(T.pt1, at: t0, high: 9)
        try plant.shelve(T.pt1, .H, at: t0 + hour, for: 2 * hour)
        plant.pulse(T.pt1, at: t0 + 90 * minute, high: 9)  // shelved
        plant.pulse(T.gt1, at: t0 + 4 * hour, high: 30)
        #expect(plant.open(.repeatedAlarms).isEmpty)
        plant.pulse(T.gt1, at: t0 + 5 * hour, high: 30)
        #expect(plant.open(.repeatedAlarms).count == 1)
    }

    @Test func moreUrgentEvidenceRaisesPriorityAndBringsTheDueTimeForward() throws {
        var plant = Plant()
        for k in 0..<3 { plant.pulse(T.pt1, at: t0 + Millis(k) * hour, high: 9) }
        let opened = try #require(plant.open(.repeatedAlarms).first)
        #expect(opened.priority == .medium && opened.dueAt == t0 + 2 * hour + 72 * hour)
        let changes = plant.sample(T.pt1, t0 + 3 * hour, 11)  // H and HH: HH is high
        let task = try #require(plant.open(.repeatedAlarms).first)
        #expect(task.priority == .high && task.dueAt == t0 + 3 * hour + 24 * hour)
        #expect(changes.contains { $0.what.contains(.priority) })
    }

    @Test func closingConsumesTheCountedActivations() throws {
        var plant = Plant()
        for k in 0..<3 { plant.pulse(T.pt1, at: t0 + Millis(k) * hour, high: 9) }
        let task = try #require(plant.open(.repeatedAlarms).first)
        for status in [InspectionStatus.acknowledged, .inProgress] {
            _ = try plant.policy.update(task: task.id, status: status, by: "inspector:li", at: t0 + 4 * hour)
        }
        _ = try plant.policy.update(task: task.id, status: .closed,
                                    findings: InspectionFindings(hazardConfirmed: false, note: "valve test"),
                                    by: "inspector:li", at: t0 + 4 * hour)
        plant.pulse(T.pt1, at: t0 + 5 * hour, high: 9)
        #expect(plant.open(.repeatedAlarms).isEmpty)
        plant.pulse(T.pt1, at: t0 + 6 * hour, high: 9)
        plant.pulse(T.pt1, at: t0 + 7 * hour, high: 9)
        #expect(plant.open(.repeatedAlarms).map(\.id) == ["INS-E1-2"])
    }

    // MARK: data_outage

    @Test func staleOnAGradeOneHazardSourceForFourHoursOpensATask() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 5)
        plant.advance(to: t0 + minute)  // PT1 STALE activates at t0 + 60 s
        #expect(plant.events.contains { $0.transition == .activate && plant.engine.rules[Int($0.alarm)].condition == .STALE })
        plant.advance(to: t0 + minute + 4 * hour - 1)
        #expect(plant.open(.dataOutage).isEmpty)
        plant.advance(to: t0 + minute + 4 * hour)
        let task = try #require(plant.open(.dataOutage).first)
        #expect(task.hazardSource == "HS1" && task.priority == .high)
        #expect(task.openedAt == t0 + minute + 4 * hour)
        #expect(task.evidence.first?.alarmID == "E1/PT1/STALE")
        #expect(task.evidence.first?.priority == .low)
    }

    @Test func staleOnAGradeThreeHazardSourceOpensNothing() {
        var plant = Plant()
        plant.sample(T.pt1, t0, 5)
        plant.sample(T.lt2, t0, 5)
        for h in 1...10 { plant.sample(T.pt1, t0 + Millis(h) * hour, 5) }  // PT1 keeps reporting, LT2 is silent
        plant.advance(to: t0 + 10 * hour)
        #expect(plant.open(.dataOutage).isEmpty)
    }

    @Test func dataReturningBeforeFourHoursOpensNothing() {
        var plant = Plant()
        plant.sample(T.pt1, t0, 5)
        plant.advance(to: t0 + 3 * hour)
        plant.sample(T.pt1, t0 + 3 * hour + minute, 5)  // returns STALE
        plant.advance(to: t0 + 4 * hour + 2 * minute)
        #expect(plant.open(.dataOutage).isEmpty)
    }

    // MARK: risk_escalation

    @Test(arguments: [
        (RiskGrade?.some(.orange), RiskGrade.red, true),
        (.blue, .red, true),
        (nil, .red, true),
        (.red, .red, false),
        (.yellow, .orange, false),
        (.red, .orange, false),
        (nil, .orange, false),
    ])
    func riskEscalation(from: RiskGrade?, to: RiskGrade, fires: Bool) throws {
        var policy = InspectionPolicy(model: Plant.model)
        let changes = policy.riskGradeChanged(enterprise: "E1", from: from, to: to, at: t0)
        #expect(changes.count == (fires ? 1 : 0))
        guard fires else { return }
        let task = try #require(changes.first?.task)
        #expect(task.trigger == .riskEscalation && task.hazardSource == nil && task.priority == .high)
        #expect(task.evidence.first?.alarmID == nil)
        #expect(task.dueAt == t0 + 24 * hour)
    }

    @Test func repeatedEscalationAppendsToTheOpenTask() {
        var policy = InspectionPolicy(model: Plant.model)
        _ = policy.riskGradeChanged(enterprise: "E1", from: .orange, to: .red, at: t0)
        _ = policy.riskGradeChanged(enterprise: "E1", from: .red, to: .orange, at: t0 + hour)
        let changes = policy.riskGradeChanged(enterprise: "E1", from: .orange, to: .red, at: t0 + 2 * hour)
        #expect(changes.map(\.what) == [.evidence])
        #expect(policy.openTasks.count == 1 && policy.openTasks.values.first?.evidenceCount == 2)
    }

    // MARK: disabled

    @Test(arguments: InspectionTrigger.allCases)
    func aDisabledTriggerOpensNothing(trigger: InspectionTrigger) {
        var settings = InspectionSettings()
        switch trigger {
        case .criticalAlarm: settings.criticalAlarm.enabled = false
        case .sustainedAlarm: settings.sustainedAlarm.enabled = false
        case .repeatedAlarms: settings.repeatedAlarms.enabled = false
        case .dataOutage: settings.dataOutage.enabled = false
        case .riskEscalation: settings.riskEscalation.enabled = false
        }
        var plant = Plant(settings)
        // Something for every trigger: critical GT1, sustained PT1 HH, three activations on HS1, PT1 silent, red.
        plant.sample(T.pt1, t0, 11)
        for k in 0..<3 { plant.pulse(T.gt1, at: t0 + Millis(k) * 10 * minute, high: 60) }
        plant.advance(to: t0 + 5 * hour)
        _ = plant.policy.riskGradeChanged(enterprise: "E1", from: .orange, to: .red, at: t0 + 5 * hour)
        let opened = Set(plant.policy.openTasks.values.map(\.trigger))
        #expect(opened == Set(InspectionTrigger.allCases).subtracting([trigger]))
    }
}
