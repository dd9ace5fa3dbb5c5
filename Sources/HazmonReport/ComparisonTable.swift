import HazmonCore

/// A `CatalogComparison` as text (stdout) and JSON (`--report-json` with `--compare`).
public enum ComparisonTable {
    /// Headline figures side by side, then tags and alarms that fired in either replay.
    public static func render(_ c: CatalogComparison, baseName: String, otherName: String) -> String {
        var out = ["catalog comparison: A = \(baseName), B = \(otherName) (same input)"]
        let b = c.base, o = c.other
        func row(_ label: String, _ x: String, _ y: String) -> String {
            "  \(Fmt.pad(label, 30)) \(Fmt.lpad(x, 16)) \(Fmt.lpad(y, 16))"
        }
        out.append(row("", "A", "B"))
        out.append(row("annunciated activations", "\(b.overall.annunciated)", "\(o.overall.annunciated)"))
        out.append(row("all activations", "\(total(b))", "\(total(o))"))
        if let reference = b.reference {
            out.append(row("activations before reference", "\(before(b, reference))", "\(before(o, reference))"))
            out.append(row("activations from reference", "\(total(b) - before(b, reference))",
                           "\(total(o) - before(o, reference))"))
        }
        out.append(row("per hour avg", Fmt.fixed(b.overall.perHourAverage, 2), Fmt.fixed(o.overall.perHourAverage, 2)))
        out.append(row("per 10 min peak", "\(b.overall.per10MinPeak)", "\(o.overall.per10MinPeak)"))
        out.append(row("flood periods", Fmt.percent(b.overall.floodShare), Fmt.percent(o.overall.floodShare)))
        out.append(row("alarms per tag per day", Fmt.fixed(b.overall.perTagPerDay, 4),
                       Fmt.fixed(o.overall.perTagPerDay, 4)))
        out.append(row("top-10 share", Fmt.percent(b.badActorShare), Fmt.percent(o.badActorShare)))
        out.append(row("chattering alarms", "\(b.chattering.count)", "\(o.chattering.count)"))
        out.append(row("standing alarms (> 24 h)", "\(b.standing.count)", "\(o.standing.count)"))
        out.append(row("active at the end", "\(b.activeAtEnd.count)", "\(o.activeAtEnd.count)"))
        let (eb, eo) = c.earliest
        let firstLabel = b.reference != nil ? "first activation after ref" : "first activation"
        out.append(row(firstLabel, eb.map { sinceRef($0, b.reference) } ?? "none",
                       eo.map { sinceRef($0, b.reference) } ?? "none"))
        let firstHeader = b.reference != nil ? "first after reference (+h:mm)" : "first fire"
        out.append("  by tag (activations A -> B; \(firstHeader); B against A):")
        out.append(contentsOf: c.tags.map { line($0, reference: b.reference) })
        out.append("  by alarm:")
        out.append(contentsOf: c.alarms.map { line($0, reference: b.reference) })
        return out.joined(separator: "\n")
    }

    private static func line(_ r: CatalogComparison.Row, reference: Millis?) -> String {
        let first = { (t: Millis?) in t.map { sinceRef($0, reference) } ?? "-" }
        return "    \(Fmt.pad(r.key, 36)) \(Fmt.lpad(String(r.baseCount), 5)) -> \(Fmt.pad(String(r.otherCount), 5)) "
            + "\(Fmt.lpad(first(r.baseFirst), 24)) \(Fmt.lpad(first(r.otherFirst), 24))  \(r.change.label)"
    }

    /// An event time, or its offset from the reference (`+0:15`) when there is one.
    static func sinceRef(_ t: Millis, _ reference: Millis?) -> String {
        guard let reference else { return Fmt.time(t) }
        return "+" + Fmt.duration(t - reference)
    }

    static func total(_ s: AlarmQualitySummary) -> Int { s.activity.reduce(0) { $0 + $1.activations } }

    /// Activations (annunciated or not) before the reference time.
    static func before(_ s: AlarmQualitySummary, _ reference: Millis) -> Int {
        s.activity.reduce(0) { $0 + $1.beforeReference }
    }

    /// Both reports and the rows, for `--report-json`.
    public static func value(_ c: CatalogComparison, baseName: String, otherName: String) -> JSONBuilder {
        func rows(_ rows: [CatalogComparison.Row]) -> JSONBuilder {
            .array(rows.map { r in
                .object([
                    ("key", .string(r.key)), ("a_activations", .int(r.baseCount)),
                    ("b_activations", .int(r.otherCount)),
                    ("a_first", .opt(r.baseFirst) { .string(Fmt.time($0)) }),
                    ("b_first", .opt(r.otherFirst) { .string(Fmt.time($0)) }),
                    ("change", .string(r.change.name)),
                    ("shift_s", shift(r.change)),
                ])
            })
        }
        return .object([
            ("a", .object([("catalog", .string(baseName)), ("report", ReportJSON.value(c.base))])),
            ("b", .object([("catalog", .string(otherName)), ("report", ReportJSON.value(c.other))])),
            ("tags", rows(c.tags)),
            ("alarms", rows(c.alarms)),
        ])
    }

    private static func shift(_ change: CatalogComparison.FirstFire) -> JSONBuilder {
        switch change {
        case .same: .number(0)
        case .earlier(let d): .number(-Double(d) / 1000)
        case .later(let d): .number(Double(d) / 1000)
        default: .null
        }
    }
}
