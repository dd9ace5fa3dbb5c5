extension AlarmEngine {
    /// Evaluates one sample and appends the events it causes (SPEC Appendix B).
    ///
    /// In `.eventTime` mode a sample newer than the watermark first advances it, which may fire
    /// `STALE` and other timers before the sample itself is evaluated.
    public mutating func process(_ sample: Sample, into events: inout [AlarmEvent]) -> SampleVerdict {
        let t = Int(sample.tag)
        guard t >= 0, t < layouts.count else { return .unknownTag }
        let ts = sample.ts
        let last = runtime[t].lastTs
        if ts <= last { return ts == last ? .duplicate : .late }
        if clockMode == .eventTime, ts > watermark { advance(to: ts, into: &events) }
        runtime[t].lastTs = ts
        runtime[t].lastHeard = ts

        let layout = layouts[t]
        let v = sample.value
        let finite = v.isFinite
        let usable = finite && sample.quality != .bad

        if layout.stale >= 0 {
            let stale = Int(layout.stale)
            if lifecycles[stale].state.isActive { processReturn(stale, at: ts, value: v, into: &events) }
            // Lazy: a timer armed for an earlier deadline re-arms itself when it fires. Only an
            // earlier deadline than the armed one (a first sample older than the first
            // watermark, or none armed) needs a heap push here.
            let due = ts + rules[stale].span
            if due < runtime[t].staleDeadline {
                runtime[t].staleDeadline = due
                timers.push(Timer(deadline: due, kind: .stale, index: Int32(t)))
            }
        }

        let isBad = !usable || v < layout.rangeLow || v > layout.rangeHigh
        let bad = Int(layout.bad)
        let badEdge = trackers[bad].step(meetsOn: isBad, meetsOff: !isBad, at: ts,
                                         onDelay: rules[bad].onDelay, offDelay: rules[bad].offDelay)
        apply(badEdge, alarm: bad, at: ts, value: v, into: &events)

        // Bad and non-finite samples are seen by BAD and STALE only: other rules keep their
        // state and timers as if the sample had not come. Out-of-range finite values go on (fail-safe).
        guard usable else { return .accepted }
        runtime[t].lastValue = v
        if layout.ringCapacity > 0 { pushRing(tag: t, layout: layout, ts: ts, value: v) }

        var a = Int(layout.valueRulesStart)
        let end = Int(layout.valueRulesEnd)
        while a < end {
            evaluateValueRule(a, tag: t, layout: layout, ts: ts, value: v, into: &events)
            a += 1
        }
        return .accepted
    }

    @inline(__always)
    private mutating func evaluateValueRule(_ a: Int, tag t: Int, layout: TagLayout, ts: Millis, value v: Double,
                                            into events: inout [AlarmEvent]) {
        let rule = rules[a]
        switch rule.condition {
        case .HH, .H, .L, .LL:
            let edge = stepLimit(a, rule: rule, at: ts, value: v)
            apply(edge, alarm: a, at: ts, value: v, into: &events)
        case .ROC:
            let oldest = ringValue[ringSlot(tag: t, layout: layout, firstAtOrAfter: ts - rule.span)]
            let delta = v - oldest
            let meets: Bool =
                switch rule.direction {
                case .rise: delta >= rule.limit
                case .fall: -delta >= rule.limit
                case .both: abs(delta) >= rule.limit
                }
            let edge = trackers[a].step(meetsOn: meets, meetsOff: !meets, at: ts, onDelay: rule.onDelay,
                                        offDelay: rule.offDelay)
            apply(edge, alarm: a, at: ts, value: delta, into: &events)
        case .WINDOW:
            let aggregate = windowAggregate(tag: t, layout: layout, since: ts - rule.span, function: rule.function)
            let edge = stepLimit(a, rule: rule, at: ts, value: aggregate)
            apply(edge, alarm: a, at: ts, value: aggregate, into: &events)
        case .FROZEN:
            evaluateFrozen(a, tag: t, rule: rule, at: ts, value: v, into: &events)
        case .DISCRETE:
            let meets = (v != 0) == (rule.limit != 0)
            let edge = trackers[a].step(meetsOn: meets, meetsOff: !meets, at: ts, onDelay: rule.onDelay,
                                        offDelay: rule.offDelay)
            apply(edge, alarm: a, at: ts, value: v, into: &events)
        case .BAD, .STALE, .VOTE, .FLOOD:
            break  // handled outside the value rules
        }
    }

    /// High: on at `v >= limit`, off below `limit - deadband`; low mirrors it.
    @inline(__always)
    private mutating func stepLimit(_ a: Int, rule: AlarmRule, at ts: Millis, value v: Double) -> DelayTracker.Edge {
        let meetsOn = rule.isHigh ? v >= rule.limit : v <= rule.limit
        let meetsOff = rule.isHigh ? v < rule.limit - rule.deadband : v > rule.limit + rule.deadband
        return trackers[a].step(meetsOn: meetsOn, meetsOff: meetsOff, at: ts, onDelay: rule.onDelay,
                                offDelay: rule.offDelay)
    }

    /// FROZEN: a reference value, reset by any move beyond epsilon; 3 samples and `after` within it alarm.
    private mutating func evaluateFrozen(_ a: Int, tag t: Int, rule: AlarmRule, at ts: Millis, value v: Double,
                                         into events: inout [AlarmEvent]) {
        if runtime[t].frozenReferenceTs == .min || abs(v - runtime[t].frozenReference) > rule.deadband {
            runtime[t].frozenReference = v
            runtime[t].frozenReferenceTs = ts
            runtime[t].frozenCount = 1
            if lifecycles[a].state.isActive { processReturn(a, at: ts, value: v, into: &events) }
            return
        }
        runtime[t].frozenCount &+= 1
        if !lifecycles[a].state.isActive, ts - runtime[t].frozenReferenceTs >= rule.span,
            runtime[t].frozenCount >= 3
        {
            processActivate(a, at: ts, value: v, into: &events)
        }
    }

    @inline(__always)
    private mutating func apply(_ edge: DelayTracker.Edge, alarm a: Int, at ts: Millis, value: Double,
                                into events: inout [AlarmEvent]) {
        switch edge {
        case .none: return
        case .activated: processActivate(a, at: ts, value: value, into: &events)
        case .returned: processReturn(a, at: ts, value: value, into: &events)
        }
    }

    // MARK: - Sample history for ROC and WINDOW

    /// Appends to the tag's ring, first dropping samples older than the longest window.
    @inline(__always)
    private mutating func pushRing(tag t: Int, layout: TagLayout, ts: Millis, value: Double) {
        let capacity = layout.ringCapacity
        var head = runtime[t].ringHead
        var count = runtime[t].ringCount
        let cutoff = ts - layout.ringSpan
        while count > 0, ringTs[Int(layout.ringOffset + head)] < cutoff {
            head = head + 1 == capacity ? 0 : head + 1
            count -= 1
        }
        if count == capacity {
            // More samples than the ring holds fall in the window: drop the oldest (documented
            // approximation, counted so an engineer can raise `window_samples`).
            head = head + 1 == capacity ? 0 : head + 1
            count -= 1
            windowOverflows &+= 1
        }
        var slot = head + count
        if slot >= capacity { slot -= capacity }
        ringTs[Int(layout.ringOffset + slot)] = ts
        ringValue[Int(layout.ringOffset + slot)] = value
        runtime[t].ringHead = head
        runtime[t].ringCount = count + 1
    }

    /// Storage index of the oldest ring sample with `ts >= cutoff` (the ring holds the current sample).
    @inline(__always)
    private func ringSlot(tag t: Int, layout: TagLayout, firstAtOrAfter cutoff: Millis) -> Int {
        let logical = firstLogical(tag: t, layout: layout, atOrAfter: cutoff)
        return physical(layout: layout, head: runtime[t].ringHead, logical: logical)
    }

    /// Binary search over the ring, which is ordered by time.
    @inline(__always)
    private func firstLogical(tag t: Int, layout: TagLayout, atOrAfter cutoff: Millis) -> Int32 {
        let head = runtime[t].ringHead
        var low: Int32 = 0
        var high = runtime[t].ringCount - 1  // the newest sample is always inside
        while low < high {
            let mid = (low + high) / 2
            if ringTs[physical(layout: layout, head: head, logical: mid)] < cutoff { low = mid + 1 } else { high = mid }
        }
        return low
    }

    @inline(__always)
    private func physical(layout: TagLayout, head: Int32, logical: Int32) -> Int {
        var slot = head + logical
        if slot >= layout.ringCapacity { slot -= layout.ringCapacity }
        return Int(layout.ringOffset + slot)
    }

    /// Mean, max or min of the samples with `ts` in `[since, now]`, summed oldest first.
    private func windowAggregate(tag t: Int, layout: TagLayout, since: Millis, function: WindowFunction) -> Double {
        let head = runtime[t].ringHead
        let count = runtime[t].ringCount
        var i = firstLogical(tag: t, layout: layout, atOrAfter: since)
        var sum = 0.0
        var extreme = ringValue[physical(layout: layout, head: head, logical: i)]
        let n = count - i
        while i < count {
            let value = ringValue[physical(layout: layout, head: head, logical: i)]
            switch function {
            case .mean: sum += value
            case .max: extreme = Swift.max(extreme, value)
            case .min: extreme = Swift.min(extreme, value)
            }
            i += 1
        }
        return function == .mean ? sum / Double(n) : extreme
    }
}
