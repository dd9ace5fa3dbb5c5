import Foundation
import HazmonCore
import HazmonIO
import HazmonRisk
import Testing

/// Tasks survive a restart through their JSON (as the store keeps them); ids never repeat; pending
/// timers come back from the active alarms, and nothing fires twice.
@Suite("Inspection restore and JSON")
struct InspectionRestoreTests {
    /// A task with every optional part filled, NaN evidence value and characters that need escaping.
    static let fullTask = InspectionTask(
        id: "INS-E1-7", enterprise: "E1", hazardSource: "HS1", trigger: .repeatedAlarms, priority: .high,
        status: .closed, openedAt: t0, dueAt: t0 + 24 * hour, overdue: true, assignee: "inspector:li \"na\"",
        findings: InspectionFindings(hazardConfirmed: true, note: "leak at\nvalve V-3 法兰"),
        evidence: [
            InspectionEvidence(alarmID: "E1/PT1/H", seq: 12, ts: t0, value: 9.5, priority: .medium, message: "PT1 H"),
            InspectionEvidence(alarmID: "E1/PT1/STALE", seq: nil, ts: t0 + 1, value: .nan, priority: .low,
                               message: "no data"),
        ],
        evidenceCount: 5,
        history: [
            InspectionHistoryEntry(at: t0, by: "hazmon", from: nil, to: .open, assignee: nil, note: "PT1 H"),
            InspectionHistoryEntry(at: t0 + hour, by: "inspector:li", from: .inProgress, to: .closed,
                                   assignee: "inspector:li \"na\"", note: nil),
        ],
        updatedAt: t0 + hour)

    static let riskTask = InspectionTask(
        id: "INS-E2-1", enterprise: "E2", hazardSource: nil, trigger: .riskEscalation, priority: .critical,
        status: .open, openedAt: t0, dueAt: t0 + 2 * hour, overdue: false, assignee: nil, findings: nil,
        evidence: [InspectionEvidence(alarmID: nil, seq: nil, ts: t0, value: .nan, priority: .critical,
                                      message: "red")],
        evidenceCount: 1,
        history: [InspectionHistoryEntry(at: t0, by: "hazmon", from: nil, to: .open, assignee: nil, note: nil)],
        updatedAt: t0)

    @Test(arguments: [fullTask, riskTask])
    func jsonRoundTrip(task: InspectionTask) throws {
        let json = task.json()
        #expect(try InspectionTask.parse(json) == task)
        let value = try JSONValue.parse(json)
        #expect(value["evidence_count"] == .number(Double(task.evidenceCount)))
        #expect(value["opened_at"] == .string(Timestamps.rfc3339(task.openedAt)))
    }

    @Test func jsonFieldsAsTheConsoleReadsThem() throws {
        let value = try JSONValue.parse(Self.riskTask.json())
        #expect(value["hazard_source"] == .null && value["assignee"] == .null && value["findings"] == .null)
        #expect(value["status"] == .string("open") && value["trigger"] == .string("risk_escalation"))
        #expect(value["opened_at"] == .string("2026-11-22T00:00:00.000Z"))
        #expect(value["overdue"] == .bool(false))
        let full = try JSONValue.parse(Self.fullTask.json())
        #expect(full["status"] == .string("closed"))
        #expect(full["findings"]?["hazard_confirmed"] == .bool(true))
        guard case .array(let evidence)? = full["evidence"] else { Issue.record("no evidence array"); return }
        #expect(evidence.last?["value"] == .null && evidence.last?["seq"] == .null)
    }

    @Test(arguments: [
        ("{}", "id"),
        ("[1]", ""),
        ("{\"id\": 3}", "id"),
        ("not json", ""),
    ])
    func brokenJSONNamesTheField(text: String, field: String) {
        #expect(throws: InspectionDecodingError.self) { try InspectionTask.parse(text) }
        do {
            _ = try InspectionTask.parse(text)
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    @Test func aBadTimeIsReportedWithItsPath() {
        let text = Self.fullTask.json().replacingFirst("\"ts\":\"2026-11-22T00:00:00.000Z\"", with: "\"ts\":\"yesterday\"")
        #expect(throws: InspectionDecodingError(field: "evidence[0].ts", message: "expected an RFC 3339 time, got 'yesterday'")) {
            try InspectionTask.parse(text)
        }
    }

    // MARK: Restore

    /// Stores tasks as the store would (JSON) and reads them back.
    static func stored(_ tasks: [InspectionTask]) throws -> [InspectionTask] {
        try tasks.map { try InspectionTask.parse($0.json()) }
    }

    @Test func openTasksComeBackAndIdsContinue() throws {
        var settings = InspectionSettings()
        settings.repeatedAlarms.enabled = false  // GT1's HH and H would also count as repeated here
        var plant = Plant(settings)
        plant.pulse(T.gt1, at: t0, high: 60)  // INS-E1-1 critical
        let first = try #require(plant.open(.criticalAlarm).first)
        for status in [InspectionStatus.acknowledged, .inProgress] {
            _ = try plant.policy.update(task: first.id, status: status, by: "i", at: t0 + hour)
        }
        let closed = try plant.policy.update(
            task: first.id, status: .closed, findings: InspectionFindings(hazardConfirmed: true, note: "leak"),
            by: "i", at: t0 + hour)
        plant.sample(T.gt1, t0 + 2 * hour, 60)  // INS-E1-2
        let open = Array(plant.policy.openTasks.values)
        #expect(open.map(\.id) == ["INS-E1-2"])

        var restored = InspectionPolicy(
            settings: settings, model: Plant.model, restoring: try Self.stored(open + [closed.task]))
        #expect(restored.openTasks == plant.policy.openTasks)
        #expect(restored.nextNumber(enterprise: "E1") == 3)
        #expect(restored.confirmedFindings(enterprise: "E1", at: t0 + 3 * hour) == 1)
        // New evidence joins the restored task; the next new task gets a fresh number.
        var event = try #require(plant.events.last { $0.transition == .activate && $0.alarm == Int32(plant.alarm(T.gt1, .HH)) })
        event.ts = t0 + 3 * hour
        event.seq += 100
        let changes = restored.observe(event, rules: plant.engine.rules, renderer: plant.renderer)
        #expect(changes.map(\.what) == [.evidence] && changes.first?.task.id == "INS-E1-2")
        #expect(restored.riskGradeChanged(enterprise: "E1", from: .orange, to: .red, at: t0 + 4 * hour)
            .first?.task.id == "INS-E1-3")
    }

