import HazmonCore

/// The alarm-quality report as JSON (`hazmon replay --report-json FILE`); keys in `docs/alarm-quality-report.md`.
public enum ReportJSON {
    /// One summary as a JSON object.
    public static func value(_ s: AlarmQualitySummary) -> JSONBuilder {
        let total = s.overall.annunciated
        let high = (s.priorities[.high] ?? 0) + (s.priorities[.critical] ?? 0)
        let shares: [(String, Int, Double)] = [
            ("low", s.priorities[.low] ?? 0, 0.80), ("medium", s.priorities[.medium] ?? 0, 0.15),
            ("high_critical", high, 0.05),
        ]
        return .object([
            ("start", .opt(s.start) { .string(Fmt.time($0)) }),
            ("end", .opt(s.end) { .string(Fmt.time($0)) }),
            ("hours", .number(s.hours)),
            ("periods_10min", .int(s.periods)),
            ("reference", .opt(s.reference) { .string(Fmt.time($0)) }),
            ("flood_threshold", .int(s.floodThreshold)),
            ("overall", load(s.overall)),
            ("enterprises", .array(s.enterprises.map { e in
                .object([("id", .string(e.id)), ("load", load(e.load)), ("flood_starts", .int(e.floodStarts))])
            })),
            ("not_annunciated", .object(HiddenReason.allCases.map { ($0.rawValue, .int(s.hidden[$0] ?? 0)) })),
            ("priorities", .object(Priority.allCases.reversed().map { ($0.rawValue, .int(s.priorities[$0] ?? 0)) })),
            ("priority_guideline", .array(shares.map { label, n, guide in
                .object([("group", .string(label)), ("count", .int(n)),
                         ("share", .number(total > 0 ? Double(n) / Double(total) : 0)), ("guideline", .number(guide))])
            })),
            ("bad_actors", .array(s.badActors.map { b in
                .object([("id", .string(b.id)), ("count", .int(b.count)), ("share", .number(b.share))])
            })),
            ("bad_actor_share", .number(s.badActorShare)),
            ("chattering", .array(s.chattering.map { c in
                .object([("id", .string(c.id)), ("episodes", .int(c.episodes)), ("annunciated", .int(c.annunciated)),
                         ("not_annunciated", .int(c.hiddenActivations))])
            })),
            ("standing", .array(s.standing.map { a in
                .object([("id", .string(a.id)), ("episodes", .int(a.episodes)),
                         ("longest_s", .number(Double(a.longest) / 1000))])
            })),
            ("active_at_end", .array(s.activeAtEnd.map { a in
                .object([("id", .string(a.id)), ("priority", .string(a.priority.rawValue)),
                         ("since", .string(Fmt.time(a.since))), ("duration_s", .number(Double(a.duration) / 1000))])
            })),
            ("alarms", .array(s.activity.map { a in
                .object([("id", .string(a.id)), ("activations", .int(a.activations)),
                         ("annunciated", .int(a.annunciated)), ("first", .string(Fmt.time(a.first))),
                         ("first_after_reference", .opt(a.firstAfter) { .string(Fmt.time($0)) }),
                         ("before_reference", .int(a.beforeReference))])
            })),
        ])
    }

    static func load(_ l: LoadFigures) -> JSONBuilder {
        .object([
            ("annunciated", .int(l.annunciated)),
            ("tags", .int(l.tags)),
            ("per_10min_avg", .number(l.per10MinAverage)),
            ("per_10min_peak", .int(l.per10MinPeak)),
            ("per_10min_peak_at", .opt(l.per10MinPeakAt) { .string(Fmt.time($0)) }),
            ("per_hour_avg", .number(l.perHourAverage)),
            ("per_hour_peak", .int(l.perHourPeak)),
            ("per_hour_peak_at", .opt(l.perHourPeakAt) { .string(Fmt.time($0)) }),
            ("flood_periods", .int(l.floodPeriods)),
            ("flood_share", .number(l.floodShare)),
            ("per_tag_per_day", .number(l.perTagPerDay)),
            ("national_per_tag_per_day", .number(ReportTable.nationalPerTagPerDay)),
            ("eemua_band", .string(l.band.rawValue)),
        ])
    }
}
