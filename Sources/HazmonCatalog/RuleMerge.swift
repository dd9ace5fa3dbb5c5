import HazmonCore

/// Lays a tag's own rule fields over its profile's, field by field.
///
/// Every leaf is taken from the tag if the tag states it, else from the profile: a tag's
/// `limits: {H: 80}` replaces the profile's H value but keeps the profile's HH, and the H's own
/// deadband, delays and priority if the profile gave them. Rule-level fields are then resolved
/// before tag-level defaults (`TagResolver`), so a profile's `HH: {on_delay: 0s}` (gas HH alarms at
/// once, SPEC §4) is not undone by a tag-level `on_delay: 10s` meant for H; the tag overrides it by
/// writing `limits: {HH: {on_delay: …}}`. For priorities the tag's `priorities:` map counts as the
/// tag's own statement and so beats a profile's rule-level `priority`.
enum RuleMerge {
    static func merged(_ own: RuleFields, over base: RuleFields) -> RuleFields {
        var result = RuleFields()
        for condition in Condition.limits {
            let mine = own.limits[condition]
            let theirs = base.limits[condition]
            guard let anchor = mine ?? theirs else { continue }
            result.limits[condition] = LimitFields(
                value: mine?.value ?? theirs?.value,
                deadband: mine?.deadband ?? theirs?.deadband,
                onDelay: mine?.onDelay ?? theirs?.onDelay,
                offDelay: mine?.offDelay ?? theirs?.offDelay,
                priority: mine?.priority ?? own.priorities[condition] ?? theirs?.priority,
                position: anchor.position,
                stated: (mine?.stated ?? []).union(theirs?.stated ?? []))
        }
        result.deadband = own.deadband ?? base.deadband
        result.onDelay = own.onDelay ?? base.onDelay
        result.offDelay = own.offDelay ?? base.offDelay
        result.alarmValue = own.alarmValue ?? base.alarmValue
        result.windowSamples = own.windowSamples ?? base.windowSamples
        result.priorities = base.priorities.merging(own.priorities) { _, mine in mine }
        result.stale = stale(own, base)
        result.frozen = frozen(own, base)
        result.roc = roc(own, base)
        result.window = window(own, base)
        result.bad = bad(own, base)
        return result
    }

    private static func stale(_ own: RuleFields, _ base: RuleFields) -> StaleFields? {
        guard let anchor = own.stale ?? base.stale else { return nil }
        return StaleFields(
            after: own.stale?.after ?? base.stale?.after,
            priority: own.stale?.priority ?? own.priorities[.STALE] ?? base.stale?.priority,
            position: anchor.position,
            stated: (own.stale?.stated ?? []).union(base.stale?.stated ?? []))
    }

    private static func frozen(_ own: RuleFields, _ base: RuleFields) -> FrozenFields? {
        guard let anchor = own.frozen ?? base.frozen else { return nil }
        return FrozenFields(
            after: own.frozen?.after ?? base.frozen?.after,
            epsilon: own.frozen?.epsilon ?? base.frozen?.epsilon,
            priority: own.frozen?.priority ?? own.priorities[.FROZEN] ?? base.frozen?.priority,
            position: anchor.position,
            stated: (own.frozen?.stated ?? []).union(base.frozen?.stated ?? []))
    }

    private static func roc(_ own: RuleFields, _ base: RuleFields) -> RocFields? {
        guard let anchor = own.roc ?? base.roc else { return nil }
        let mine = own.roc
        let theirs = base.roc
        return RocFields(
            max: mine?.max ?? theirs?.max,
            per: mine?.per ?? theirs?.per,
            direction: mine?.direction ?? theirs?.direction,
            onDelay: mine?.onDelay ?? theirs?.onDelay,
            offDelay: mine?.offDelay ?? theirs?.offDelay,
            priority: mine?.priority ?? own.priorities[.ROC] ?? theirs?.priority,
            position: anchor.position,
            stated: (mine?.stated ?? []).union(theirs?.stated ?? []))
    }

    private static func window(_ own: RuleFields, _ base: RuleFields) -> WindowFields? {
        guard let anchor = own.window ?? base.window else { return nil }
        let mine = own.window
        let theirs = base.window
        return WindowFields(
            function: mine?.function ?? theirs?.function,
            over: mine?.over ?? theirs?.over,
            // The limit's key and value go together: a tag's `L: 5` replaces a profile's `H: 20` whole.
            limit: mine?.limit ?? theirs?.limit,
            deadband: mine?.deadband ?? theirs?.deadband,
            onDelay: mine?.onDelay ?? theirs?.onDelay,
            offDelay: mine?.offDelay ?? theirs?.offDelay,
            priority: mine?.priority ?? own.priorities[.WINDOW] ?? theirs?.priority,
            position: anchor.position,
            stated: (mine?.stated ?? []).union(theirs?.stated ?? []))
    }

    private static func bad(_ own: RuleFields, _ base: RuleFields) -> BadFields? {
        guard let anchor = own.bad ?? base.bad else { return nil }
        return BadFields(
            onDelay: own.bad?.onDelay ?? base.bad?.onDelay,
            offDelay: own.bad?.offDelay ?? base.bad?.offDelay,
            priority: own.bad?.priority ?? own.priorities[.BAD] ?? base.bad?.priority,
            position: anchor.position)
    }
}
