import HazmonCore
import HazmonIO
import HazmonRisk
import Testing

/// The Supervisor couples inspections and risk; here: when it reports risk assessments.
@Suite("Supervisor")
struct SupervisorTests {
    /// A supervisor over the risk test plant, and the engine that feeds it.
    struct Rig {
        var engine = AlarmEngine(model: RiskPlant.model)
        var supervisor: Supervisor

        init() {
            supervisor = Supervisor(
                inspections: InspectionPolicy(model: RiskPlant.model),
                risk: RiskTracker(engine: engine, start: RiskPlant.t0))
        }

        /// One sample through the engine and its events through the supervisor.
        mutating func sample(_ tag: Int, at ts: Millis, _ value: Double) -> Supervisor.Output {
            var events: [AlarmEvent] = []
            _ = engine.process(Sample(tag: Int32(tag), ts: ts, value: value), into: &events)
            return supervisor.observe(events, engine: engine, renderer: EventRenderer(engine: engine), at: ts)
        }
    }

    @Test("a score that only moves is reported at most once per scoreInterval; a grade change at once")
    func scoreOnlyChangesAreThrottled() {
        var rig = Rig()
        let t0 = RiskPlant.t0
        // First look at every enterprise: both reported.
        #expect(rig.supervisor.advance(to: t0).assessments.map(\.enterprise) == ["E1", "E2"])
        // A medium activation on E1 moves its score (and maybe its grade): reported at once.
        let first = rig.sample(1, at: t0 + 1_000, 85)
        #expect(first.assessments.map(\.enterprise) == ["E1"])
        let firstScore = first.assessments.first?.score ?? 0
        // A second activation 2 s later moves the score again, the grade stays: held back.
        _ = rig.sample(1, at: t0 + 2_000, 70)
        let second = rig.sample(1, at: t0 + 3_000, 86)
        #expect(second.assessments.isEmpty, "within 5 s of the last report and the same grade: held back")
        #expect(rig.supervisor.advance(to: t0 + 5_000).assessments.isEmpty, "still within the interval")
        // Once the interval has passed, the next tick reports the held-back score.
        let tick = rig.supervisor.advance(to: t0 + 6_000)
        #expect(tick.assessments.map(\.enterprise) == ["E1"])
        #expect((tick.assessments.first?.score ?? 100) < firstScore)
        // A critical alarm left unacknowledged 30 min forces red: a grade change, reported at once.
        _ = rig.sample(0, at: t0 + 7_000, 95)
        let red = rig.supervisor.advance(to: t0 + 7_000 + 30 * RiskPlant.minute)
        #expect(red.assessments.contains { $0.enterprise == "E1" && $0.grade == .red })
        #expect(red.inspections.contains { $0.task.trigger == .riskEscalation }, "red opens risk_escalation")
    }
}
