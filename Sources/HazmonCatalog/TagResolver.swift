import HazmonCore

/// Turns one tag draft and its profile into the engine's `TagSpec`: merges, applies defaults and
/// runs the checks that need the whole picture (kind, range, limit order, complete rules).
///
/// A rule that only the profile mentions and that is incomplete there (say `HH: {on_delay: 0s}` with
/// no value) is a template: it shapes the rule if the tag states one and creates nothing otherwise.
/// A rule the tag mentions must be complete once merged.
///
/// Problems caused by a profile value are reported on the catalog side (the tag, or the tag's range),
/// naming the profile and where it is defined; problems inside a profile alone were reported once
/// when the profile file was read.
struct TagResolver {
    let diagnostics: Diagnostics
    let windowSamples: Int

    struct Context {
        var tag: TagDraft
        var kind: TagKind
        var profile: Profile?
        var merged: RuleFields
        var name: String { "tag '\(tag.id.value)'" }

        /// Values written in the catalog file (not taken from the profile).
        func isOwn(_ position: SourcePosition) -> Bool { position.file == tag.id.position.file }

        var fromProfile: String {
            profile.map { " from profile '\($0.name)' (\($0.location))" } ?? ""
        }
    }

    func resolve(_ tag: TagDraft, kind: TagKind, profile: Profile?, enterprise: Int, hazardSource: Int) -> TagSpec {
        let merged = profile.map { RuleMerge.merged(tag.rules, over: $0.rules) } ?? tag.rules
        let context = Context(tag: tag, kind: kind, profile: profile, merged: merged)
        checkKind(context)

        var spec = TagSpec(
            id: tag.id.value, name: tag.name, enterprise: enterprise, hazardSource: hazardSource, kind: kind,
            unit: tag.unit, rangeLow: tag.range?.value.low, rangeHigh: tag.range?.value.high,
            windowCapacity: merged.windowSamples?.value ?? windowSamples, outOfService: tag.outOfService)
        spec.limits = limits(context)
        spec.roc = roc(context)
        spec.window = window(context)
        spec.stale = stale(context)
        spec.frozen = frozen(context)
        spec.discreteAlarmValue = merged.alarmValue?.value
        spec.discreteTiming = RuleTiming(
            onDelay: merged.onDelay?.value ?? 0, offDelay: merged.offDelay?.value ?? 0,
            priority: merged.priorities[.DISCRETE]?.value ?? DefaultPriorities.priority(for: .DISCRETE, kind: kind))
        spec.badTiming = RuleTiming(
            onDelay: merged.bad?.onDelay?.value ?? 0, offDelay: merged.bad?.offDelay?.value ?? 0,
            priority: merged.bad?.priority?.value ?? merged.priorities[.BAD]?.value
                ?? DefaultPriorities.priority(for: .BAD, kind: kind))
        return spec
    }

    // MARK: Kind

    /// Discrete tags alarm on a value; analog rules make no sense on them and `alarm_value` none on analog tags.
    private func checkKind(_ context: Context) {
        let own = context.tag.rules
        let merged = context.merged
        if context.kind == .discrete {
            let analog: [(String, SourcePosition?, Bool)] = [
                (
                    "limits", own.limits.values.map(\.position).min(by: Self.earlier),
                    merged.limits.values.contains { $0.value != nil }
                ),
                ("deadband", own.deadband?.position, false),
                ("range", context.tag.range?.position, false),
                ("roc", own.roc?.position, merged.roc?.max != nil && merged.roc?.per != nil),
                ("window", own.window?.position, merged.window?.limit != nil),
                ("frozen", own.frozen?.position, merged.frozen?.after != nil),
            ]
            for (key, position, fromProfile) in analog {
                if let position {
                    diagnostics.report(
                        "\(context.name) is discrete, so it cannot have '\(key)'; a discrete tag alarms on 'alarm_value'",
                        at: position)
                } else if fromProfile {
                    diagnostics.report(
                        "discrete \(context.name) gets '\(key)'\(context.fromProfile), which only analog tags can have; "
                            + "give the tag a profile for discrete tags or 'profile: none'",
                        at: context.tag.id.position)
                }
            }
        } else if let value = merged.alarmValue {
            let message =
                "'alarm_value'\(context.isOwn(value.position) ? "" : context.fromProfile) applies to discrete "
                + "tags only; \(context.name) is kind \(context.kind.rawValue)"
            diagnostics.report(message, at: context.isOwn(value.position) ? value.position : context.tag.id.position)
        }
    }

