public import HazmonCore

extension InspectionPolicy {
    /// An alarm active at restore time, as the restored engine holds it.
    public struct ActiveAlarm: Sendable, Hashable {
        /// Dense alarm index.
        public var alarm: Int
        /// `AlarmEngine.rules[alarm]`.
        public var rule: AlarmRule
        /// `AlarmEngine.lifecycle(alarm)`: its state, overlays and `activatedAt`.
        public var lifecycle: AlarmLifecycle

        /// An active alarm to rebuild timers from.
        public init(alarm: Int, rule: AlarmRule, lifecycle: AlarmLifecycle) {
            self.alarm = alarm
            self.rule = rule
            self.lifecycle = lifecycle
        }

        /// Every active alarm of a (restored) engine.
        public static func all(in engine: AlarmEngine) -> [ActiveAlarm] {
            (0..<engine.alarmCount).compactMap { a in
                let lifecycle = engine.lifecycle(a)
                return lifecycle.state.isActive ? ActiveAlarm(alarm: a, rule: engine.rules[a], lifecycle: lifecycle) : nil
            }
        }
    }

    /// An annunciated activation from the alarm journal, for rebuilding `repeated_alarms` counts.
    public struct PastActivation: Sendable, Hashable {
        /// The `activate` event as journaled.
        public var event: AlarmEvent
        /// `AlarmEngine.rules[event.alarm]`.
        public var rule: AlarmRule
        /// Its message (`EventRenderer.message`).
        public var message: String

        /// A journaled activation.
        public init(event: AlarmEvent, rule: AlarmRule, message: String) {
            self.event = event
            self.rule = rule
            self.message = message
        }
    }

    /// A policy restored after a restart. Nothing is emitted while restoring; call `advance(to:)`
    /// with the current time next, which fires timers that fell due while hazmon was down (stamped
    /// with their own deadlines) and flags overdue tasks.
    ///
    /// - Parameters:
    ///   - tasks: every non-final task from the store, plus final ones closed within
    ///     `settings.findingsWindow` (their confirmed findings count for the risk score) and the latest
    ///     task of each enterprise (so ids are never reused). Final tasks do not stay in memory.
    ///   - activeAlarms: the alarms active now (`ActiveAlarm.all(in:)` on the restored engine).
    ///     `sustained_alarm` / `data_outage` timers are rebuilt for those that are visible (no
    ///     shelve, suppression, out of service or chattering) and qualify, counting from
    ///     `lifecycle.activatedAt` (an unshelve that restarted the count before the restart is not
    ///     known here, so the restored timer may fire earlier). A timer whose firing a restored task
    ///     already holds as evidence (same alarm id and time) is not rebuilt, so nothing fires twice.
    ///   - recentActivations: annunciated `activate` events of the last `repeatedAlarms.within`
    ///     from the journal, oldest first; they refill the `repeated_alarms` counts without firing.
    ///     Activations before the end of a restored final `repeated_alarms` task of the same hazard
    ///     source are skipped (that task consumed them).
    ///   - nextNumbers: per enterprise, the number the next task id gets, if the store kept it; the
    ///     restored tasks' own numbers raise it where higher.
    public init(
        settings: InspectionSettings = InspectionSettings(), model: EngineModel, restoring tasks: [InspectionTask],
        activeAlarms: [ActiveAlarm] = [], recentActivations: [PastActivation] = [], nextNumbers: [String: Int] = [:]
    ) {
        self.init(settings: settings, model: model)
        self.nextNumbers = nextNumbers
        var consumedUntil: [Int32: Millis] = [:]
        for task in tasks.sorted(by: InspectionTask.olderFirst) {
            if let number = task.number, number >= self.nextNumber(enterprise: task.enterprise) {
                self.nextNumbers[task.enterprise] = number + 1
            }
            if let finished = task.finishedAt {
                if task.status == .closed, task.findings?.hazardConfirmed == true {
                    confirmedFindingTimes[task.enterprise, default: []].append(finished)
                }
                if task.trigger == .repeatedAlarms, let source = hazardSourceIndex(task) {
                    consumedUntil[source] = max(consumedUntil[source] ?? .min, finished)
                }
            } else {
                openTasks[task.id] = task
                openByKey[TaskKey(task)] = task.id  // the later of two (which should not exist) wins
            }
        }
        for enterprise in confirmedFindingTimes.keys { confirmedFindingTimes[enterprise]?.sort() }

        let fired = Set(tasks.flatMap { task in task.evidence.compactMap { e in e.alarmID.map { FiredKey($0, e.ts) } } })
        for active in activeAlarms where active.lifecycle.state.isActive && active.lifecycle.isAnnunciable {
            let alarm = Int32(active.alarm)
            armTimers(alarm: alarm, rule: active.rule, from: active.lifecycle.activatedAt, seq: nil, value: .nan)
            for trigger in [InspectionTrigger.sustainedAlarm, .dataOutage] {
                let key = TimerKey(alarm: alarm, trigger: trigger)
                if let timer = timers[key], let id = timer.evidence.alarmID, fired.contains(FiredKey(id, timer.deadline)) {
                    timers[key] = nil
                }
            }
        }

        let config = settings.repeatedAlarms
        for past in recentActivations where past.event.transition == .activate
            && past.event.flags.contains(.annunciated) && config.enabled && past.rule.hazardSource >= 0
            && past.rule.priority <= config.minPriority
            && past.event.ts > consumedUntil[past.rule.hazardSource] ?? .min
        {
            let names = self.names(past.rule)
            var recent = self.recentActivations[past.rule.hazardSource, default: []]
            recent.append(PendingTimer(
                deadline: past.event.ts, enterprise: names.enterprise, hazardSource: names.hazardSource,
                evidence: InspectionEvidence(
                    alarmID: names.alarmID, seq: past.event.seq, ts: past.event.ts, value: past.event.value,
                    priority: past.rule.priority, message: past.message)))
            if recent.count > config.count { recent.removeFirst(recent.count - config.count) }
            self.recentActivations[past.rule.hazardSource] = recent
        }
    }
}

/// An alarm's firing as evidence records it.
private struct FiredKey: Hashable {
    var alarmID: String
    var ts: Millis
    init(_ alarmID: String, _ ts: Millis) {
        self.alarmID = alarmID
        self.ts = ts
    }
}
