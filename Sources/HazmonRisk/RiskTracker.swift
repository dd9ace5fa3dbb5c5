public import HazmonCore
import HazmonIO

/// Keeps, per enterprise, what the live risk factors need, fed by the engine's events and the
/// clock, and assesses enterprises on demand (SPEC §8).
///
/// Memory is bounded: per enterprise a ring of 168 hourly buckets (activations and active time
/// per priority, offline tag-time; ≈ 10 KiB), plus one entry per alarm currently active or
/// unacknowledged and per tag currently `STALE`/`BAD`. Nothing grows with time or event count.
///
/// What counts:
/// - **Alarm activity**: annunciated activations (by priority) and the time alarms stay active
///   while nothing hides them (shelved, suppressed, out of service, chattering). `STALE` and `BAD`
///   are left out: they are data quality, scored by the online rate. Flood notices are left out:
///   the activations that made the flood are already counted.
/// - **Data quality**: a tag is offline while its `STALE` or `BAD` alarm is active, unless the alarm
///   is suppressed (hazard source in maintenance) or out of service; shelving does not make data good.
///   The rate is offline tag-time over (tags in service × time observed) within the window.
/// - **Unacknowledged critical**: an alarm of critical priority in state `unack` with nothing hiding
///   it, timed from its activation.
///
/// Time: `record` moves the clock to the event's time, `advance(to:)` to the wall clock (or the
/// watermark in replay). Only observed time counts towards the online rate's denominator, so the
/// time the service was down is neither online nor offline.
/// - Important: a value type owned by one task (the engine loop), like the engine.
public struct RiskTracker: Sendable {
    public let settings: RiskSettings
    /// Names alarms (`{enterprise}/{tag}/{condition}`) and holds the model.
    let renderer: EventRenderer
    let rules: [AlarmRule]
    /// Static facts per enterprise (catalog), completed with live ones by `assess`.
    let staticFacts: [RiskFacts]
    var enterprises: [EnterpriseLive]
    /// Milliseconds observed per hour, for every enterprise alike.
    var observed = HourRing<Millis>(zero: 0)
    /// The latest time seen.
    public private(set) var clock: Millis
    /// What `changedAssessments` last returned per enterprise.
    var lastReported: [RiskAssessment?]

    /// A tracker for the engine's catalog, starting at `start`. Alarms the engine holds active (after a
    /// restore) are picked up as active from `start`; unacknowledged critical ones keep their activation time.
    public init(engine: AlarmEngine, settings: RiskSettings = RiskSettings(), start: Millis) {
        self.settings = settings
        renderer = EventRenderer(engine: engine)
        rules = engine.rules
        clock = start
        let model = engine.model
        staticFacts = Self.staticFacts(model)
        enterprises = Array(repeating: EnterpriseLive(), count: model.enterprises.count)
        lastReported = Array(repeating: nil, count: model.enterprises.count)
        for index in 0..<engine.alarmCount {
            let life = engine.lifecycle(index)
            guard life.state != .normal else { continue }
            let event = AlarmEvent(
                seq: 0, alarm: Int32(index), enterprise: rules[index].enterprise, transition: .activate,
                state: life.state, flags: life.flags, ts: start, activatedAt: life.activatedAt, value: .nan, limit: .nan
            )
            apply(event, at: start)
        }
    }

    /// The model the tracker scores.
    public var model: EngineModel { renderer.model }

    // MARK: Inputs

    /// Moves the clock forward (never back); the time between counts as observed.
    public mutating func advance(to now: Millis) {
        guard now > clock else { return }
        Hours.split(from: clock, to: now) { hour, ms in observed.update(hour: hour) { $0 += ms } }
        clock = now
    }

    /// Takes one engine event into account (advancing the clock to its time first).
    public mutating func record(_ event: AlarmEvent) {
        advance(to: event.ts)
        apply(event, at: event.ts)
    }

    /// Sets the number of overdue inspection tasks of an enterprise (from the inspection module).
    public mutating func setOverdueInspections(_ count: Int, enterprise: Int) {
        Self.check(enterprise, count: enterprises.count)
        enterprises[enterprise].overdueInspections = max(0, count)
    }

