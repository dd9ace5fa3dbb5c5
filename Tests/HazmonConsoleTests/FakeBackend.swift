import HazmonConsole
import HazmonCore
import HazmonIO

/// An in-memory backend that behaves like the service: acks and shelves change state and emit stream items
/// with increasing seq, invalid transitions are refused, every audit call is kept for assertions.
actor FakeBackend: ConsoleBackend {
    struct Alarm {
        var id: AlarmID
        var hazardSource: String
        var priority: Priority
        var state: AlarmState
        var shelvedUntil: Int64?
        var value: Double
        var limit: Double
        var unit: String
        var ts: Int64
        var activatedAt: Int64
        var transition = "activate"
        var actor: String?
        var reason: String?
    }

    struct Task {
        var id: String
        var enterprise: String
        var hazardSource: String
        var status: InspectionStatus
        var assignee: String?
        var findings: Findings?
        var overdue: Bool
    }

    struct AuditEntry: Sendable, Equatable {
        var actor: String
        var role: Role
        var action: String
        var target: String
        var outcome: AuditOutcome
    }

    static let maxShelve: Int64 = 12 * 3_600_000
    private(set) var alarmsByID: [String: Alarm] = [:]
    private(set) var tasks: [String: Task] = [:]
    private(set) var audits: [AuditEntry] = []
    private(set) var log: [StreamItem] = []
    private var seq: Int64 = 1000
    private var clock: Int64 = 1_784_097_737_250  // 2026-07-15T06:42:17.250Z
    private var subscribers: [AsyncStream<StreamItem>.Continuation] = []
    /// When true, `subscribe()` returns an already finished stream (the service stopping), so an SSE
    /// response ends after its backlog and a test can read it whole.
    var finishStreams = false
    var ready = Readiness.ready

    init(seeded: Bool = true) {
        guard seeded else { return }
        for alarm in [
            Alarm(id: .init(enterprise: "E-DEMO-01", tag: "V101.PT", condition: .HH), hazardSource: "HS01",
                  priority: .high, state: .unack, value: 1.612, limit: 1.6, unit: "MPa", ts: clock,
                  activatedAt: clock - 60_000),
            Alarm(id: .init(enterprise: "E-DEMO-01", tag: "GT102", condition: .H), hazardSource: "HS01",
                  priority: .medium, state: .ack, value: 27.4, limit: 25, unit: "%LEL", ts: clock + 48_000,
                  activatedAt: clock + 48_000),
            Alarm(id: .init(enterprise: "E-DEMO-02", tag: "T202.TT", condition: .HH), hazardSource: "HS02",
                  priority: .critical, state: .unack, value: 92.5, limit: 90, unit: "°C", ts: clock + 60_000,
                  activatedAt: clock + 60_000),
        ] {
            alarmsByID[alarm.id.description] = alarm
        }
        tasks["T-1"] = Task(id: "T-1", enterprise: "E-DEMO-01", hazardSource: "HS01", status: .open, overdue: false)
        tasks["T-2"] = Task(id: "T-2", enterprise: "E-DEMO-02", hazardSource: "HS02", status: .inProgress, overdue: true)
    }

    // MARK: test controls

    func setFinishStreams(_ on: Bool) { finishStreams = on }
    func setReady(_ r: Readiness) { ready = r }

    /// Emits an item as the service would (for SSE tests).
    func emit(_ type: StreamItemType, _ data: String) {
        seq += 1
        let item = StreamItem(seq: seq, type: type, data: data)
        log.append(item)
        for s in subscribers { s.yield(item) }
    }

    func alarm(_ id: String) -> Alarm? { alarmsByID[id] }

    // MARK: ConsoleBackend

    func alarms(matching f: AlarmFilter) -> [String] {
        alarmsByID.values.filter { a in
            (f.states?.contains(a.state) ?? true) && (f.priorities?.contains(a.priority) ?? true)
                && (f.conditions?.contains(a.id.condition) ?? true) && (f.enterprise.map { $0 == a.id.enterprise } ?? true)
                && (f.hazardSource.map { $0 == a.hazardSource } ?? true)
        }.map(render)
    }

    func acknowledge(alarm id: AlarmID, by actor: Actor, comment: String?) -> Result<String, AlarmRefusal> {
        guard var a = alarmsByID[id.description] else { return .failure(.unknownAlarm) }
        switch a.state {
        case .unack: a.state = .ack
        case .rtnUnack: a.state = .normal
        case .ack: return .failure(.invalidTransition("already acknowledged"))
        case .normal: return .failure(.invalidTransition("not active: nothing to acknowledge"))
        }
        return .success(change(&a, "ack", actor: actor))
    }

    func shelve(alarm id: AlarmID, by actor: Actor, reason: String, duration: Int64, comment: String?)
        -> Result<String, AlarmRefusal>
    {
        guard var a = alarmsByID[id.description] else { return .failure(.unknownAlarm) }
        guard duration <= Self.maxShelve else { return .failure(.shelveTooLong(maximum: Self.maxShelve)) }
        guard a.shelvedUntil == nil else { return .failure(.invalidTransition("already shelved")) }
        a.shelvedUntil = clock + duration
        a.reason = reason
        return .success(change(&a, "shelve", actor: actor))
    }

    func unshelve(alarm id: AlarmID, by actor: Actor, comment: String?) -> Result<String, AlarmRefusal> {
        guard var a = alarmsByID[id.description] else { return .failure(.unknownAlarm) }
        guard a.shelvedUntil != nil else { return .failure(.invalidTransition("not shelved")) }
        a.shelvedUntil = nil
        a.reason = nil
        return .success(change(&a, "unshelve", actor: actor))
    }

    func inspections(matching f: InspectionFilter) -> [String] {
        tasks.values.sorted { $0.id < $1.id }.filter { t in
            (f.statuses?.contains(t.status) ?? true) && (f.enterprise.map { $0 == t.enterprise } ?? true)
                && (f.hazardSource.map { $0 == t.hazardSource } ?? true) && (f.overdue.map { $0 == t.overdue } ?? true)
                && (f.assignee.map { $0 == t.assignee } ?? true)
        }.map(render)
    }

    func inspection(id: String) -> String? { tasks[id].map(render) }

    func updateInspection(id: String, _ u: InspectionUpdate, by actor: Actor) -> Result<String, InspectionRefusal> {
        guard var t = tasks[id] else { return .failure(.unknownTask) }
        if let next = u.status {
            let allowed: [InspectionStatus: [InspectionStatus]] = [
                .open: [.acknowledged, .inProgress, .cancelled], .acknowledged: [.inProgress, .cancelled],
                .inProgress: [.closed, .cancelled],
            ]
            guard allowed[t.status, default: []].contains(next) else {
                return .failure(.invalidTransition("cannot go from \(t.status.rawValue) to \(next.rawValue)"))
            }
            if next == .closed && u.findings == nil {
                return .failure(.invalidUpdate("closing needs findings {hazard_confirmed, note}"))
            }
            t.status = next
        }
        if let a = u.assignee { t.assignee = a }
        if let f = u.findings { t.findings = f }
        tasks[id] = t
        let json = render(t)
        emit(.inspection, json)
        return .success(json)
    }

    func enterprises() -> [EnterpriseSummary] {
        [EnterpriseSummary(id: "E-DEMO-01", name: "示范化工一厂", risk: risk("E-DEMO-01", score: 72.5, grade: "orange")),
         EnterpriseSummary(id: "E-DEMO-02", name: "Demo Storage Co.", risk: risk("E-DEMO-02", score: 93, grade: "blue"))]
    }

    func enterprise(id: String, historyLimit: Int) -> EnterpriseDetail? {
        guard let s = enterprises().first(where: { $0.id == id }) else { return nil }
        return EnterpriseDetail(summary: s, history: Array([risk(id, score: 80, grade: "yellow"), s.risk!].suffix(historyLimit)))
    }

    func tag(enterprise: String, tag: String, sampleLimit: Int) -> TagView? {
        guard enterprise == "E-DEMO-01", tag == "V101.PT" else { return nil }
        var samples: [TagSample] = []
        for i in 0..<60 {
            let wobble: Double = 0.004 * Double(i % 5 - 2)
            let value: Double = 1.45 + Double(i) * 0.0028 + wobble
            samples.append(TagSample(ts: clock - Int64(60 - i) * 10_000, value: value, quality: .good))
        }
        return TagView(
            enterprise: enterprise, tag: tag, kind: .pressure, unit: "MPa", value: 1.612, quality: .good, ts: clock,
            limits: [.HH: 1.6, .H: 1.5, .L: 0.2],
            activeAlarms: alarmsByID.values.filter { $0.id.tag == tag && $0.state.isActive }.map(render),
            samples: Array(samples.suffix(sampleLimit)))
    }

    func events(after seq: Int64) -> [StreamItem] { log.filter { $0.seq > seq } }

    func subscribe() -> AsyncStream<StreamItem> {
        let (stream, continuation) = AsyncStream<StreamItem>.makeStream()
        if finishStreams { continuation.finish() } else { subscribers.append(continuation) }
        return stream
    }

    func metrics() -> String { "# TYPE hazmon_samples_total counter\nhazmon_samples_total 42\n" }

    func readiness() -> Readiness { ready }

    var serviceStateChanges: [ServiceStateChange] = []
    func apply(_ change: ServiceStateChange, by actor: Actor) -> Result<[String], AlarmRefusal> {
        guard change.enterprise == "E-DEMO-01" else { return .failure(.unknownAlarm) }
        serviceStateChanges.append(change)
        return .success([])
    }

    var reloadRequests: [String] = []
    func requestReload(by actor: Actor) -> Bool {
        reloadRequests.append(actor.name)
        return true
    }

    func audit(actor: String, role: Role, action: String, target: String, outcome: AuditOutcome, details: String?) {
        audits.append(AuditEntry(actor: actor, role: role, action: action, target: target, outcome: outcome))
    }

    // MARK: rendering, in the §6 shape

    private func change(_ a: inout Alarm, _ transition: String, actor: Actor) -> String {
        clock += 1000
        a.ts = clock
        a.transition = transition
        a.actor = actor.label
        alarmsByID[a.id.description] = a
        let json = render(a)
        emit(.alarm, json)
        return json
    }

    private func render(_ a: Alarm) -> String {
        var o = "{\"seq\":\(seq + 1),\"id\":"
        JSONText.appendString(a.id.description, to: &o)
        o += ",\"enterprise\":\"\(a.id.enterprise)\",\"hazard_source\":\"\(a.hazardSource)\",\"tag\":\"\(a.id.tag)\""
        o += ",\"kind\":\"pressure\",\"condition\":\"\(a.id.condition.rawValue)\",\"priority\":\"\(a.priority.rawValue)\""
        o += ",\"color\":\"\(a.priority.color)\",\"transition\":\"\(a.transition)\",\"state\":\"\(a.state.name)\""
        o += ",\"active\":\(a.state.isActive),\"annunciated\":false,\"shelved\":\(a.shelvedUntil != nil)"
        o += ",\"suppressed\":false,\"out_of_service\":false,\"chattering\":false,\"value\":\(a.value),\"limit\":\(a.limit)"
        o += ",\"unit\":"
        JSONText.appendString(a.unit, to: &o)
        o += ",\"ts\":\"\(Timestamps.rfc3339(a.ts))\",\"activated_at\":\"\(Timestamps.rfc3339(a.activatedAt))\""
        if let until = a.shelvedUntil { o += ",\"shelved_until\":\"\(Timestamps.rfc3339(until))\"" }
        o += ",\"message\":"
        JSONText.appendString("\(a.id.tag) \(a.id.condition.rawValue): \(a.value) \(a.unit)", to: &o)
        if let r = a.reason { o += ",\"reason\":"; JSONText.appendString(r, to: &o) }
        if let actor = a.actor { o += ",\"actor\":"; JSONText.appendString(actor, to: &o) }
        return o + "}"
    }

    private func render(_ t: Task) -> String {
        var o = "{\"id\":\"\(t.id)\",\"enterprise\":\"\(t.enterprise)\",\"hazard_source\":\"\(t.hazardSource)\""
        o += ",\"trigger\":\"critical_alarm\",\"priority\":\"critical\",\"status\":\"\(t.status.rawValue)\""
        o += ",\"opened_at\":\"2026-07-15T06:42:17.250Z\",\"due_at\":\"2026-07-15T08:42:17.250Z\",\"overdue\":\(t.overdue)"
        o += ",\"assignee\":" + (t.assignee.map { "\"\($0)\"" } ?? "null") + ",\"findings\":"
        if let f = t.findings {
            o += "{\"hazard_confirmed\":\(f.hazardConfirmed),\"note\":"
            JSONText.appendString(f.note, to: &o)
            o += "}"
        } else {
            o += "null"
        }
        o += ",\"evidence\":[{\"alarm_id\":\"E-DEMO-01/V101.PT/HH\",\"ts\":\"2026-07-15T06:42:17.250Z\","
        o += "\"message\":\"V101.PT HH: 1.612 MPa >= 1.6 MPa\"}],\"evidence_count\":1,\"history\":[]"
        return o + ",\"updated_at\":\"2026-07-15T06:42:17.250Z\"}"
    }

    private func risk(_ id: String, score: Double, grade: String) -> String {
        let cls = ["red": ("A", "全面检查"), "orange": ("B", "重点抽查"), "yellow": ("C", "主动帮扶"), "blue": ("D", "无事不扰")][grade]!
        return """
            {"enterprise":"\(id)","enterprise_name":"\(id)","ts":"2026-07-15T06:45:00.000Z","score":\(score),\
            "grade":"\(grade)","class":"\(cls.0)","class_label":"\(cls.1)","inspection_frequency":"monthly",\
            "forced_red":[],"factors":[{"id":"inherent","group":"inherent","points":12,"explanation":"grade 2 hazard source HS01"},\
            {"id":"alarms_24h","group":"live","points":8.5,"explanation":"3 high alarms in 24 h"},\
            {"id":"overdue","group":"management","points":5,"explanation":"1 overdue inspection task"},\
            {"id":"standardization","group":"management","points":2,"explanation":"standardization grade 3"}]}
            """
    }
}
