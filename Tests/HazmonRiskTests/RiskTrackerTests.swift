import HazmonCore
import HazmonRisk
import Testing

/// The tracker driven by the real engine: windows, durations, data quality, forced red, change detection.
@Suite("Risk tracker")
struct RiskTrackerTests {
    typealias P = RiskPlant
    static let t0 = RiskPlant.t0

    @Test func staticFactsComeFromTheCatalog() {
        let plant = RiskPlant()
        let e1 = plant.tracker.facts(enterprise: 0, at: Self.t0)
        #expect(e1.worstGrade == 2 && e1.worstSource == "HS1" && e1.dataQuality.tags == 3)
        // E2's source has only an R value: 120 is GB 18218 grade 1.
        let e2 = plant.assess(1, at: Self.t0)
        #expect(e2.points(.hazardGrade) == 15 && e2.score == 85 && e2.grade == .yellow)
        #expect(plant.assess(0, at: Self.t0).score == 90)
    }

    /// A medium alarm active one minute: one activation plus a minute of duration, in both windows
    /// while its hour is inside them, then only in 7 d, then in neither.
    @Test(arguments: [
        (2 * P.minute, 1, 1),
        (24 * P.hour + 59 * P.minute, 1, 1),
        (25 * P.hour, 0, 1),
        (168 * P.hour + 59 * P.minute, 0, 1),
        (169 * P.hour, 0, 0),
    ])
    func windowsSlide(after: Millis, in24h: Int, in7d: Int) {
        var plant = RiskPlant()
        plant.sample(1, at: Self.t0 + 30 * P.minute, 85)
        plant.sample(1, at: Self.t0 + 31 * P.minute, 70)
        let facts = plant.tracker.facts(enterprise: 0, at: Self.t0 + after)
        #expect(facts.activity24h.activations == [0, 0, in24h, 0])
        #expect(facts.activity7d.activations == [0, 0, in7d, 0])
        #expect(facts.activity24h.activeMillis[2] == Millis(in24h) * P.minute)
        #expect(facts.activity7d.activeMillis[2] == Millis(in7d) * P.minute)
        let a = plant.assess(at: Self.t0 + after)
        // 1 × (1 + 0.5 × 1/60 h) load units: 0.5 points in 24 h, 0.1 in 7 d.
        #expect(a.points(.alarmActivity24h) == (in24h == 1 ? 0.5 : 0))
        #expect(a.points(.alarmActivity7d) == (in7d == 1 ? 0.1 : 0))
    }

    @Test func anOpenAlarmCountsItsTimeUpToNow() {
        var plant = RiskPlant()
        plant.sample(0, at: Self.t0, 95)
        try? plant.ack(plant.alarm(0, .HH), at: Self.t0 + P.minute)
        let facts = plant.tracker.facts(enterprise: 0, at: Self.t0 + 10 * P.hour)
        #expect(facts.activity24h.activations == [1, 0, 0, 0])
        #expect(facts.activity24h.activeMillis[0] == 10 * P.hour)
        // 4 × (1 + 0.5 × 10) = 24 units: 24 h capped at 10, 7 d 2.4.
        let a = plant.assess(at: Self.t0 + 10 * P.hour)
        #expect(a.points(.alarmActivity24h) == 10 && a.points(.alarmActivity7d) == 2.4)
        // Only the part inside the 24 h window counts there once the alarm has run for 30 h.
        let later = plant.tracker.facts(enterprise: 0, at: Self.t0 + 30 * P.hour)
        #expect(later.activity24h.activeMillis[0] == 24 * P.hour)
        #expect(later.activity7d.activeMillis[0] == 30 * P.hour)
    }

    @Test func shelvedAlarmsStopCountingTime() throws {
        var plant = RiskPlant()
        plant.sample(1, at: Self.t0, 85)
        try plant.shelve(plant.alarm(1, .H), until: Self.t0 + 4 * P.hour, at: Self.t0 + 10 * P.minute)
        let facts = plant.tracker.facts(enterprise: 0, at: Self.t0 + 2 * P.hour)
        #expect(facts.activity24h.activations == [0, 0, 1, 0])
        #expect(facts.activity24h.activeMillis[2] == 10 * P.minute)
    }

    @Test func unacknowledgedCriticalForcesRedAfterThirtyMinutes() throws {
        var plant = RiskPlant()
        plant.sample(0, at: Self.t0, 95)
        let early = plant.assess(at: Self.t0 + 29 * P.minute)
        #expect(early.forcedRed.isEmpty && early.grade != .red)
        let late = plant.assess(at: Self.t0 + 30 * P.minute)
        #expect(late.forcedRed.map(\.code) == ["unacked_critical"])
        #expect(late.grade == .red && late.supervisionClass == .A)
        #expect(late.forcedRed.first?.text.contains("E1/T1/HH") == true)
        // Acknowledging lifts it, though the alarm stays active.
        try plant.ack(plant.alarm(0, .HH), at: Self.t0 + 31 * P.minute)
        #expect(plant.assess(at: Self.t0 + 32 * P.minute).forcedRed.isEmpty)
        // E2 is not affected by E1's alarm.
        #expect(plant.assess(1, at: Self.t0 + 30 * P.minute).forcedRed.isEmpty)
    }