    /// Sets the number of confirmed findings of an enterprise (from the inspection module).
    public mutating func setConfirmedFindings(_ count: Int, enterprise: Int) {
        Self.check(enterprise, count: enterprises.count)
        enterprises[enterprise].confirmedFindings = max(0, count)
    }

    /// Enterprise indices are dense catalog positions; any other is a programming error, not input.
    private static func check(_ enterprise: Int, count: Int) {
        precondition(enterprise >= 0 && enterprise < count, "enterprise index \(enterprise) is not in 0..<\(count)")
    }

    private mutating func apply(_ event: AlarmEvent, at ts: Millis) {
        guard event.alarm >= 0, Int(event.alarm) < rules.count else { return }
        let rule = rules[Int(event.alarm)]
        let e = Int(rule.enterprise)
        let visible = event.state.isActive && event.flags.isDisjoint(with: .hidden)
        switch rule.condition {
        case .STALE, .BAD:
            let offline = event.state.isActive && event.flags.isDisjoint(with: [.suppressed, .outOfService])
            enterprises[e].setOffline(offline, tag: rule.tag, isStale: rule.condition == .STALE, at: ts)
        default:
            let rank = rule.priority.rank
            if event.transition == .activate, event.flags.contains(.annunciated) {
                enterprises[e].buckets.update(hour: Hours.of(ts)) { $0.activations[rank] &+= 1 }
            }
            if visible {
                if enterprises[e].activeSince[event.alarm] == nil { enterprises[e].activeSince[event.alarm] = ts }
            } else if let since = enterprises[e].activeSince.removeValue(forKey: event.alarm) {
                Hours.split(from: since, to: ts) { hour, ms in
                    enterprises[e].buckets.update(hour: hour) { $0.activeMillis[rank] += ms }
                }
            }
        }
        if rule.priority == .critical, event.state == .unack, event.flags.isDisjoint(with: .hidden) {
            if enterprises[e].unackedSince[event.alarm] == nil {
                enterprises[e].unackedSince[event.alarm] =
                    event.activatedAt == AlarmEvent.never ? ts : event.activatedAt
            }
        } else {
            enterprises[e].unackedSince[event.alarm] = nil
        }
    }

    // MARK: Assessment

    /// The assessment of enterprise `enterprise` (dense index) at `now` (≥ the last event's time).
    public func assess(enterprise: Int, at now: Millis) -> RiskAssessment {
        Self.check(enterprise, count: enterprises.count)
        let spec = model.enterprises[enterprise]
        return RiskModel.assess(
            facts(enterprise: enterprise, at: now), settings: settings, enterprise: spec.id, name: spec.name,
            index: enterprise, at: now)
    }

    /// Every enterprise's assessment at `now`, in catalog order.
    public func assessAll(at now: Millis) -> [RiskAssessment] {
        (0..<enterprises.count).map { assess(enterprise: $0, at: now) }
    }

    /// The assessments whose grade or score changed since this was last called (all of them the
    /// first time, and after a restore), so the service publishes only what changed. Call it after
    /// each batch of events and at least every minute: live factors change with time alone.
    /// Moves the clock to `now` first, like `advance(to:)`.
    public mutating func changedAssessments(at now: Millis) -> [RiskAssessment] {
        advance(to: now)
        var changed: [RiskAssessment] = []
        for e in 0..<enterprises.count {
            let assessment = assess(enterprise: e, at: now)
            if let last = lastReported[e], !assessment.differs(from: last) { continue }
            lastReported[e] = assessment
            changed.append(assessment)
        }
        return changed
    }

