import HazmonCore
import HazmonRisk
import Yams

/// Reads the risk model's settings file (`risk: risk.yaml` in `hazmon.yaml`, SPEC §8) into
/// `RiskSettings`. Every key is optional (a missing one keeps the default, which equals the shipped
/// `Config/risk.yaml`); unknown keys and bad values are reported at their position.
struct RiskConfigParser {
    static let sections = ["grades", "inherent", "management", "record", "live", "force_red", "classes"]
    static let gradeKeys = ["blue", "yellow", "orange"]
    static let hazardKeys = ["1", "2", "3", "4", "ungraded"]
    static let standardizationKeys = ["1", "2", "3", "none"]
    static let creditKeys = ["normal", "red_list", "black_list"]
    static let managementKeys = ["standardization", "credit", "overdue_inspection", "confirmed_finding"]
    static let recordKeys = ["accident", "penalty"]
    static let liveKeys = ["priority_weights", "weight_per_active_hour", "activity_24h", "activity_7d", "data_quality"]
    static let perCountKeys = ["points", "max"]
    static let dataQualityKeys = ["target", "window", "points_per_percent", "max"]
    static let forceRedKeys = ["unacked_critical_after", "black_list", "accidents_12m"]
    static let classKeys = ["A", "B", "C", "D"]
    static let frequencyKeys = ["frequency", "per_year"]

    let reader: NodeReader

    /// The settings of `file`, or the defaults (after reporting) where it is broken.
    static func load(_ file: String, diagnostics: Diagnostics) -> RiskSettings {
        guard let root = YAMLSource.load(file, diagnostics: diagnostics, emptyIsMapping: true) else {
            return RiskSettings()
        }
        return RiskConfigParser(reader: NodeReader(file: file, diagnostics: diagnostics)).parse(root)
    }

    func parse(_ root: Node) -> RiskSettings {
        var s = RiskSettings()
        guard let fields = reader.fields(root, what: "the risk config", allowed: Self.sections) else { return s }
        if let node = fields["grades"] { grades(node, into: &s.bands) }
        if let node = fields["inherent"],
            let inherent = reader.fields(node, what: "section 'inherent'", allowed: ["hazard_grade"]),
            let grades = inherent["hazard_grade"]
        {
            table(grades, what: inherent.field("hazard_grade"), keys: Self.hazardKeys) { key, value in
                if let grade = Int(key) {
                    s.hazardGradePoints[grade - 1] = value
                } else {
                    s.ungradedHazardPoints = value
                }
            }
        }
        if let node = fields["management"] { management(node, into: &s) }
        if let node = fields["record"],
            let record = reader.fields(node, what: "section 'record'", allowed: Self.recordKeys)
        {
            perCount(record, "accident", into: &s.accident)
            perCount(record, "penalty", into: &s.penalty)
        }
        if let node = fields["live"] { live(node, into: &s) }
        if let node = fields["force_red"] { forceRed(node, into: &s.forceRed) }
        if let node = fields["classes"] { classes(node, into: &s.frequencies) }
        return s
    }

    // MARK: Sections

    /// Bands must be 0 < orange < yellow < blue ≤ 100, or some colour could never be given.
    private func grades(_ node: Node, into bands: inout RiskBands) {
        guard let fields = reader.fields(node, what: "section 'grades'", allowed: Self.gradeKeys) else { return }
        var proposed = bands
        if let v = score(fields, "blue") { proposed.blue = v }
        if let v = score(fields, "yellow") { proposed.yellow = v }
        if let v = score(fields, "orange") { proposed.orange = v }
        guard proposed.orange > 0, proposed.orange < proposed.yellow, proposed.yellow < proposed.blue else {
            reader.report(
                "grade bands must rise from orange to blue (0 < orange < yellow < blue ≤ 100); got orange "
                    + "\(proposed.orange.shortText), yellow \(proposed.yellow.shortText), "
                    + "blue \(proposed.blue.shortText)",
                at: node)
            return
        }
        bands = proposed
    }

    private func management(_ node: Node, into s: inout RiskSettings) {
        guard let fields = reader.fields(node, what: "section 'management'", allowed: Self.managementKeys) else {
            return
        }
        if let node = fields["standardization"] {
            table(node, what: fields.field("standardization"), keys: Self.standardizationKeys) { key, value in
                if let grade = Int(key) {
                    s.standardizationPoints[grade - 1] = value
                } else {
                    s.noStandardizationPoints = value
                }
            }
        }
        if let node = fields["credit"] {
            table(node, what: fields.field("credit"), keys: Self.creditKeys) { key, value in
                switch key {
                case "normal": s.creditPoints.normal = value
                case "red_list": s.creditPoints.redList = value
                default: s.creditPoints.blackList = value
                }
            }
        }
        perCount(fields, "overdue_inspection", into: &s.overdueInspection)
        perCount(fields, "confirmed_finding", into: &s.confirmedFinding)
    }

