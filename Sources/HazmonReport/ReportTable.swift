import HazmonCore

/// The alarm-quality report as a readable text table (what `hazmon replay --report` prints).
public enum ReportTable {
    /// About 0.01 annunciated alarms per tag per day: what the national system's tuned sites reach (DOMAIN.md).
    public static let nationalPerTagPerDay = 0.01

    /// Renders a summary; lines have no trailing newline.
    public static func render(_ s: AlarmQualitySummary) -> String {
        var out: [String] = []
        guard let start = s.start, let end = s.end else {
            return "alarm-quality report: nothing replayed (no samples, no events)"
        }
        out.append("alarm-quality report (ISA-18.2 / EEMUA 191), event time \(Fmt.time(start)) .. \(Fmt.time(end))")
        out.append("  period: \(Fmt.fixed(s.hours, 1)) h = \(s.periods) ten-minute periods (UTC-aligned)")
        out.append("  counted: annunciated activations only; returns, acks, shelving etc. are not alarms")
        let o = s.overall
        let hidden = HiddenReason.allCases.map { "\(s.hidden[$0] ?? 0) \($0.rawValue.replacingUnderscores)" }
        out.append("  annunciated activations  \(o.annunciated)   (not annunciated: \(hidden.joined(separator: ", ")))")
        out.append(contentsOf: loadLines(o, periods: s.periods, threshold: s.floodThreshold, indent: "  "))
        if s.enterprises.count > 1 {
            out.append("  per enterprise (one operator each):")
            for e in s.enterprises {
                let l = e.load
                out.append("    \(Fmt.pad(e.id, 12)) \(Fmt.lpad(String(l.annunciated), 6)) annunciated  "
                    + "\(Fmt.fixed(l.perHourAverage, 2))/h (\(l.band.label))  peak \(l.per10MinPeak)/10 min  "
                    + "flood \(Fmt.percent(l.floodShare))  \(Fmt.fixed(l.perTagPerDay, 3))/tag/day  "
                    + "floods signalled \(e.floodStarts)")
            }
        } else if let e = s.enterprises.first {
            out.append("  floods signalled by the engine (sliding window): \(e.floodStarts)")
        }
        out.append("  priority distribution (annunciated; ISA-18.2 guideline ~80/15/5 %):")
        let total = o.annunciated
        let groups: [(String, Int, Double)] = [
            ("low", s.priorities[.low] ?? 0, 0.80), ("medium", s.priorities[.medium] ?? 0, 0.15),
            ("high+critical", (s.priorities[.high] ?? 0) + (s.priorities[.critical] ?? 0), 0.05),
        ]
        for (label, n, guide) in groups {
            let share = total > 0 ? Double(n) / Double(total) : 0
            var line = "    \(Fmt.pad(label, 14)) \(Fmt.lpad(String(n), 6))  \(Fmt.lpad(Fmt.percent(share), 8))"
                + "   guideline \(Fmt.percent(guide))"
            if label == "high+critical" { line += "   (critical \(s.priorities[.critical] ?? 0))" }
            out.append(line)
        }
        out.append("  top \(s.badActors.count) bad actors: \(Fmt.percent(s.badActorShare)) of the load "
            + "(the top 10 often make 20-80 %)")
        for (i, b) in s.badActors.enumerated() {
            out.append("    \(Fmt.lpad(String(i + 1), 2)). \(Fmt.pad(b.id, 36)) \(Fmt.lpad(String(b.count), 6))  "
                + Fmt.lpad(Fmt.percent(b.share), 8))
        }
        out.append("  chattering alarms (3+ activations in 60 s): \(s.chattering.count)")
        for c in s.chattering {
            out.append("    \(Fmt.pad(c.id, 36)) flagged \(c.episodes)x, \(c.annunciated) annunciated, "
                + "\(c.hiddenActivations) not annunciated")
        }
        out.append("  standing alarms (active over 24 h): \(s.standing.count)")
        for a in s.standing {
            out.append("    \(Fmt.pad(a.id, 36)) \(a.episodes)x, longest \(Fmt.duration(a.longest))")
        }
        out.append("  still active at the end: \(s.activeAtEnd.count)")
        for a in s.activeAtEnd {
            out.append("    \(Fmt.pad(a.id, 36)) \(Fmt.pad(a.priority.rawValue, 8)) since \(Fmt.time(a.since)) "
                + "(\(Fmt.duration(a.duration)))")
        }
        return out.joined(separator: "\n")
    }

    static func loadLines(_ l: LoadFigures, periods: Int, threshold: Int, indent: String) -> [String] {
        var out: [String] = []
        let peak10 = l.per10MinPeakAt.map { " at \(Fmt.time($0))" } ?? ""
        let peakHour = l.perHourPeakAt.map { " at \(Fmt.time($0))" } ?? ""
        out.append("\(indent)per 10 min               avg \(Fmt.fixed(l.per10MinAverage, 2))   peak \(l.per10MinPeak)\(peak10)")
        out.append("\(indent)per hour                 avg \(Fmt.fixed(l.perHourAverage, 2))   peak \(l.perHourPeak)\(peakHour)")
        out.append("\(indent)EEMUA 191 band           \(l.band.label) (avg <= 6/h acceptable, <= 12/h manageable)")
        out.append("\(indent)flood periods            \(l.floodPeriods) of \(periods) (\(Fmt.percent(l.floodShare))) "
            + "with > \(threshold) in 10 min")
        out.append("\(indent)alarms per tag per day   \(Fmt.fixed(l.perTagPerDay, 4)) over \(l.tags) tags "
            + "(tuned national figure ~\(nationalPerTagPerDay))")
        return out
    }
}

extension LoadBand {
    /// Words for the table.
    public var label: String {
        switch self {
        case .acceptable: "acceptable"
        case .manageable: "manageable"
        case .overDemanding: "over-demanding"
        }
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