    // MARK: Limits

    private func limits(_ context: Context) -> [LimitRule] {
        guard context.kind != .discrete else { return [] }
        var rules: [LimitRule] = []
        var values: [Condition: Located<Double>] = [:]
        for condition in Condition.limits {
            guard let fields = context.merged.limits[condition] else { continue }
            guard let value = fields.value else {
                if let own = context.tag.rules.limits[condition], !fields.stated.contains("value") {
                    let profileNote = context.profile.map { " (profile '\($0.name)' gives none either)" } ?? ""
                    diagnostics.report(
                        "limit \(condition.rawValue) of \(context.name) has no value\(profileNote); write "
                            + "\(condition.rawValue): NUMBER or \(condition.rawValue): {value: NUMBER, …}",
                        at: own.position)
                }
                continue
            }
            values[condition] = value
            checkInRange(value, what: "limit \(condition.rawValue)", context)
            let timing = RuleTiming(
                onDelay: fields.onDelay?.value ?? context.merged.onDelay?.value ?? 0,
                offDelay: fields.offDelay?.value ?? context.merged.offDelay?.value ?? 0,
                priority: fields.priority?.value ?? context.merged.priorities[condition]?.value
                    ?? DefaultPriorities.priority(for: condition, kind: context.kind))
            rules.append(
                LimitRule(
                    condition: condition, value: value.value,
                    deadband: deadband(fields.deadband ?? context.merged.deadband, context), timing: timing))
        }
        for violation in LimitOrder.violations(values) {
            // Only pairs that involve the catalog: a profile's own disorder was reported at the profile.
            let position = [violation.position, violation.otherPosition].first(where: context.isOwn)
            guard let position else { continue }
            diagnostics.report(violation.message(owner: context.name), at: position)
        }
        return rules
    }

    private func checkInRange(_ value: Located<Double>, what: String, _ context: Context) {
        guard let range = context.tag.range, value.value < range.value.low || value.value > range.value.high else {
            return
        }
        if context.isOwn(value.position) {
            diagnostics.report(
                "\(what) (\(value.value.shortText)) of \(context.name) lies outside its range \(range.value.text); "
                    + "the instrument can never report it",
                at: value.position)
        } else {
            diagnostics.report(
                "\(what) (\(value.value.shortText))\(context.fromProfile) lies outside the range \(range.value.text) "
                    + "of \(context.name); set the limit on the tag or correct the range",
                at: range.position)
        }
    }

    /// Engineering units as they are, or a percentage of the tag's range span.
    private func deadband(_ spec: Located<DeadbandSpec>?, _ context: Context) -> Double {
        switch spec?.value {
        case nil: return 0
        case .units(let value)?: return value
        case .percentOfSpan(let percent)?:
            if let range = context.tag.range { return range.value.span * percent / 100 }
            let spec = spec!
            if context.isOwn(spec.position) {
                diagnostics.report(
                    "deadband \"\(percent.shortText)%\" of \(context.name) is a percentage of the range, but the tag "
                        + "has no range; add range: [low, high] or give the deadband in engineering units",
                    at: spec.position)
            } else {
                diagnostics.report(
                    "deadband \"\(percent.shortText)%\"\(context.fromProfile) is a percentage of the range, but "
                        + "\(context.name) has no range; add range: [low, high] to the tag",
                    at: context.tag.id.position)
            }
            return 0
        }
    }

    // MARK: Other rules

