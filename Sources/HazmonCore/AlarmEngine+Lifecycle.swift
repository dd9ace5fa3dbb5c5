extension AlarmEngine {
    /// The process condition of alarm `a` became true: lifecycle, chatter, flood and votes follow.
    mutating func processActivate(_ a: Int, at ts: Millis, value: Double, into events: inout [AlarmEvent]) {
        let activation = lifecycles[a].activate(at: ts, policy: model.policy)
        emit(a, .activate, at: ts, value: value, annunciated: activation.annunciated, into: &events)
        if activation.startedChattering { emit(a, .chatter, at: ts, value: value, into: &events) }
        if activation.annunciated { countForFlood(enterprise: Int(rules[a].enterprise), at: ts, into: &events) }
        updateVotes(memberAlarm: a, rising: true, at: ts, into: &events)
    }

    /// The process condition of alarm `a` cleared.
    mutating func processReturn(_ a: Int, at ts: Millis, value: Double, into events: inout [AlarmEvent]) {
        lifecycles[a].returnToNormal(at: ts)
        emit(a, .return, at: ts, value: value, into: &events)
        if lifecycles[a].flags.contains(.chattering) {
            timers.push(Timer(deadline: ts + model.policy.chatterClearAfter, kind: .chatterClear, index: Int32(a)))
        }
        updateVotes(memberAlarm: a, rising: false, at: ts, into: &events)
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
            if rising {
                voteCounts[v] += 1
                if voteCounts[v] == k {
                    processActivate(voteAlarm, at: ts, value: Double(voteCounts[v]), into: &events)
                }
            } else {
                voteCounts[v] -= 1
                if voteCounts[v] == k - 1 {
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
        guard ts - oldest < model.policy.floodWindow else { return }
        // The flood lasts until the oldest of these activations leaves the window.
        timers.push(Timer(deadline: oldest + model.policy.floodWindow, kind: .floodEnd, index: Int32(e)))
        if !inFlood[e] {
            inFlood[e] = true
            emitFlood(enterprise: e, .floodStart, at: ts, into: &events)
        }
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
        if watermark == .min { armStaleTimers(from: now) }
        watermark = now
        while let next = timers.first, next.deadline <= now {
            _ = timers.pop()
            fire(next, into: &events)
        }
    }

    /// Tags never heard count from the first watermark (SPEC Appendix B).
    private mutating func armStaleTimers(from start: Millis) {
        for t in layouts.indices where layouts[t].stale >= 0 && !runtime[t].staleTimerArmed {
            if runtime[t].lastHeard == .min { runtime[t].lastHeard = start }
            runtime[t].staleTimerArmed = true
            let after = rules[Int(layouts[t].stale)].span
            timers.push(Timer(deadline: runtime[t].lastHeard + after, kind: .stale, index: Int32(t)))
        }
    }

    private mutating func fire(_ timer: Timer, into events: inout [AlarmEvent]) {
        let index = Int(timer.index)
        switch timer.kind {
        case .stale:
            let stale = Int(layouts[index].stale)
            let due = runtime[index].lastHeard + rules[stale].span
            if due != timer.deadline {
                // Heard since the timer was set: wait for the real deadline (keeps firing in time order).
                timers.push(Timer(deadline: due, kind: .stale, index: timer.index))
                return
            }
            runtime[index].staleTimerArmed = false
            if !lifecycles[stale].state.isActive {
                processActivate(stale, at: due, value: runtime[index].lastValue, into: &events)
            }
        case .shelveExpiry:
            let lifecycle = lifecycles[index]
            guard lifecycle.flags.contains(.shelved), lifecycle.shelvedUntil == timer.deadline else { return }
            try? lifecycles[index].unshelve()
            emit(index, .unshelve, at: timer.deadline, value: currentValue(ofAlarm: index), into: &events)
        case .chatterClear:
            if lifecycles[index].clearChatterIfQuiet(now: timer.deadline,
                                                     clearAfter: model.policy.chatterClearAfter) {
                emit(index, .chatter, at: timer.deadline, value: currentValue(ofAlarm: index), into: &events)
            }
        case .floodEnd:
            let slots = Int32(model.policy.floodThreshold + 1)
            let oldest = floodTimes[index * Int(slots) + Int(floodHead[index])]
            guard inFlood[index], floodCount[index] == slots,
                oldest + model.policy.floodWindow == timer.deadline
            else { return }
            inFlood[index] = false
            emitFlood(enterprise: index, .floodEnd, at: timer.deadline, into: &events)
        }
    }

    /// The value an operator- or timer-driven event reports: the tag's last value, a vote's count.
    func currentValue(ofAlarm a: Int) -> Double {
        let rule = rules[a]
        if rule.vote >= 0 { return Double(voteCounts[Int(rule.vote)]) }
        return runtime[Int(rule.tag)].lastValue
    }
}
