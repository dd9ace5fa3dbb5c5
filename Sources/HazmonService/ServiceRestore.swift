public import HazmonCore
import HazmonIO
public import HazmonRisk
public import HazmonStore

/// Rebuilds the service's state from the store before any telemetry is taken (SPEC §10):
///
/// 1. the engine from the catalog, then the last checkpoint (`EngineSnapshot`, by identity, so a
///    changed catalog restores what still exists);
/// 2. every alarm lifecycle journaled after that checkpoint, on top (exact: the journal is written
///    in the same transaction as the events that were published);
/// 3. each tag's last evaluated sample (`tag_watermarks`), so samples evaluated before the crash are
///    duplicates when they arrive again, and `seq` above everything journaled;
/// 4. inspection tasks and the risk tracker's windows, and the grades last published.
///
/// What is approximate, and why: rule state that is not a lifecycle (pending on/off delays, window
/// contents, FROZEN references) comes from the checkpoint, which is at most `checkpointEvery` old;
/// samples evaluated after it are not evaluated again (they are duplicates now), so a delay that
/// was running then restarts with the next sample. Documented in README "Durability".
public struct RestoredState: Sendable {
    public var engine: AlarmEngine
    public var supervisor: Supervisor
    /// Current alarms, tasks and scores for the console, from the store.
    public var alarms: [LiveView.Alarm]
    public var inspections: [(id: String, enterprise: String, json: String)]
    public var risk: [(enterprise: String, json: String)]
    public var floods: [String]
    /// One line for the log: what came back.
    public var summary: String

    /// Reads the store and rebuilds everything; `now` is the wall clock the service starts at.
    public static func restore(model: EngineModel, inspectionSettings: InspectionSettings, riskSettings: RiskSettings,
                               store: HazmonStore, now: Millis,
                               warn: (String) -> Void) throws(StoreError) -> RestoredState {
        let point = try store.loadRestorePoint()
        var engine = AlarmEngine(model: model, clockMode: .external)
        var notes: [String] = []
        var checkpointRestored = false
        if let checkpoint = point.checkpoint {
            do {
                let report = engine.restore(try EngineSnapshot(decoding: checkpoint.engineState))
                checkpointRestored = true
                notes.append("checkpoint of \(Timestamps.rfc3339(checkpoint.ts))")
                if report.reset > 0 || report.added > 0 || !report.removed.isEmpty {
                    notes.append("catalog changed since: \(report.reset) rule(s) changed, \(report.added) new, "
                        + "\(report.removed.count) removed")
                }
            } catch {
                warn("hazmon: the stored checkpoint cannot be read (\(error)); starting the rules afresh, "
                    + "alarm states still come from the journal")
            }
        }
        // Lifecycles newer than the checkpoint (all of them without one) override it.
        let newerThan = (point.checkpoint?.nextSeq ?? 1) - 1
        let index = engine.alarmIndexesByIdentity()
        var overlaid = 0
        for row in point.alarmStates where row.lastSeq > newerThan || !checkpointRestored {
            guard let identity = AlarmIdentity(id: row.alarmID), let alarm = index[identity],
                let state = AlarmState(name: row.state)
            else { continue }
            let lifecycle = AlarmLifecycle(
                state: state, flags: AlarmFlags(rawValue: UInt8(truncatingIfNeeded: row.flags)).subtracting(
                    [.annunciated, .flood]),
                activatedAt: row.activatedAt ?? AlarmEvent.never, returnedAt: row.returnedAt ?? AlarmEvent.never,
                shelvedUntil: row.shelvedUntil ?? AlarmEvent.never)
            if (try? engine.setLifecycle(lifecycle, ofAlarm: alarm)) != nil { overlaid += 1 }
        }
        let tags = TagDirectory(model: model)
        for mark in point.tagWatermarks {
            if let t = tags.tag(enterprise: mark.enterprise, tag: mark.tag) {
                engine.restoreLastSample(ofTag: Int(t), ts: mark.ts, value: mark.value)
            }
        }
        engine.nextSeq = point.nextSeq

        // Inspection tasks: open ones, those closed within the findings window and the newest of each
        // enterprise (so an id is never reused) — all of them, since tasks are few.
        let stored = try store.inspections(filter: InspectionFilter(limit: 1_000_000))
        var tasks: [InspectionTask] = []
        for row in stored {
            do { tasks.append(try InspectionTask.parse(row.json)) } catch {
                warn("hazmon: stored inspection task \(row.id) cannot be read (\(error)); left out")
            }
        }
        let policy = InspectionPolicy(settings: inspectionSettings, model: model, restoring: tasks,
                                      activeAlarms: InspectionPolicy.ActiveAlarm.all(in: engine))
        var tracker = RiskTracker(engine: engine, settings: riskSettings, start: now)
        if let state = point.checkpoint?.riskState, !state.isEmpty {
            do {
                tracker = try RiskTracker(engine: engine, settings: riskSettings, start: now, restoring: state)
            } catch {
                warn("hazmon: the stored risk windows cannot be read (\(error)); the live factors start empty")
            }
        }
        var grades: [String: RiskGrade] = [:]
        for row in point.riskLatest { grades[row.enterprise] = RiskGrade(rawValue: row.grade) }
        let supervisor = Supervisor(inspections: policy, risk: tracker, lastGrades: grades)

        let alarms = point.alarmStates.compactMap(LiveView.Alarm.init)
        let active = alarms.filter { $0.state.isActive }.count
        let floods = model.enterprises.indices.filter { engine.isInFlood(enterprise: $0) }
            .map { model.enterprises[$0].id }
        notes.insert("\(point.alarmStates.count) alarm state(s) (\(active) active, \(overlaid) newer than the "
            + "checkpoint)", at: 0)
        notes.append("\(policy.openTasks.count) open inspection task(s)")
        notes.append("\(point.riskLatest.count) risk score(s)")
        notes.append("journal at seq \(point.maxSeq ?? 0)")
        return RestoredState(
            engine: engine, supervisor: supervisor, alarms: alarms,
            inspections: point.openInspections.map { ($0.id, $0.enterprise, $0.json) },
            risk: point.riskLatest.map { ($0.enterprise, $0.json) }, floods: floods,
            summary: notes.joined(separator: ", "))
    }
}

extension AlarmIdentity {
    /// Parses an alarm id `{enterprise}/{tag or vote}/{condition}` (ids never contain `/`).
    public init?(id: String) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let condition = Condition(rawValue: String(parts[2])) else { return nil }
        self.init(enterprise: String(parts[0]), subject: String(parts[1]), condition: condition)
    }
}