    private func live(_ node: Node, into s: inout RiskSettings) {
        guard let fields = reader.fields(node, what: "section 'live'", allowed: Self.liveKeys) else { return }
        if let node = fields["priority_weights"] {
            let keys = Priority.allCases.map(\.rawValue)
            table(node, what: fields.field("priority_weights"), keys: keys) { key, value in
                switch Priority(rawValue: key) {
                case .critical: s.priorityWeights.critical = value
                case .high: s.priorityWeights.high = value
                case .medium: s.priorityWeights.medium = value
                default: s.priorityWeights.low = value
                }
            }
        }
        if let v = points(fields, "weight_per_active_hour") { s.weightPerActiveHour = v }
        perCount(fields, "activity_24h", into: &s.activity24h)
        perCount(fields, "activity_7d", into: &s.activity7d)
        if let node = fields["data_quality"],
            let dq = reader.fields(node, what: fields.field("data_quality"), allowed: Self.dataQualityKeys)
        {
            if let node = dq["target"], let v = reader.number(node, what: dq.field("target")) {
                if v.value > 0 && v.value <= 100 {
                    s.dataQuality.targetPercent = v.value
                } else {
                    reader.report(
                        "\(dq.field("target")) is \(v.value.shortText); expected a percentage above 0, at most 100",
                        at: node)
                }
            }
            if let node = dq["window"], let v = reader.duration(node, what: dq.field("window"), positive: true) {
                if v.value % 3_600_000 == 0 && v.value <= 7 * 86_400_000 {
                    s.dataQuality.window = v.value
                } else {
                    reader.report(
                        "\(dq.field("window")) must be whole hours from 1h to 7d "
                            + "(the tracker keeps hourly buckets for 7 days)",
                        at: node)
                }
            }
            if let v = points(dq, "points_per_percent") { s.dataQuality.shortfall.points = v }
            if let v = points(dq, "max") { s.dataQuality.shortfall.max = v }
        }
    }

    private func forceRed(_ node: Node, into f: inout ForceRedSettings) {
        guard let fields = reader.fields(node, what: "section 'force_red'", allowed: Self.forceRedKeys) else { return }
        if let node = fields["unacked_critical_after"],
            let v = reader.duration(node, what: fields.field("unacked_critical_after"))
        {
            f.unackedCriticalAfter = v.value == 0 ? nil : v.value
        }
        if let node = fields["black_list"], let v = reader.bool(node, what: fields.field("black_list")) {
            f.blackList = v.value
        }
        if let node = fields["accidents_12m"],
            let v = reader.integer(node, what: fields.field("accidents_12m"), in: 0...1_000)
        {
            f.accidents12m = v.value == 0 ? nil : v.value
        }
    }

    private func classes(_ node: Node, into frequencies: inout [InspectionFrequency]) {
        guard let fields = reader.fields(node, what: "section 'classes'", allowed: Self.classKeys) else { return }
        for (index, key) in Self.classKeys.enumerated() {
            guard let node = fields[key],
                let entry = reader.fields(node, what: "class '\(key)'", allowed: Self.frequencyKeys)
            else { continue }
            if let node = entry["frequency"], let text = reader.text(node, what: entry.field("frequency")) {
                frequencies[index].text = text.value
            }
            if let node = entry["per_year"], let n = reader.integer(node, what: entry.field("per_year"), in: 0...365) {
                frequencies[index].perYear = n.value
            }
        }
    }

    // MARK: Values

    /// A mapping from the given keys to points.
    private func table(_ node: Node, what: String, keys: [String], set: (String, Double) -> Void) {
        guard let fields = reader.fields(node, what: what, allowed: keys) else { return }
        for key in keys { if let v = points(fields, key) { set(key, v) } }
    }

    /// `{points: N, max: M}`.
    private func perCount(_ fields: Fields, _ key: String, into rate: inout PerCount) {
        guard let node = fields[key],
            let entry = reader.fields(node, what: fields.field(key), allowed: Self.perCountKeys)
        else { return }
        if let v = points(entry, "points") { rate.points = v }
        if let v = points(entry, "max") { rate.max = v }
    }

    /// Points and weights: finite, not negative (a factor never adds to the score).
    private func points(_ fields: Fields, _ key: String) -> Double? {
        guard let node = fields[key], let v = reader.number(node, what: fields.field(key)) else { return nil }
        guard v.value >= 0 else {
            reader.report(
                "\(fields.field(key)) is \(v.value.shortText); points and weights cannot be negative", at: node)
            return nil
        }
        return v.value
    }

    /// A score band: 0–100.
    private func score(_ fields: Fields, _ key: String) -> Double? {
        guard let node = fields[key], let v = reader.number(node, what: fields.field(key)) else { return nil }
        guard v.value >= 0, v.value <= 100 else {
            reader.report("\(fields.field(key)) is \(v.value.shortText); expected a score from 0 to 100", at: node)
            return nil
        }
        return v.value
    }
}