    @Test func aStoredCounterIsNeverLowered() {
        let policy = InspectionPolicy(model: Plant.model, restoring: [Self.riskTask], nextNumbers: ["E2": 40, "E1": 5])
        #expect(policy.nextNumber(enterprise: "E2") == 40 && policy.nextNumber(enterprise: "E1") == 5)
        let raised = InspectionPolicy(model: Plant.model, restoring: [Self.fullTask], nextNumbers: ["E1": 2])
        #expect(raised.nextNumber(enterprise: "E1") == 8)
    }

    @Test func sustainedTimerIsRebuiltFromTheActiveAlarm() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)  // HH active since t0
        plant.sample(T.pt1, t0 + 10 * minute, 11)
        // Restart at t0 + 10 min: the engine is restored (here: kept), the policy comes back from the store.
        var restored = InspectionPolicy(
            model: Plant.model, restoring: [], activeAlarms: InspectionPolicy.ActiveAlarm.all(in: plant.engine))
        #expect(restored.advance(to: t0 + 30 * minute - 1).isEmpty)
        let changes = restored.advance(to: t0 + 45 * minute)
        let task = try #require(changes.first { $0.task.trigger == .sustainedAlarm }?.task)
        #expect(task.openedAt == t0 + 30 * minute && task.evidence.first?.alarmID == "E1/PT1/HH")
    }

    @Test func aTimerThatAlreadyFiredIsNotRebuilt() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)
        plant.sample(T.pt1, t0 + 40 * minute, 11)
        plant.advance(to: t0 + 40 * minute)
        let task = try #require(plant.open(.sustainedAlarm).first)
        var restored = InspectionPolicy(
            model: Plant.model, restoring: try Self.stored([task]),
            activeAlarms: InspectionPolicy.ActiveAlarm.all(in: plant.engine))
        let changes = restored.advance(to: t0 + 50 * minute)
        #expect(!changes.contains { $0.task.trigger == .sustainedAlarm })
        #expect(restored.openTasks[task.id]?.evidenceCount == 1)
    }

    @Test func hiddenActiveAlarmsGetNoTimer() throws {
        var plant = Plant()
        plant.sample(T.pt1, t0, 11)
        try plant.shelve(T.pt1, .HH, at: t0 + minute, for: 12 * hour)
        let restored = InspectionPolicy(
            model: Plant.model, restoring: [], activeAlarms: InspectionPolicy.ActiveAlarm.all(in: plant.engine))
        var policy = restored
        #expect(!policy.advance(to: t0 + 2 * hour).contains { $0.task.trigger == .sustainedAlarm })
    }

    @Test func journaledActivationsRefillTheRepeatedCount() throws {
        var plant = Plant()
        plant.pulse(T.pt1, at: t0, high: 9)
        plant.pulse(T.pt1, at: t0 + hour, high: 9)
        let journal = plant.events.filter { $0.transition == .activate && $0.flags.contains(.annunciated) }.map {
            InspectionPolicy.PastActivation(event: $0, rule: plant.engine.rules[Int($0.alarm)], message: "journal")
        }
        #expect(journal.count > 2)  // STALE activations too: the restore counts only medium and higher
        let restarted = InspectionPolicy(model: Plant.model, restoring: [], recentActivations: journal)
        plant.policy = restarted
        plant.pulse(T.pt1, at: t0 + 2 * hour, high: 9)
        let task = try #require(plant.open(.repeatedAlarms).first)
        #expect(task.evidence.map(\.message).prefix(2) == ["journal", "journal"])
        #expect(task.evidenceCount == 3)
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