    @Test func staleTagLowersTheOnlineRate() {
        var plant = RiskPlant()
        plant.sample(2, at: Self.t0, 20)
        plant.advance(to: Self.t0 + 2 * P.minute)  // STALE activates at t0 + 60 s
        plant.sample(2, at: Self.t0 + P.hour, 21)  // and returns an hour after the last sample,
        plant.advance(to: Self.t0 + 2 * P.hour)  // then is stale again from t0 + 1 h 1 min
        let dq = plant.tracker.facts(enterprise: 0, at: Self.t0 + 2 * P.hour).dataQuality
        #expect(dq.tags == 3 && dq.observedMillis == 2 * P.hour)
        #expect(dq.offlineTagMillis == 2 * 59 * P.minute)
        // 118 min of 6 tag-hours offline: online ≈ 67 %, far below 99.5 %: capped at 15.
        let a = plant.assess(at: Self.t0 + 2 * P.hour)
        #expect(a.points(.dataQuality) == 15)
        // STALE is data quality, not alarm activity.
        #expect(a.points(.alarmActivity24h) == 0)
        // A tag still stale counts up to now.
        plant.advance(to: Self.t0 + 3 * P.hour)
        #expect(
            plant.tracker.facts(enterprise: 0, at: Self.t0 + 3 * P.hour).dataQuality.offlineTagMillis
                == 59 * P.minute + 119 * P.minute)
    }

    @Test func inspectionCountsDeduct() {
        var plant = RiskPlant()
        plant.tracker.setOverdueInspections(3, enterprise: 0)
        plant.tracker.setConfirmedFindings(1, enterprise: 0)
        let a = plant.assess(at: Self.t0)
        #expect(a.points(.overdueInspections) == 15 && a.points(.confirmedFindings) == 3)
        #expect(a.score == 72 && a.grade == .orange)
    }

    @Test func changedAssessmentsReportOnlyChanges() {
        var plant = RiskPlant()
        #expect(plant.tracker.changedAssessments(at: Self.t0).map(\.enterprise) == ["E1", "E2"])
        #expect(plant.tracker.changedAssessments(at: Self.t0 + P.minute).isEmpty)
        plant.sample(3, at: Self.t0 + 2 * P.minute, 60)  // E2's gas HH
        let changed = plant.tracker.changedAssessments(at: Self.t0 + 3 * P.minute)
        #expect(changed.map(\.enterprise) == ["E2"])
        // Time alone changes it: the alarm stays active and unacknowledged, so E2 turns red at 30 min.
        let red = plant.tracker.changedAssessments(at: Self.t0 + 32 * P.minute)
        #expect(red.map(\.enterprise) == ["E2"] && red.first?.grade == .red)
    }

    @Test func restoreKeepsTheWindows() throws {
        var plant = RiskPlant()
        plant.sample(1, at: Self.t0, 85)
        plant.sample(1, at: Self.t0 + 20 * P.minute, 70)
        plant.sample(2, at: Self.t0, 20)
        plant.advance(to: Self.t0 + 2 * P.minute)
        plant.sample(2, at: Self.t0 + 30 * P.minute, 21)
        plant.tracker.setOverdueInspections(2, enterprise: 0)
        plant.advance(to: Self.t0 + P.hour)
        let state = plant.tracker.encoded()
        let before = plant.tracker.facts(enterprise: 0, at: Self.t0 + P.hour)

        // Restart two hours later with the saved windows; the downtime is not observed.
        let restart = Self.t0 + 3 * P.hour
        let restored = try RiskTracker(engine: plant.engine, start: restart, restoring: state)
        let after = restored.facts(enterprise: 0, at: restart)
        #expect(after.activity24h == before.activity24h)
        #expect(after.activity24h.activeMillis[2] == 20 * P.minute)
        #expect(after.overdueInspections == 2)
        #expect(after.dataQuality.observedMillis == P.hour)
        #expect(after.dataQuality.offlineTagMillis == 29 * P.minute)
        #expect(restored.encoded().count == state.count)
        // An alarm active at the restart is picked up from the restart time, not from its activation.
        plant.sample(0, at: Self.t0 + 2 * P.hour, 95)
        let resumed = RiskTracker(engine: plant.engine, start: restart)
        #expect(resumed.facts(enterprise: 0, at: restart + P.hour).activity24h.activeMillis[0] == P.hour)
        #expect(resumed.facts(enterprise: 0, at: restart).unackedCritical?.duration == P.hour)
    }

    static let magic: [UInt8] = Array("HZRK".utf8)
    static let brokenStates: [([UInt8], String)] = [
        ([], "truncated at byte 0"),
        (Array("NOPE".utf8) + [1], "magic"),
        (magic + [9], "version 9"),
        (magic + [1, 0, 0], "truncated"),
    ]

    @Test(arguments: brokenStates)
    func brokenStateIsRefused(bytes: [UInt8], message: String) {
        do {
            _ = try RiskTracker(engine: RiskPlant().engine, start: Self.t0, restoring: bytes)
            Issue.record("expected a RiskStateError")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func trailingBytesAreRefused() {
        let state = RiskPlant().tracker.encoded() + [0]
        #expect(throws: RiskStateError.self) {
            try RiskTracker(engine: RiskPlant().engine, start: Self.t0, restoring: state)
        }
    }
}
