import HazmonCore
import HazmonRisk
import Yams

/// Reads the `inspections` section of `Config/hazmon.yaml` into `InspectionSettings` (SPEC §7).
/// Every key is optional and keeps its SPEC §7 default; a wrong value is reported at its position
/// and leaves the default in place, so one `hazmon check` shows every problem.
enum InspectionConfigParser {
    static let keys = [
        "critical_alarm", "sustained_alarm", "repeated_alarms", "data_outage", "risk_escalation", "due",
        "max_evidence", "findings_window",
    ]
    static let criticalKeys = ["enabled"]
    static let sustainedKeys = ["enabled", "after", "min_priority"]
    static let repeatedKeys = ["enabled", "count", "within", "min_priority"]
    static let outageKeys = ["enabled", "after", "grades", "priority"]
    static let escalationKeys = ["enabled", "grade", "priority"]
    static let dueKeys = ["critical", "high", "medium"]

    /// Task priorities: due times exist for these three (SPEC §7), so a trigger's task cannot be `low`.
    static let taskPriorities: [(name: String, value: Priority)] = [
        ("critical", .critical), ("high", .high), ("medium", .medium),
    ]

    static func parse(_ node: Node, reader: NodeReader) -> InspectionSettings {
        var settings = InspectionSettings()
        guard let fields = reader.fields(node, what: "section 'inspections'", allowed: keys) else { return settings }

        if let node = fields["critical_alarm"],
            let trigger = reader.fields(node, what: "'critical_alarm' of section 'inspections'", allowed: criticalKeys)
        {
            settings.criticalAlarm.enabled = enabled(trigger, reader) ?? true
        }
        if let node = fields["sustained_alarm"],
            let trigger = reader.fields(node, what: "'sustained_alarm' of section 'inspections'", allowed: sustainedKeys)
        {
            var sustained = settings.sustainedAlarm
            sustained.enabled = enabled(trigger, reader) ?? sustained.enabled
            sustained.after = duration(trigger, "after", reader) ?? sustained.after
            sustained.minPriority =
                trigger["min_priority"].flatMap { reader.priority($0, what: trigger.field("min_priority"))?.value }
                ?? sustained.minPriority
            settings.sustainedAlarm = sustained
        }
        if let node = fields["repeated_alarms"],
            let trigger = reader.fields(node, what: "'repeated_alarms' of section 'inspections'", allowed: repeatedKeys)
        {
            var repeated = settings.repeatedAlarms
            repeated.enabled = enabled(trigger, reader) ?? repeated.enabled
            repeated.count =
                trigger["count"].flatMap { reader.integer($0, what: trigger.field("count"), in: 1...1_000)?.value }
                ?? repeated.count
            repeated.within = duration(trigger, "within", reader) ?? repeated.within
            repeated.minPriority =
                trigger["min_priority"].flatMap { reader.priority($0, what: trigger.field("min_priority"))?.value }
                ?? repeated.minPriority
            settings.repeatedAlarms = repeated
        }
        if let node = fields["data_outage"],
            let trigger = reader.fields(node, what: "'data_outage' of section 'inspections'", allowed: outageKeys)
        {
            var outage = settings.dataOutage
            outage.enabled = enabled(trigger, reader) ?? outage.enabled
            outage.after = duration(trigger, "after", reader) ?? outage.after
            outage.grades = trigger["grades"].flatMap { grades($0, what: trigger.field("grades"), reader) } ?? outage.grades
            outage.priority = taskPriority(trigger, reader) ?? outage.priority
            settings.dataOutage = outage
        }
        if let node = fields["risk_escalation"],
            let trigger = reader.fields(node, what: "'risk_escalation' of section 'inspections'", allowed: escalationKeys)
        {
            var escalation = settings.riskEscalation
            escalation.enabled = enabled(trigger, reader) ?? escalation.enabled
            escalation.grade =
                trigger["grade"].flatMap { node in
                    reader.choice(node, what: trigger.field("grade"),
                                  from: RiskGrade.allCases.map { ($0.rawValue, $0) })?.value
                } ?? escalation.grade
            escalation.priority = taskPriority(trigger, reader) ?? escalation.priority
            settings.riskEscalation = escalation
        }
        if let node = fields["due"],
            let due = reader.fields(node, what: "'due' of section 'inspections'", allowed: dueKeys)
        {
            settings.due.critical = duration(due, "critical", reader) ?? settings.due.critical
            settings.due.high = duration(due, "high", reader) ?? settings.due.high
            settings.due.medium = duration(due, "medium", reader) ?? settings.due.medium
        }
        settings.maxEvidence =
            fields["max_evidence"].flatMap { reader.integer($0, what: fields.field("max_evidence"), in: 2...10_000)?.value }
            ?? settings.maxEvidence
        settings.findingsWindow = duration(fields, "findings_window", reader) ?? settings.findingsWindow
        return settings
    }

    private static func enabled(_ fields: Fields, _ reader: NodeReader) -> Bool? {
        fields["enabled"].flatMap { reader.bool($0, what: fields.field("enabled"))?.value }
    }

    /// A positive duration: a zero period would fire on every activation or make every task overdue at once.
    private static func duration(_ fields: Fields, _ key: String, _ reader: NodeReader) -> Millis? {
        fields[key].flatMap { reader.duration($0, what: fields.field(key), positive: true)?.value }
    }

    private static func taskPriority(_ fields: Fields, _ reader: NodeReader) -> Priority? {
        fields["priority"].flatMap { reader.choice($0, what: fields.field("priority"), from: taskPriorities)?.value }
    }

    /// A non-empty list of GB 18218 grades 1–4 (to watch none, set `enabled: false`).
    private static func grades(_ node: Node, what: String, _ reader: NodeReader) -> Set<Int>? {
        guard let items = reader.list(node, what: what, of: "GB 18218 grades 1 to 4") else { return nil }
        guard !items.isEmpty else {
            reader.report("\(what) is empty; list grades 1 to 4, or set 'enabled: false' to turn the trigger off",
                          at: node)
            return nil
        }
        var grades: Set<Int> = []
        for item in items {
            guard let grade = reader.integer(item, what: "a grade in \(what)", in: 1...4) else { return nil }
            grades.insert(grade.value)
        }
        return grades
    }
}
