public import HazmonCore

extension RiskTracker {
    /// The tracker for a reloaded catalog at `ts`: this tracker's windows carried over by enterprise id
    /// (the encoding `encoded()` writes for restarts), scored with `settings`, and the open stretches
    /// the new engine holds.
    ///
    /// Unlike a restart, nothing is lost: the clock is moved to `ts` (observed time continues) and every
    /// open stretch (active alarm, offline tag) is closed at `ts` into the hourly buckets before the
    /// windows are carried; the new tracker reopens them from `ts` for the alarms and tags the new engine
    /// still holds active. Unacknowledged critical alarms keep their activation time. Enterprises that
    /// left the catalog are dropped; new ones start empty.
    public func reloaded(engine: AlarmEngine, settings: RiskSettings, at ts: Millis) -> RiskTracker {
        var closing = self
        closing.advance(to: ts)
        let at = closing.clock
        // A synthetic return of every alarm with an open stretch closes it into the buckets; it counts
        // no activation.
        for e in closing.enterprises.indices {
            for alarm in closing.enterprises[e].activeSince.keys.sorted() { closing.record(Self.closing(alarm, rules: rules, at: at)) }
        }
        for (alarm, rule) in rules.enumerated() where rule.condition == .STALE || rule.condition == .BAD {
            let e = Int(rule.enterprise)
            if closing.enterprises[e].tagHealth[rule.tag] != nil {
                closing.record(Self.closing(Int32(alarm), rules: rules, at: at))
            }
        }
        do {
            return try RiskTracker(engine: engine, settings: settings, start: at, restoring: closing.encoded())
        } catch {
            preconditionFailure("a tracker cannot read its own encoding: \(error)")
        }
    }

    private static func closing(_ alarm: Int32, rules: [AlarmRule], at ts: Millis) -> AlarmEvent {
        AlarmEvent(seq: 0, alarm: alarm, enterprise: rules[Int(alarm)].enterprise, transition: .return,
                   state: .normal, flags: [], ts: ts, activatedAt: AlarmEvent.never, value: .nan, limit: .nan)
    }
}
