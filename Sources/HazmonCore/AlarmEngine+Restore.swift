extension AlarmEngine {
    /// Applies a snapshot to this engine, freshly built from a model that may differ from the one
    /// the snapshot was taken under. State goes to the entity with the same identity:
    ///
    /// - Clock, `nextSeq` and `windowOverflows` are taken over as they are.
    /// - A tag (enterprise id, tag id) keeps its sample history whatever its rules became: last
    ///   time and value, `FROZEN` reference, and its `ROC`/`WINDOW` ring (the newest samples that
    ///   fit a smaller ring; none if it no longer has one). The new catalog's windows apply from
    ///   the next sample.
    /// - An alarm (tag, condition) that still exists keeps its lifecycle (state, overlays, shelve,
    ///   chatter history). If its rule's definition is unchanged (`EngineSnapshot.Alarm.definition`)
    ///   its delay tracker moves over too (`carried`); otherwise tracking restarts from the
    ///   lifecycle: active if the alarm is active, with no pending on- or off-delay period, so the
    ///   new limit and delays apply from the next sample (`reset`).
    /// - The snapshot's overlays win over the catalog's `maintenance`/`out_of_service` for alarms
    ///   it knows (they may have been changed by operators since); new alarms get the catalog's.
    ///   `applyOverlayChanges(from:at:into:)` applies a changed catalog with events.
    /// - A vote keeps its lifecycle; its count is recounted from its members. If `k` or the
    ///   members changed and count and state now disagree, the vote falls in line at its next
    ///   member change.
    /// - An enterprise keeps its flood state; with a smaller `flood_threshold` only the newest
    ///   activations are kept.
    /// - Timers are re-armed from the state under the new catalog: `STALE` at last heard + the
    ///   new `after` (a `STALE` rule added to a never-heard tag counts from the snapshot's
    ///   watermark), shelve expiry, chatter clearing at the last return + `chatterClearAfter`,
    ///   flood end.
    ///
    /// Alarms of identities the engine lacks are returned in `removed` with their lifecycle; no
    /// event is written (`reloaded(with:at:into:)` writes `clear` events for a hot reload).
    /// - Precondition: the engine has not run: no sample, no clock move, no shelve. Restoring into
    ///   a running engine would mix two histories.
    @discardableResult
    public mutating func restore(_ snapshot: EngineSnapshot) -> StateTransferReport {
        precondition(
            watermark == .min && timers.isEmpty && storage.runtime.allSatisfy { $0.lastTs == .min },
            "restore(_:) needs a freshly built engine that has processed nothing")
        makeStorageUnique()
        watermark = snapshot.watermark
        nextSeq = snapshot.nextSeq
        windowOverflows = snapshot.windowOverflows

        var enterpriseIndex: [String: Int] = [:]
        for (e, enterprise) in model.enterprises.enumerated() where enterpriseIndex[enterprise.id] == nil {
            enterpriseIndex[enterprise.id] = e
        }
        for enterprise in snapshot.enterprises {
            if let e = enterpriseIndex[enterprise.id] { restoreFlood(enterprise, into: e) }
        }

        var report = StateTransferReport()
        var restored = Array(repeating: false, count: rules.count)
        var tagIndex = IdentityMatcher(model.tags.map { TagKey(enterprise: model.enterprises[$0.enterprise].id, tag: $0.id) })
        for tag in snapshot.tags {
            guard let t = tagIndex.take(TagKey(enterprise: tag.enterprise, tag: tag.id)) else {
                for alarm in tag.alarms {
                    report.removed.append(.init(
                        identity: AlarmIdentity(enterprise: tag.enterprise, subject: tag.id, condition: alarm.condition),
                        lifecycle: alarm.lifecycle))
                }
                continue
            }
            restoreHistory(tag, into: t)
            for alarm in tag.alarms {
                if let a = self.alarm(tag: t, condition: alarm.condition) {
                    restoreAlarm(alarm, into: a, report: &report)
                    restored[a] = true
                } else {
                    report.removed.append(.init(
                        identity: AlarmIdentity(enterprise: tag.enterprise, subject: tag.id, condition: alarm.condition),
                        lifecycle: alarm.lifecycle))
                }
            }
        }
        var voteIndex = IdentityMatcher(model.votes.map { TagKey(enterprise: model.enterprises[$0.enterprise].id, tag: $0.id) })
        for vote in snapshot.votes {
            if vote.alarm.condition == .VOTE, let v = voteIndex.take(TagKey(enterprise: vote.enterprise, tag: vote.id)) {
                restoreAlarm(vote.alarm, into: voteAlarmBase + v, report: &report)
                restored[voteAlarmBase + v] = true
            } else {
                report.removed.append(.init(
                    identity: AlarmIdentity(enterprise: vote.enterprise, subject: vote.id, condition: .VOTE),
                    lifecycle: vote.alarm.lifecycle))
            }
        }
        report.added = restored.count(where: { !$0 })

        // STALE's mirror flag follows its lifecycle (also for a tag that lost or gained the rule).
        for t in 0..<tagCount {
            let stale = storage.layouts[t].stale
            storage.runtime[t].staleActive = stale >= 0 && lifecycles[Int(stale)].state.isActive
        }
        recountVotes()
        rearmTimers(staleBase: snapshot.watermark)
        return report
    }

    /// Replaces alarm `index`'s lifecycle with one from the alarm journal (newer than the
    /// checkpoint restored before), keeping the rest of the engine consistent, without events:
    ///
    /// - Chatter history: a lifecycle without one (journal lifecycles, built with the public
    ///   initializer) takes the engine's, plus its own activation if newer.
    /// - Delay tracking: if the lifecycle's activity differs from the tracker's, tracking restarts
    ///   from the lifecycle (no pending period). `STALE` follows it too: a `STALE` alarm set
    ///   inactive waits for last heard + `after` again, from the checkpoint's last heard.
    /// - Timers: a shelve expiry and a chatter clearing are armed as the lifecycle needs them.
    /// - Votes it is a member of are recounted; flood history is not touched (journal
    ///   activations were counted before the restart).
    public mutating func setLifecycle(_ lifecycle: AlarmLifecycle, ofAlarm a: Int) throws(OperatorRefusal) {
        guard rules.indices.contains(a) else { throw .unknownAlarm(a) }
        makeStorageUnique()
        let counted = countsForVotes(a)
        var merged = lifecycle
        merged.adoptChatterHistory(from: lifecycles[a])
        lifecycles[a] = merged
        let active = merged.state.isActive
        let rule = rules[a]
        if Self.usesTracker(rule.condition), storage.rows[a].tracker.isActive != active {
            storage.rows[a].tracker = DelayTracker(isActive: active)
        }
        if rule.condition == .STALE {
            let t = Int(rule.tag)
            storage.runtime[t].staleActive = active
            if active {
                storage.runtime[t].staleDeadline = .max  // armed entries no longer match: ignored
            } else {
                armStale(tag: t, staleBase: watermark)
            }
        }
        armLifecycleTimers(a)
        if countsForVotes(a) != counted, a < voteAlarmBase {
            for link in Int(voteLinkStart[a])..<Int(voteLinkStart[a + 1]) {
                voteCounts[Int(voteLinks[link])] += counted ? -1 : 1
            }
        }
    }

    /// Conditions whose activity lives in the delay tracker (the others keep it idle).
    static func usesTracker(_ condition: Condition) -> Bool {
        switch condition {
        case .HH, .H, .L, .LL, .ROC, .WINDOW, .DISCRETE, .BAD: true
        case .STALE, .FROZEN, .VOTE, .FLOOD: false
        }
    }

    private mutating func restoreAlarm(_ alarm: EngineSnapshot.Alarm, into a: Int, report: inout StateTransferReport) {
        lifecycles[a] = alarm.lifecycle
        if alarm.definition == definition(ofAlarm: a) {
            storage.rows[a].tracker = alarm.tracker
            report.carried += 1
        } else {
            storage.rows[a].tracker =
                Self.usesTracker(rules[a].condition) ? DelayTracker(isActive: alarm.lifecycle.state.isActive) : DelayTracker()
            report.reset += 1
        }
    }

    private mutating func restoreHistory(_ tag: EngineSnapshot.Tag, into t: Int) {
        let layout = storage.layouts[t]
        var runtime = TagRuntime()
        runtime.lastTs = tag.lastTs
        runtime.lastHeard = tag.lastHeard
        runtime.lastValue = tag.lastValue
        runtime.frozenReference = tag.frozenReference
        runtime.frozenReferenceTs = tag.frozenReferenceTs
        runtime.frozenCount = tag.frozenCount
        let kept = tag.ring.suffix(Int(layout.ringCapacity))
        for (i, sample) in kept.enumerated() {
            storage.ring[Int(layout.ringOffset) + i] = RingEntry(ts: sample.ts, value: sample.value)
        }
        runtime.ringHead = 0
        runtime.ringCount = Int32(kept.count)
        storage.runtime[t] = runtime
    }

    private mutating func restoreFlood(_ enterprise: EngineSnapshot.Enterprise, into e: Int) {
        let slots = model.policy.floodThreshold + 1
        let kept = enterprise.floodActivations.suffix(slots)
        for (i, ts) in kept.enumerated() { floodTimes[e * slots + i] = ts }
        floodHead[e] = 0
        floodCount[e] = Int32(kept.count)
        inFlood[e] = enterprise.inFlood
        floodEndsAt[e] = enterprise.inFlood ? enterprise.floodEndsAt : .max
    }

    /// Vote counts from the members' lifecycles (what `updateVotes` keeps them equal to).
    private mutating func recountVotes() {
        for v in voteCounts.indices { voteCounts[v] = 0 }
        for a in 0..<voteAlarmBase where countsForVotes(a) {
            for link in Int(voteLinkStart[a])..<Int(voteLinkStart[a + 1]) { voteCounts[Int(voteLinks[link])] += 1 }
        }
    }

    /// Builds the timer heap from the state. Entries the running engine would have held but that
    /// could no longer fire (superseded shelves, early flood and stale deadlines that re-arm
    /// themselves) are left out: they write no events.
    private mutating func rearmTimers(staleBase: Millis) {
        timers = TimerHeap()
        for t in 0..<tagCount where storage.layouts[t].stale >= 0 {
            storage.runtime[t].staleDeadline = .max
            if !storage.runtime[t].staleActive { armStale(tag: t, staleBase: staleBase) }
        }
        for a in rules.indices { armLifecycleTimers(a) }
        for e in inFlood.indices {
            floodTimerAt[e] = .max
            if inFlood[e] {
                floodTimerAt[e] = floodEndsAt[e]
                timers.push(Timer(deadline: floodEndsAt[e], kind: .floodEnd, index: Int32(e)))
            }
        }
    }

    /// Arms tag `t`'s stale deadline at last heard + `after`. A tag never heard counts from
    /// `staleBase` once the clock has started (before that, the first clock move arms it).
    mutating func armStale(tag t: Int, staleBase: Millis) {
        if storage.runtime[t].lastHeard == .min {
            guard staleBase != .min else { return }
            storage.runtime[t].lastHeard = staleBase
        }
        let due = storage.runtime[t].lastHeard + storage.layouts[t].staleAfter
        guard due != storage.runtime[t].staleDeadline else { return }
        storage.runtime[t].staleDeadline = due
        timers.push(Timer(deadline: due, kind: .stale, index: Int32(t)))
    }

    /// The shelve-expiry and chatter-clearing timers alarm `a`'s lifecycle needs.
    private mutating func armLifecycleTimers(_ a: Int) {
        let lifecycle = lifecycles[a]
        if lifecycle.flags.contains(.shelved) {
            timers.push(Timer(deadline: lifecycle.shelvedUntil, kind: .shelveExpiry, index: Int32(a)))
        }
        if lifecycle.flags.contains(.chattering), !lifecycle.state.isActive, lifecycle.returnedAt != AlarmEvent.never {
            timers.push(Timer(deadline: lifecycle.returnedAt + model.policy.chatterClearAfter, kind: .chatterClear,
                              index: Int32(a)))
        }
    }
}

/// A tag's or vote's identity within its kind: enterprise id and its own id.
struct TagKey: Hashable {
    var enterprise: String
    var tag: String
}

/// Matches snapshot entities to model entities by key. Catalogs keep ids unique per enterprise
/// (SPEC §2); should a model repeat one anyway, the n-th snapshot entity with a key goes to the
/// n-th model entity with it, so a restore into the same model is still exact.
struct IdentityMatcher {
    private var indexes: [TagKey: [Int]] = [:]
    private var used: [TagKey: Int] = [:]

    init(_ keys: [TagKey]) {
        indexes.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() { indexes[key, default: []].append(i) }
    }

    /// The next unused entity with `key`, if any.
    mutating func take(_ key: TagKey) -> Int? {
        guard let candidates = indexes[key] else { return nil }
        let n = used[key, default: 0]
        guard n < candidates.count else { return nil }
        used[key] = n + 1
        return candidates[n]
    }
}
