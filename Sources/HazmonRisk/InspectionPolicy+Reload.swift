public import HazmonCore

extension InspectionPolicy {
    /// The policy for a reloaded catalog: `engine` is the new engine (after `AlarmEngine.reloaded`), whose
    /// dense indexes the result uses; `settings` the inspection settings now in force.
    ///
    /// Carried: every open task, the next task numbers, the confirmed-finding times (all keyed by
    /// enterprise or task id), the `repeated_alarms` counts (re-keyed by hazard source id; those of a
    /// hazard source that left the catalog are dropped) and the pending `sustained_alarm` /
    /// `data_outage` timers of alarms that still exist and are still active and visible in `engine`
    /// (re-keyed by alarm id; others are dropped, as a return would drop them). Timers keep the deadline
    /// they were armed with: new `after` settings or a new priority apply from the next activation.
    /// Nothing is emitted.
    public func reloaded(model newModel: EngineModel, settings newSettings: InspectionSettings,
                         engine: AlarmEngine) -> InspectionPolicy {
        var policy = InspectionPolicy(settings: newSettings, model: newModel)
        policy.openTasks = openTasks
        policy.openByKey = openByKey
        policy.nextNumbers = nextNumbers
        policy.confirmedFindingTimes = confirmedFindingTimes

        var alarmByID: [String: Int32] = [:]
        for (a, rule) in engine.rules.enumerated() { alarmByID[policy.names(rule).alarmID] = Int32(a) }
        for (key, timer) in timers {
            guard let id = timer.evidence.alarmID, let alarm = alarmByID[id] else { continue }
            let lifecycle = engine.lifecycle(Int(alarm))
            guard lifecycle.state.isActive, lifecycle.isAnnunciable else { continue }
            policy.timers[TimerKey(alarm: alarm, trigger: key.trigger)] = timer
        }

        var sourceByID: [SourceKey: Int32] = [:]
        for (h, source) in newModel.hazardSources.enumerated() {
            sourceByID[SourceKey(enterprise: newModel.enterprises[source.enterprise].id, id: source.id)] = Int32(h)
        }
        for (_, recent) in recentActivations {
            guard let first = recent.first, let source = first.hazardSource,
                let h = sourceByID[SourceKey(enterprise: first.enterprise, id: source)]
            else { continue }
            policy.recentActivations[h] = recent
        }
        return policy
    }
}

/// A hazard source by identity.
private struct SourceKey: Hashable {
    var enterprise: String
    var id: String
}
