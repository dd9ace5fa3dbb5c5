public import HazmonCore
public import HazmonIO

extension InspectionPolicy {
    /// Feeds one alarm event with its rule (`AlarmEngine.rules[event.alarm]`) and its message
    /// (`EventRenderer.message`), which becomes the evidence's text.
    ///
    /// - An annunciated `activate` may fire `critical_alarm` and `repeated_alarms` at once and arms
    ///   the `sustained_alarm` / `data_outage` timers, which `advance(to:)` fires.
    /// - An event that leaves the alarm inactive (`return`) or hidden (shelve, suppress, out of
    ///   service, chattering) stops its timers: SPEC §5, a hidden alarm triggers nothing.
    /// - `unshelve`, `unsuppress`, `return_to_service` of a still active alarm re-arm its timers from
    ///   that moment: only time in which operators could see the alarm counts.
    public mutating func observe(_ event: AlarmEvent, rule: AlarmRule, message: String) -> [InspectionChange] {
        guard event.alarm >= 0 else { return [] }  // floods are enterprise notices, not warnings
        let visible = event.flags.isDisjoint(with: .hidden)
        switch event.transition {
        case .activate where event.flags.contains(.annunciated):
            var changes: [InspectionChange] = []
            let evidence = self.evidence(event, rule: rule, message: message)
            if settings.criticalAlarm.enabled, rule.priority == .critical {
                let key = TaskKey(enterprise: evidence.enterprise, hazardSource: evidence.hazardSource,
                                  trigger: .criticalAlarm)
                changes.append(raise(key, evidence: [evidence.evidence], priority: .critical, at: event.ts))
            }
            if let change = countRepeated(evidence, rule: rule) { changes.append(change) }
            // The activation that reveals chattering is annunciated (it counts above) but already
            // carries the chattering overlay: the alarm is hidden from now on, so no timer.
            if visible {
                armTimers(alarm: event.alarm, rule: rule, from: event.ts, seq: event.seq, value: event.value)
            } else {
                cancelTimers(alarm: event.alarm)
            }
            return changes
        case .unshelve, .unsuppress, .returnToService:
            // (`where` would bind to the last pattern only, hence the `if`.)
            if event.state.isActive && visible {
                armTimers(alarm: event.alarm, rule: rule, from: event.ts, seq: event.seq, value: event.value)
            }
            return []
        default:
            if !event.state.isActive || !visible { cancelTimers(alarm: event.alarm) }
            return []
        }
    }

    /// `observe(_:rule:message:)` with the rule and message looked up: `rules` is `AlarmEngine.rules`.
    public mutating func observe(_ event: AlarmEvent, rules: [AlarmRule], renderer: EventRenderer)
        -> [InspectionChange]
    {
        guard event.alarm >= 0, Int(event.alarm) < rules.count else { return [] }
        return observe(event, rule: rules[Int(event.alarm)], message: renderer.message(event, names: renderer.names(event)))
    }

    // MARK: Triggers

    /// `repeated_alarms`: counts the activation on its hazard source; fires once `count` fall within `within`.
    /// Votes spanning several hazard sources belong to none and are not counted.
    private mutating func countRepeated(_ activation: PendingTimer, rule: AlarmRule) -> InspectionChange? {
        let config = settings.repeatedAlarms
        guard config.enabled, rule.hazardSource >= 0, rule.priority <= config.minPriority else { return nil }
        let ts = activation.evidence.ts
        var recent = recentActivations[rule.hazardSource, default: []].filter { $0.deadline >= ts - config.within }
        recent.append(activation)
        if recent.count > config.count { recent.removeFirst(recent.count - config.count) }
        recentActivations[rule.hazardSource] = recent
        guard recent.count >= config.count else { return nil }
        let key = TaskKey(enterprise: activation.enterprise, hazardSource: activation.hazardSource,
                          trigger: .repeatedAlarms)
        // Opening shows every counted activation; an open task gets only the new one.
        let evidence = openByKey[key] == nil ? recent.map(\.evidence) : [activation.evidence]
        let priority = recent.map(\.evidence.priority).min() ?? activation.evidence.priority
        return raise(key, evidence: evidence, priority: priority, at: ts)
    }

    /// Arms `sustained_alarm` and `data_outage` for an alarm active and visible since `start`.
    mutating func armTimers(alarm: Int32, rule: AlarmRule, from start: Millis, seq: UInt64?, value: Double) {
        let sustained = settings.sustainedAlarm
        if sustained.enabled, rule.priority <= sustained.minPriority {
            arm(.sustainedAlarm, alarm: alarm, rule: rule, deadline: start + sustained.after, seq: seq, value: value,
                what: "active for \(Self.spoken(sustained.after))")
        }
        let outage = settings.dataOutage
        if outage.enabled, rule.condition == .STALE, rule.hazardSource >= 0,
            let grade = model.hazardSources[Int(rule.hazardSource)].grade, outage.grades.contains(grade)
        {
            arm(.dataOutage, alarm: alarm, rule: rule, deadline: start + outage.after, seq: seq, value: value,
                what: "no data for \(Self.spoken(outage.after)) on a grade \(grade) hazard source")
        }
    }

    private mutating func arm(
        _ trigger: InspectionTrigger, alarm: Int32, rule: AlarmRule, deadline: Millis, seq: UInt64?, value: Double,
        what: String
    ) {
        let key = TimerKey(alarm: alarm, trigger: trigger)
        guard timers[key] == nil else { return }  // already counting since an earlier moment
        let names = self.names(rule)
        let evidence = InspectionEvidence(
            alarmID: names.alarmID, seq: seq, ts: deadline, value: value, priority: rule.priority,
            message: "\(names.subject) \(rule.condition.rawValue) \(what)")
        timers[key] = PendingTimer(
            deadline: deadline, enterprise: names.enterprise, hazardSource: names.hazardSource, evidence: evidence)
    }

    mutating func cancelTimers(alarm: Int32) {
        for trigger in [InspectionTrigger.sustainedAlarm, .dataOutage] {
            timers[TimerKey(alarm: alarm, trigger: trigger)] = nil
        }
    }

    // MARK: Names

    /// The evidence of an activation, with where it belongs.
    private func evidence(_ event: AlarmEvent, rule: AlarmRule, message: String) -> PendingTimer {
        let names = self.names(rule)
        return PendingTimer(
            deadline: event.ts, enterprise: names.enterprise, hazardSource: names.hazardSource,
            evidence: InspectionEvidence(
                alarmID: names.alarmID, seq: event.seq, ts: event.ts, value: event.value, priority: rule.priority,
                message: message))
    }

    /// Catalog names of an alarm; the alarm id is built as `EventRenderer.alarmID` builds it.
    func names(_ rule: AlarmRule) -> (enterprise: String, hazardSource: String?, subject: String, alarmID: String) {
        let enterprise = model.enterprises[Int(rule.enterprise)].id
        let subject = rule.vote >= 0 ? model.votes[Int(rule.vote)].id : model.tags[Int(rule.tag)].id
        let hazardSource = rule.hazardSource >= 0 ? model.hazardSources[Int(rule.hazardSource)].id : nil
        return (enterprise, hazardSource, subject, "\(enterprise)/\(subject)/\(rule.condition.rawValue)")
    }

    /// `30 min`, `4 h`, `90 s`: durations in evidence messages.
    static func spoken(_ ms: Millis) -> String {
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000) h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000) min" }
        if ms % 1_000 == 0 { return "\(ms / 1_000) s" }
        return "\(ms) ms"
    }
}
