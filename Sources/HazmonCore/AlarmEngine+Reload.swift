extension AlarmEngine {
    /// Hot reload: an engine built from `newModel` (same clock mode) that continues this one's
    /// state by identity (`restore(_:)` documents what carries over), plus the events the change
    /// itself causes.
    ///
    /// For each alarm of this engine whose identity the new model lacks and whose state is not
    /// `normal`, one `clear` event is appended to `events`, stamped `ts`, with `seq` continuing
    /// this engine's (the new engine's `nextSeq` follows them). The event describes the alarm as
    /// it was: state `normal` after the clear, its overlays, `activatedAt`, last value and
    /// limit, and **`alarm` and `enterprise` are this (old) engine's indexes**: render these
    /// events with the old engine's `EventRenderer`, before switching renderers. Removed alarms
    /// that were `normal` go silently. An enterprise that disappears takes its flood with it
    /// silently.
    ///
    /// Catalog changes of `maintenance`/`out_of_service` are not applied here (their events
    /// belong to the new renderer): call `applyOverlayChanges(from:at:into:)` on the new engine.
    public func reloaded(with newModel: EngineModel, at ts: Millis, into events: inout [AlarmEvent])
        -> (engine: AlarmEngine, report: StateTransferReport)
    {
        var engine = AlarmEngine(model: newModel, clockMode: clockMode)
        let report = engine.restore(snapshot())
        let gone = Set(report.removed.lazy.filter { $0.lifecycle.state != .normal }.map(\.identity))
        guard !gone.isEmpty else { return (engine, report) }
        var seq = nextSeq
        for a in rules.indices where lifecycles[a].state != .normal && gone.contains(identity(ofAlarm: a)) {
            let lifecycle = lifecycles[a]
            let rule = rules[a]
            let limit: Double =
                switch rule.condition {
                case .HH, .H, .L, .LL, .ROC, .WINDOW, .VOTE: rule.limit
                default: .nan
                }
            events.append(AlarmEvent(
                seq: seq, alarm: Int32(a), enterprise: rule.enterprise, transition: .clear, state: .normal,
                flags: lifecycle.flags, ts: ts, activatedAt: lifecycle.activatedAt, value: currentValue(ofAlarm: a),
                limit: limit, shelvedUntil: lifecycle.shelvedUntil))
            seq &+= 1
        }
        engine.nextSeq = seq
        return (engine, report)
    }

    /// Applies the differences of this engine's catalog from `oldModel` in `out_of_service`
    /// (per tag id) and `maintenance` (per hazard source id) as operator actions would, with their
    /// events: for use right after `reloaded(with:at:into:)`, rendered with the new renderer.
    /// Tags and hazard sources new to the catalog already start with the catalog's setting.
    /// Returns the number of alarms that changed.
    @discardableResult
    public mutating func applyOverlayChanges(from oldModel: EngineModel, at ts: Millis,
                                             into events: inout [AlarmEvent]) -> Int {
        var changed = 0
        var oldTags: [TagKey: Bool] = [:]
        for tag in oldModel.tags {
            oldTags[TagKey(enterprise: oldModel.enterprises[tag.enterprise].id, tag: tag.id)] = tag.outOfService
        }
        for (t, tag) in model.tags.enumerated() {
            let key = TagKey(enterprise: model.enterprises[tag.enterprise].id, tag: tag.id)
            if let was = oldTags[key], was != tag.outOfService {
                changed += (try? setOutOfService(tag: t, tag.outOfService, at: ts, into: &events)) ?? 0
            }
        }
        var oldSources: [TagKey: Bool] = [:]
        for source in oldModel.hazardSources {
            oldSources[TagKey(enterprise: oldModel.enterprises[source.enterprise].id, tag: source.id)] =
                source.maintenance
        }
        for (h, source) in model.hazardSources.enumerated() {
            let key = TagKey(enterprise: model.enterprises[source.enterprise].id, tag: source.id)
            if let was = oldSources[key], was != source.maintenance {
                changed += (try? setMaintenance(hazardSource: h, source.maintenance, at: ts, into: &events)) ?? 0
            }
        }
        return changed
    }
}
