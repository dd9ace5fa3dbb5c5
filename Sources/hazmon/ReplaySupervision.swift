import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonRisk

/// What `replay --inspections/--risk` adds beside the engine: the live service's `Supervisor`
/// (inspection policy and risk tracker), clocked by the engine watermark (event time) instead of the
/// wall clock, so a recording gives the tasks and scores the service would have given as it arrived.
///
/// Clocking, per sample that produced events or moved the watermark (a "step"):
/// - The step's events are fed in groups of equal `ts`; before each group the supervisor is advanced
///   to that time if it is newer than its clock. So a sustained-alarm or data-outage timer due before
///   the event that would stop it (a `return`, a shelve) fires first, and one due after it does not.
/// - Then the supervisor is advanced to the new watermark, if it moved. Timers fire stamped with their
///   own deadlines, overdue flags and the once-a-minute reassessment (`Supervisor.riskInterval`) at the
///   step's time. A recording's gaps are thus crossed in one advance, as the service would after a
///   silence: tasks still open at their exact deadlines.
/// - `finish` advances once more to the end watermark (the newest sample time), nothing beyond it:
///   the replay ends where the data ends.
///
/// The supervisor starts at the first sample's time, before the engine sees it, with no tasks and no
/// grade known (`lastGrades` empty): an enterprise whose first grade is red opens `risk_escalation`.
/// - Important: built only when one of the flags is given; the plain replay does no supervision work.
struct ReplaySupervision {
    let model: EngineModel
    let inspectionSettings: InspectionSettings
    let riskSettings: RiskSettings
    private let inspectionsOut: OutputFile?
    private let riskOut: OutputFile?
    private var supervisor: Supervisor?
    /// The supervisor's clock: the newest time it was advanced to.
    private var clock: Millis = .min

    /// Inspection-change lines written (one per change).
    private(set) var inspectionLines = 0
    /// Tasks opened, by trigger.
    private(set) var opened: [InspectionTrigger: Int] = [:]
    /// Risk-assessment lines written (one per changed assessment).
    private(set) var assessments = 0
    /// The newest assessment per enterprise (dense index).
    private(set) var latest: [RiskAssessment?]

    /// Opens the output files (either may be nil: that output is computed but not written).
    init(model: EngineModel, config: RuntimeConfig, inspections: String?, risk: String?) throws(FileError) {
        self.model = model
        inspectionSettings = config.inspections
        riskSettings = config.risk
        inspectionsOut = try inspections.map { path throws(FileError) in try OutputFile(path: path) }
        riskOut = try risk.map { path throws(FileError) in try OutputFile(path: path) }
        latest = Array(repeating: nil, count: model.enterprises.count)
    }

    /// Called before the engine processes each sample; the first one starts supervision at its time.
    mutating func willProcess(_ sample: Sample, engine: AlarmEngine) throws(FileError) {
        guard supervisor == nil else { return }
        supervisor = Supervisor(
            inspections: InspectionPolicy(settings: inspectionSettings, model: model),
            risk: RiskTracker(engine: engine, settings: riskSettings, start: sample.ts))
        clock = sample.ts
        try write(supervisor!.advance(to: sample.ts))
    }

    /// Called after each sample with the events it produced (possibly none) and the engine after it.
    mutating func didProcess(_ events: [AlarmEvent], engine: AlarmEngine, renderer: EventRenderer) throws(FileError) {
        guard supervisor != nil else { return }
        var start = 0
        while start < events.count {
            let ts = events[start].ts
            var end = start + 1
            while end < events.count, events[end].ts == ts { end += 1 }
            if ts > clock {
                clock = ts
                try write(supervisor!.advance(to: ts))
            }
            try write(supervisor!.observe(events[start..<end], engine: engine, renderer: renderer, at: max(ts, clock)))
            start = end
        }
        if engine.watermark > clock {
            clock = engine.watermark
            try write(supervisor!.advance(to: clock))
        }
    }

    /// The final advance to the end watermark; flushes both files.
    mutating func finish(engine: AlarmEngine) throws(FileError) {
        if supervisor != nil, engine.watermark >= clock {
            clock = engine.watermark
            try write(supervisor!.advance(to: clock))
        }
        try inspectionsOut?.flush()
        try riskOut?.flush()
    }

    private mutating func write(_ output: Supervisor.Output) throws(FileError) {
        guard !output.isEmpty else { return }
        for change in output.inspections {
            inspectionLines += 1
            if change.what.contains(.opened) { opened[change.task.trigger, default: 0] += 1 }
            try inspectionsOut?.writeLine(change.task.json())
        }
        for assessment in output.assessments {
            assessments += 1
            if assessment.enterpriseIndex >= 0, assessment.enterpriseIndex < latest.count {
                latest[assessment.enterpriseIndex] = assessment
            }
            try riskOut?.writeLine(assessment.json())
        }
    }

    /// The summary lines: tasks opened by trigger, lines written, the final grade of each enterprise.
    func summary(inspections: String?, risk: String?) -> [String] {
        var lines: [String] = []
        let total = opened.values.reduce(0, +)
        lines.append("  inspections: \(total) task(s) opened, \(inspectionLines) change(s)"
            + (inspections.map { " written to \($0)" } ?? ""))
        for trigger in InspectionTrigger.allCases {
            if let n = opened[trigger] { lines.append("    \(trigger.rawValue): \(n)") }
        }
        lines.append("  risk:      \(assessments) assessment(s)" + (risk.map { " written to \($0)" } ?? ""))
        for (e, enterprise) in model.enterprises.enumerated() {
            guard let last = latest[e] else {
                lines.append("    \(enterprise.id): no assessment")
                continue
            }
            let codes = last.forcedRed.map(\.code).joined(separator: ", ")
            let forced = codes.isEmpty ? "" : " (forced red: \(codes))"
            lines.append("    \(enterprise.id): final grade \(last.grade.rawValue), score "
                + ReplayOutcome.fixed(last.score, 1) + forced)
        }
        return lines
    }
}
