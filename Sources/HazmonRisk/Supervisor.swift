public import HazmonCore
public import HazmonIO

/// Supervision over the engine's events: the inspection policy (SPEC §7) and the risk tracker
/// (SPEC §8) wired to each other — overdue tasks and confirmed findings feed the score, a grade
/// that worsens to red opens a `risk_escalation` task. Pure and clock-free like the engine, so the
/// live service (wall clock) and `hazmon replay` (watermark) run the very same code.
///
/// Risk is reassessed for the enterprises an event touched, right after the events, and for every
/// enterprise at least once per `riskInterval` of clock time; an assessment is reported only when its
/// grade or score changed.
/// - Important: a value type owned by the engine's task, like the engine.
public struct Supervisor: Sendable {
    /// What one step produced: task changes to publish and store, assessments that changed.
    public struct Output: Sendable {
        public var inspections: [InspectionChange] = []
        public var assessments: [RiskAssessment] = []

        public init() {}

        public var isEmpty: Bool { inspections.isEmpty && assessments.isEmpty }

        mutating func append(_ other: Output) {
            inspections += other.inspections
            assessments += other.assessments
        }
    }

    public private(set) var inspections: InspectionPolicy
    public private(set) var risk: RiskTracker
    /// How often every enterprise is reassessed as time alone moves the live factors (SPEC §8: a minute).
    public var riskInterval: Millis = 60_000
    /// Shortest time between two reports of one enterprise when only its score moved (its grade and
    /// forced-red reasons did not): in an alarm storm every step moves the score, and a retained
    /// message and a history row per step and enterprise would cost more than the alarms themselves.
    /// A grade change is reported at once; a held-back score at the first step or tick after this.
    public var scoreInterval: Millis = 5_000
    private var lastReported: [RiskAssessment?]
    private var lastReportedAt: [Millis]
    private var pendingScores: Set<Int> = []
    private var lastFullAssessment: Millis = .min
    /// Dense enterprise index by id.
    private let enterpriseIndex: [String: Int]

    /// Supervision from scratch, or restored: pass the restored policy and tracker, and the grades last
    /// published per enterprise (so a restart of a red enterprise is not taken for an escalation).
    public init(inspections: InspectionPolicy, risk: RiskTracker, lastGrades: [String: RiskGrade] = [:]) {
        self.inspections = inspections
        self.risk = risk
        let model = risk.model
        lastReported = Array(repeating: nil, count: model.enterprises.count)
        lastReportedAt = Array(repeating: .min, count: model.enterprises.count)
        var index: [String: Int] = [:]
        for (e, spec) in model.enterprises.enumerated() where index[spec.id] == nil { index[spec.id] = e }
        enterpriseIndex = index
        self.lastGrades = lastGrades
    }

    /// Grades last reported per enterprise id.
    public private(set) var lastGrades: [String: RiskGrade]

    /// Takes a step's events into account at `now` (after them in time).
    public mutating func observe(_ events: some Collection<AlarmEvent>, engine: AlarmEngine, renderer: EventRenderer,
                                 at now: Millis) -> Output {
        var output = Output()
        var touched = Set<Int>()
        for event in events {
            output.inspections += inspections.observe(event, rules: engine.rules, renderer: renderer)
            risk.record(event)
            if event.enterprise >= 0 { touched.insert(Int(event.enterprise)) }
        }
        let clock = max(now, risk.clock)
        syncInspectionCounts(output.inspections, at: clock)
        for e in touched.sorted() { output.append(reassess(enterprise: e, at: clock)) }
        return output
    }

    /// Moves the clock: inspection timers and overdue flags, and a full reassessment when due.
    public mutating func advance(to now: Millis) -> Output {
        var output = Output()
        output.inspections = inspections.advance(to: now)
        risk.advance(to: now)
        syncInspectionCounts(output.inspections, at: now)
        if lastFullAssessment == .min || now - lastFullAssessment >= riskInterval {
            lastFullAssessment = now
            for e in 0..<lastReported.count { output.append(reassess(enterprise: e, at: now)) }
        } else {
            for e in pendingScores.sorted() where now - lastReportedAt[e] >= scoreInterval {
                output.append(reassess(enterprise: e, at: now))
            }
            // Enterprises whose task counts changed move at once.
            let changed = Set(output.inspections.compactMap { enterpriseIndex[$0.task.enterprise] })
            for e in changed.sorted() { output.append(reassess(enterprise: e, at: now)) }
        }
        return output
    }

    /// An inspector's update of a task (SPEC §7 lifecycle), with its effect on the risk score.
    public mutating func update(task id: String, status: InspectionStatus?, assignee: String?,
                                findings: InspectionFindings?, note: String?, by actor: String,
                                at now: Millis) throws(InspectionRefusal) -> Output {
        var output = Output()
        let change = try inspections.update(task: id, status: status, assignee: assignee, findings: findings,
                                            note: note, by: actor, at: now)
        output.inspections = [change]
        syncInspectionCounts(output.inspections, at: now)
        if let e = enterpriseIndex[change.task.enterprise] { output.append(reassess(enterprise: e, at: now)) }
        return output
    }

    // MARK: Internals


    /// Copies overdue and confirmed-finding counts of the enterprises whose tasks changed into the tracker.
    private mutating func syncInspectionCounts(_ changes: [InspectionChange], at now: Millis) {
        guard !changes.isEmpty else { return }
        for enterprise in Set(changes.map(\.task.enterprise)) {
            guard let e = enterpriseIndex[enterprise] else { continue }
            risk.setOverdueInspections(inspections.overdueTasks(enterprise: enterprise), enterprise: e)
            risk.setConfirmedFindings(inspections.confirmedFindings(enterprise: enterprise, at: now), enterprise: e)
        }
    }

    /// Reassesses one enterprise; reports it if it changed, and opens `risk_escalation` when it turned red.
    private mutating func reassess(enterprise e: Int, at now: Millis) -> Output {
        var output = Output()
        let assessment = risk.assess(enterprise: e, at: now)
        if let last = lastReported[e] {
            guard assessment.differs(from: last) else {
                pendingScores.remove(e)
                return output
            }
            if assessment.grade == last.grade, assessment.forcedRed == last.forcedRed,
                now - lastReportedAt[e] < scoreInterval
            {
                pendingScores.insert(e)
                return output
            }
        }
        pendingScores.remove(e)
        lastReported[e] = assessment
        lastReportedAt[e] = now
        output.assessments.append(assessment)
        let previous = lastGrades[assessment.enterprise]
        if previous != assessment.grade {
            lastGrades[assessment.enterprise] = assessment.grade
            output.inspections += inspections.riskGradeChanged(
                enterprise: assessment.enterprise, from: previous, to: assessment.grade, at: now)
            syncInspectionCounts(output.inspections, at: now)
        }
        return output
    }
}