    /// Whether a merged rule has every required field; reports what a rule the tag states still lacks.
    ///
    /// Profile-only templates stay silent, and so do keys that were written with a bad value (`stated`):
    /// that value was already reported.
    private func complete(
        _ rule: String, own: SourcePosition?, required: [(key: String, parsed: Bool)], stated: Set<String>,
        _ context: Context
    ) -> Bool {
        guard required.contains(where: { !$0.parsed }) else { return true }
        let absent = required.filter { !$0.parsed && !stated.contains($0.key) }.map(\.key)
        if let own, !absent.isEmpty {
            let profileNote = context.profile.map { " (profile '\($0.name)' does not give it either)" } ?? ""
            let keys = absent.map { $0 == RuleFieldsParser.windowLimitKey ? "limit (\($0))" : "'\($0)'" }
                .joined(separator: ", ")
            diagnostics.report("'\(rule)' of \(context.name) has no \(keys)\(profileNote)", at: own)
        }
        return false
    }

    private func roc(_ context: Context) -> RocRule? {
        guard context.kind != .discrete, let fields = context.merged.roc else { return nil }
        let own = context.tag.rules.roc?.position
        let required = [("max", fields.max != nil), ("per", fields.per != nil)]
        guard complete("roc", own: own, required: required, stated: fields.stated, context),
            let max = fields.max, let per = fields.per
        else { return nil }
        return RocRule(
            max: max.value, per: per.value, direction: fields.direction?.value ?? .both,
            timing: timing(fields.onDelay, fields.offDelay, fields.priority, .ROC, context))
    }

    private func window(_ context: Context) -> WindowRule? {
        guard context.kind != .discrete, let fields = context.merged.window else { return nil }
        let own = context.tag.rules.window?.position
        let required = [
            ("fn", fields.function != nil), ("over", fields.over != nil),
            (RuleFieldsParser.windowLimitKey, fields.limit != nil),
        ]
        guard complete("window", own: own, required: required, stated: fields.stated, context),
            let function = fields.function, let over = fields.over, let limit = fields.limit
        else { return nil }
        checkInRange(
            Located(value: limit.value.value, position: limit.position),
            what: "window limit \(limit.value.condition.rawValue)",
            context)
        return WindowRule(
            function: function.value, over: over.value, limit: limit.value.value,
            isHigh: limit.value.condition.isHighLimit,
            deadband: deadband(fields.deadband ?? context.merged.deadband, context),
            timing: timing(fields.onDelay, fields.offDelay, fields.priority, .WINDOW, context))
    }

    private func stale(_ context: Context) -> StaleRule? {
        guard let fields = context.merged.stale else { return nil }
        let own = context.tag.rules.stale?.position
        guard complete("stale", own: own, required: [("after", fields.after != nil)], stated: fields.stated, context),
            let after = fields.after
        else { return nil }
        return StaleRule(
            after: after.value,
            priority: fields.priority?.value ?? context.merged.priorities[.STALE]?.value
                ?? DefaultPriorities.priority(for: .STALE, kind: context.kind))
    }

    /// `epsilon` defaults to 0: "frozen" then means exactly the same value, which is what a stuck
    /// transmitter or a dead gateway repeating its last reading produces.
    private func frozen(_ context: Context) -> FrozenRule? {
        guard context.kind != .discrete, let fields = context.merged.frozen else { return nil }
        let own = context.tag.rules.frozen?.position
        guard complete("frozen", own: own, required: [("after", fields.after != nil)], stated: fields.stated, context),
            let after = fields.after
        else { return nil }
        return FrozenRule(
            after: after.value, epsilon: fields.epsilon?.value ?? 0,
            priority: fields.priority?.value ?? context.merged.priorities[.FROZEN]?.value
                ?? DefaultPriorities.priority(for: .FROZEN, kind: context.kind))
    }

    /// A rule's own delays, else the tag-level ones; its own priority, else `priorities:`, else SPEC §4.
    private func timing(
        _ onDelay: Located<Millis>?, _ offDelay: Located<Millis>?, _ priority: Located<Priority>?,
        _ condition: Condition, _ context: Context
    ) -> RuleTiming {
        RuleTiming(
            onDelay: onDelay?.value ?? context.merged.onDelay?.value ?? 0,
            offDelay: offDelay?.value ?? context.merged.offDelay?.value ?? 0,
            priority: priority?.value ?? context.merged.priorities[condition]?.value
                ?? DefaultPriorities.priority(for: condition, kind: context.kind))
    }

    private static func earlier(_ a: SourcePosition, _ b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
