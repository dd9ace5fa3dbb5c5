extension AlarmEngine {
    /// The process condition of alarm `a` became true: lifecycle, chatter, flood and votes follow.
    mutating func processActivate(_ a: Int, at ts: Millis, value: Double, into events: inout [AlarmEvent]) {
        let counted = countsForVotes(a)
        let activation = lifecycles[a].activate(at: ts, policy: model.policy)
        emit(a, .activate, at: ts, value: value, annunciated: activation.annunciated, into: &events)
        if activation.startedChattering { emit(a, .chatter, at: ts, value: value, into: &events) }
        if activation.annunciated { countForFlood(enterprise: Int(rules[a].enterprise), at: ts, into: &events) }
        syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
    }

    /// The process condition of alarm `a` cleared.
    mutating func processReturn(_ a: Int, at ts: Millis, value: Double, into events: inout [AlarmEvent]) {
        let counted = countsForVotes(a)
        lifecycles[a].returnToNormal(at: ts)
        emit(a, .return, at: ts, value: value, into: &events)
        if lifecycles[a].flags.contains(.chattering) {
            timers.push(Timer(deadline: ts + model.policy.chatterClearAfter, kind: .chatterClear, index: Int32(a)))
        }
        syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
    }

    /// A member counts towards its votes while its condition is active and no one has taken it
    /// out of consideration: a shelved, suppressed (maintenance, e.g. a detector being calibrated
    /// with test gas) or out-of-service alarm "triggers nothing" (SPEC §5), votes included.
    @inline(__always)
    func countsForVotes(_ a: Int) -> Bool {
        lifecycles[a].state.isActive && lifecycles[a].flags.isDisjoint(with: [.shelved, .suppressed, .outOfService])
    }

    /// Updates the votes of member `a` if whether it counts changed from `counted`.
    @inline(__always)
    mutating func syncVotes(memberAlarm a: Int, counted: Bool, at ts: Millis, into events: inout [AlarmEvent]) {
        let counts = countsForVotes(a)
        if counts != counted { updateVotes(memberAlarm: a, rising: counts, at: ts, into: &events) }
    }

    /// Appends one event with the alarm's state after the transition.
    @inline(__always)
    mutating func emit(_ a: Int, _ transition: Transition, at ts: Millis, value: Double, annunciated: Bool = false,
                       into events: inout [AlarmEvent]) {
        let lifecycle = lifecycles[a]
        var flags = lifecycle.flags
        if annunciated { flags.insert(.annunciated) }
        let rule = rules[a]
        let limit: Double =
            switch rule.condition {
            case .HH, .H, .L, .LL, .ROC, .WINDOW, .VOTE: rule.limit
            default: .nan
            }
        events.append(AlarmEvent(
            seq: nextSeq, alarm: Int32(a), enterprise: rule.enterprise, transition: transition,
            state: lifecycle.state, flags: flags, ts: ts, activatedAt: lifecycle.activatedAt, value: value,
            limit: limit, shelvedUntil: lifecycle.shelvedUntil))
        nextSeq &+= 1
    }

    /// A member alarm changed: votes reaching `k` activate, votes falling below it return.
    private mutating func updateVotes(memberAlarm a: Int, rising: Bool, at ts: Millis,
                                      into events: inout [AlarmEvent]) {
        guard a < voteAlarmBase else { return }
        var link = Int(voteLinkStart[a])
        let end = Int(voteLinkStart[a + 1])
        while link < end {
            let v = Int(voteLinks[link])
            let k = Int32(model.votes[v].k)
            let voteAlarm = voteAlarmBase + v
            // Crossing tests against the vote's own state rather than `== k`: the same edges in
            // steady state, and a vote whose `k` or members changed in a reload (count and state
            // disagreeing) falls in line at its next member change instead of sticking.
            let active = lifecycles[voteAlarm].state.isActive
            if rising {
                voteCounts[v] += 1
                if voteCounts[v] >= k && !active {
                    processActivate(voteAlarm, at: ts, value: Double(voteCounts[v]), into: &events)
                }
            } else {
                voteCounts[v] -= 1
                if voteCounts[v] < k && active {
                    processReturn(voteAlarm, at: ts, value: Double(voteCounts[v]), into: &events)
                }
            }
            link += 1
        }
    }

    /// Counts an annunciated activation towards the enterprise's flood (more than
    /// `floodThreshold` within `floodWindow`).
    private mutating func countForFlood(enterprise e: Int, at ts: Millis, into events: inout [AlarmEvent]) {
        let slots = Int32(model.policy.floodThreshold + 1)
        let base = e * Int(slots)
        if inFlood[e], ts >= floodEndsAt[e] {
            // Stamped at or after the pending end (a lagging clock, a device clock ahead): the
            // flood was over before this activation counts.
            endFlood(enterprise: e, into: &events)
        }
        var head = floodHead[e]
        var count = floodCount[e]
        if count == slots {
            head = head + 1 == slots ? 0 : head + 1
            count -= 1
        }
        var slot = head + count
        if slot >= slots { slot -= slots }
        floodTimes[base + Int(slot)] = ts
        count += 1
        floodHead[e] = head
        floodCount[e] = count
        guard count == slots else { return }
        let oldest = floodTimes[base + Int(head)]
        if !inFlood[e] {
            guard ts - oldest < model.policy.floodWindow else { return }
            inFlood[e] = true
            emitFlood(enterprise: e, .floodStart, at: ts, into: &events)
        }
        // The flood lasts until the oldest of the last `floodThreshold + 1` activations (in
        // arrival order) leaves the window. Every activation during a flood moves that oldest
        // one, so it re-arms the end.
        floodEndsAt[e] = oldest + model.policy.floodWindow
        armFloodTimer(enterprise: e)
    }

    /// Makes sure a `floodEnd` timer fires at or before `floodEndsAt[e]`. The end usually moves
    /// later, and the armed timer then re-arms itself when it fires; only an earlier end (an
    /// activation stamped in the past) or none armed needs a push, which bounds the heap.
    private mutating func armFloodTimer(enterprise e: Int) {
        let end = floodEndsAt[e]
        guard end < floodTimerAt[e] else { return }
        floodTimerAt[e] = end
        timers.push(Timer(deadline: end, kind: .floodEnd, index: Int32(e)))
    }

    private mutating func endFlood(enterprise e: Int, into events: inout [AlarmEvent]) {
        let end = floodEndsAt[e]
        inFlood[e] = false
        floodEndsAt[e] = .max
        emitFlood(enterprise: e, .floodEnd, at: end, into: &events)
    }

    private mutating func emitFlood(enterprise e: Int, _ transition: Transition, at ts: Millis,
                                    into events: inout [AlarmEvent]) {
        var flags: AlarmFlags = [.annunciated]
        if inFlood[e] { flags.insert(.flood) }
        events.append(AlarmEvent(
            seq: nextSeq, alarm: -1, enterprise: Int32(e), transition: transition, state: .normal, flags: flags,
            ts: ts, activatedAt: AlarmEvent.never, value: Double(floodCount[e]),
            limit: Double(model.policy.floodThreshold)))
        nextSeq &+= 1
    }

    // MARK: - Clock

    /// Moves the watermark to `now` and fires every timer due by then, in deadline order:
    /// `STALE` activations, shelve expiries, chatter clearing, flood ends.
    public mutating func advance(to now: Millis, into events: inout [AlarmEvent]) {
        guard now > watermark else { return }
        makeStorageUnique()
        advanceUnique(to: now, into: &events)
    }

    /// `advance(to:into:)` once the storage is known to be unique (from `process`).
    mutating func advanceUnique(to now: Millis, into events: inout [AlarmEvent]) {
        if watermark == .min { armStaleTimers(from: now) }
        watermark = now
        fireDueTimers(into: &events)
    }

    /// Fires every timer at or before the watermark. A timer armed already due (a lagging tag,
    /// an action stamped in the past) fires, with its own stamp, when the watermark next moves.
    @inline(__always)
    private mutating func fireDueTimers(into events: inout [AlarmEvent]) {
        while let next = timers.first, next.deadline <= watermark {
            _ = timers.pop()
            fire(next, into: &events)
        }
    }

    /// Tags never heard count from the first watermark (SPEC Appendix B).
    private mutating func armStaleTimers(from start: Millis) {
        let layouts = storage.layouts
        let runtime = storage.runtime
        for t in layouts.indices where layouts[t].stale >= 0 && runtime[t].staleDeadline == .max {
            if runtime[t].lastHeard == .min { runtime[t].lastHeard = start }
            let due = runtime[t].lastHeard + layouts[t].staleAfter
            runtime[t].staleDeadline = due
            timers.push(Timer(deadline: due, kind: .stale, index: Int32(t)))
        }
    }

    private mutating func fire(_ timer: Timer, into events: inout [AlarmEvent]) {
        let index = Int(timer.index)
        switch timer.kind {
        case .stale:
            let tag = storage.runtime.baseAddress! + index
            guard timer.deadline == tag.pointee.staleDeadline else { return }  // superseded entry
            let layout = storage.layouts[index]
            let due = tag.pointee.lastHeard + layout.staleAfter
            if due > timer.deadline {
                // Heard since the timer was set: wait for the real deadline (keeps firing in time order).
                tag.pointee.staleDeadline = due
                timers.push(Timer(deadline: due, kind: .stale, index: timer.index))
                return
            }
            tag.pointee.staleDeadline = .max
            if !tag.pointee.staleActive {
                tag.pointee.staleActive = true
                processActivate(Int(layout.stale), at: due, value: tag.pointee.lastValue, into: &events)
            }
        case .shelveExpiry:
            let lifecycle = lifecycles[index]
            guard lifecycle.flags.contains(.shelved), lifecycle.shelvedUntil == timer.deadline else { return }
            let counted = countsForVotes(index)
            try? lifecycles[index].unshelve()
            emit(index, .unshelve, at: timer.deadline, value: currentValue(ofAlarm: index), into: &events)
            syncVotes(memberAlarm: index, counted: counted, at: timer.deadline, into: &events)
        case .chatterClear:
            if lifecycles[index].clearChatterIfQuiet(now: timer.deadline,
                                                     clearAfter: model.policy.chatterClearAfter) {
                emit(index, .chatter, at: timer.deadline, value: currentValue(ofAlarm: index), into: &events)
            }
        case .floodEnd:
            guard floodTimerAt[index] == timer.deadline else { return }  // superseded entry
            floodTimerAt[index] = .max
            guard inFlood[index] else { return }
            if floodEndsAt[index] == timer.deadline {
                endFlood(enterprise: index, into: &events)
            } else {
                armFloodTimer(enterprise: index)  // extended since it was armed
            }
        }
    }

    /// The value an operator- or timer-driven event reports: the tag's last value, a vote's count.
    func currentValue(ofAlarm a: Int) -> Double {
        let rule = rules[a]
        if rule.vote >= 0 { return Double(voteCounts[Int(rule.vote)]) }
        return storage.runtime[Int(rule.tag)].lastValue
    }
}