    /// The facts the model reads for one enterprise at `now`: static ones plus the live windows.
    public func facts(enterprise e: Int, at now: Millis) -> RiskFacts {
        var facts = staticFacts[e]
        let live = enterprises[e]
        facts.overdueInspections = live.overdueInspections
        facts.confirmedFindings = live.confirmedFindings
        facts.activity24h = activity(live, hours: 24, at: now)
        facts.activity7d = activity(live, hours: 168, at: now)

        let dqHours = max(1, settings.dataQuality.window / Hours.millis)
        let start = Hours.windowStart(now, hours: dqHours)
        var observedMs: Millis = 0
        observed.forEach(from: Hours.of(start), through: Hours.of(now)) { observedMs += $0 }
        if now > clock { observedMs += Hours.clipped(from: clock, to: now, windowStart: start) }
        var offline: Millis = 0
        live.buckets.forEach(from: Hours.of(start), through: Hours.of(now)) { offline += $0.offlineMillis }
        for health in live.tagHealth.values where health.isOffline {
            offline += Hours.clipped(from: health.since, to: now, windowStart: start)
        }
        facts.dataQuality.observedMillis = observedMs
        facts.dataQuality.offlineTagMillis = min(offline, Millis(facts.dataQuality.tags) * observedMs)

        if let longest = live.unackedSince.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            facts.unackedCritical = UnackedCritical(
                alarm: renderer.alarmID(Int(longest.key)), duration: max(0, now - longest.value))
        }
        return facts
    }

    private func activity(_ live: EnterpriseLive, hours: Int64, at now: Millis) -> AlarmActivity {
        let start = Hours.windowStart(now, hours: hours)
        var activations = SIMD4<UInt32>.zero
        var active = SIMD4<Int64>.zero
        live.buckets.forEach(from: Hours.of(start), through: Hours.of(now)) {
            activations &+= $0.activations
            active &+= $0.activeMillis
        }
        for (alarm, since) in live.activeSince {
            active[rules[Int(alarm)].priority.rank] += Hours.clipped(from: since, to: now, windowStart: start)
        }
        return AlarmActivity(
            activations: (0..<4).map { Int(activations[$0]) }, activeMillis: (0..<4).map { active[$0] })
    }

    /// Catalog facts: hazard grades (given, else from R), standardization, credit, record, tag count.
    static func staticFacts(_ model: EngineModel) -> [RiskFacts] {
        var facts: [RiskFacts] = model.enterprises.map { spec in
            var f = RiskFacts()
            f.standardization = spec.standardization
            f.credit = spec.credit
            f.accidents12m = spec.accidents12m
            f.penalties12m = spec.penalties12m
            return f
        }
        for source in model.hazardSources {
            facts[source.enterprise].hazardSources += 1
            guard let grade = source.grade ?? source.rValue.map(HazardGrade.grade(forR:)) else { continue }
            facts[source.enterprise].gradedHazardSources += 1
            if grade < (facts[source.enterprise].worstGrade ?? 5) {
                facts[source.enterprise].worstGrade = grade
                facts[source.enterprise].worstSource = source.id
            }
        }
        for tag in model.tags where !tag.outOfService { facts[tag.enterprise].dataQuality.tags += 1 }
        return facts
    }
}

/// The live state of one enterprise.
struct EnterpriseLive: Sendable {
    var buckets = HourRing<RiskBucket>(zero: RiskBucket())
    /// Alarms active and visible, with the start of the open stretch (its time goes to the buckets when it ends).
    var activeSince: [Int32: Millis] = [:]
    /// Critical alarms active and unacknowledged, with their activation time.
    var unackedSince: [Int32: Millis] = [:]
    /// Tags with a `STALE` or `BAD` alarm counted as offline.
    var tagHealth: [Int32: TagHealth] = [:]
    var overdueInspections = 0
    var confirmedFindings = 0

    /// Records a tag's STALE or BAD going offline or back; the offline stretch goes to the buckets when it ends.
    mutating func setOffline(_ offline: Bool, tag: Int32, isStale: Bool, at ts: Millis) {
        var health = tagHealth[tag] ?? TagHealth(since: ts)
        let wasOffline = health.isOffline
        if isStale { health.stale = offline } else { health.bad = offline }
        if !wasOffline && health.isOffline { health.since = ts }
        if wasOffline && !health.isOffline {
            Hours.split(from: health.since, to: ts) { hour, ms in buckets.update(hour: hour) { $0.offlineMillis += ms }
            }
        }
        tagHealth[tag] = health.isOffline ? health : nil
    }
}

/// Why a tag is offline and since when.
struct TagHealth: Sendable, Hashable {
    var stale = false
    var bad = false
    var since: Millis

    var isOffline: Bool { stale || bad }
}
