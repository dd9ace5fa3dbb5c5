extension AlarmEngine {
    /// Evaluates one sample and appends the events it causes (SPEC Appendix B).
    ///
    /// In `.eventTime` mode a sample newer than the watermark first advances it, which may fire
    /// `STALE` and other timers before the sample itself is evaluated.
    public mutating func process(_ sample: Sample, into events: inout [AlarmEvent]) -> SampleVerdict {
        let t = Int(sample.tag)
        guard t >= 0, t < tagCount else { return .unknownTag }
        makeStorageUnique()
        // Base pointers taken once: `self` keeps the storage alive for the whole call and nothing
        // below replaces it, so the rest of the path neither retains it nor reloads it.
        let rows = storage.rows.baseAddress!
        let ring = storage.ring.baseAddress!
        let tag = storage.runtime.baseAddress! + t
        let ts = sample.ts
        let last = tag.pointee.lastTs
        if ts <= last { return ts == last ? .duplicate : .late }
        if clockMode == .eventTime, ts > watermark { advanceUnique(to: ts, into: &events) }
        tag.pointee.lastTs = ts
        tag.pointee.lastHeard = ts

        let layout = storage.layouts[t]
        let v = sample.value
        let finite = v.isFinite
        let usable = finite && sample.quality != .bad

        if layout.stale >= 0 {
            if tag.pointee.staleActive {
                tag.pointee.staleActive = false
                processReturn(Int(layout.stale), at: ts, value: v, into: &events)
            }
            // Lazy: a timer armed for an earlier deadline re-arms itself when it fires. Only an
            // earlier deadline than the armed one (a first sample older than the first
            // watermark, or none armed) needs a heap push here.
            let due = ts + layout.staleAfter
            if due < tag.pointee.staleDeadline {
                tag.pointee.staleDeadline = due
                timers.push(Timer(deadline: due, kind: .stale, index: Int32(t)))
            }
        }

        let isBad = !usable || v < layout.rangeLow || v > layout.rangeHigh
        let bad = rows + Int(layout.bad)
        let badEdge = bad.pointee.tracker.step(meetsOn: isBad, meetsOff: !isBad, at: ts,
                                               onDelay: bad.pointee.onDelay, offDelay: bad.pointee.offDelay)
        apply(badEdge, alarm: Int(layout.bad), at: ts, value: v, into: &events)

        // Bad and non-finite samples are seen by BAD and STALE only: other rules keep their
        // state and timers as if the sample had not come. Out-of-range finite values go on (fail-safe).
        guard usable else { return .accepted }
        tag.pointee.lastValue = v
        if layout.ringCapacity > 0 {
            pushRing(tag, ring: ring + Int(layout.ringOffset), layout: layout, ts: ts, value: v)
        }

        var a = Int(layout.valueRulesStart)
        let end = Int(layout.valueRulesEnd)
        while a < end {
            evaluateValueRule(a, row: rows + a, tag: tag, ring: ring + Int(layout.ringOffset), layout: layout, ts: ts,
                              value: v, into: &events)
            a += 1
        }
        return .accepted
    }

    @inline(__always)
    private mutating func evaluateValueRule(_ a: Int, row: UnsafeMutablePointer<HotRule>,
                                            tag: UnsafeMutablePointer<TagRuntime>,
                                            ring: UnsafeMutablePointer<RingEntry>,
                                            layout: TagLayout, ts: Millis, value v: Double,
                                            into events: inout [AlarmEvent]) {
        switch row.pointee.condition {
        case .HH, .H, .L, .LL:
            let edge = Self.stepLimit(row, at: ts, value: v)
            apply(edge, alarm: a, at: ts, value: v, into: &events)
        case .ROC:
            let oldest = Self.ringEntry(tag, ring: ring, layout: layout, firstAtOrAfter: ts - row.pointee.span).value
            let delta = v - oldest
            let limit = row.pointee.limit
            let meets: Bool =
                switch row.pointee.direction {
                case .rise: delta >= limit
                case .fall: -delta >= limit
                case .both: abs(delta) >= limit
                }
            let edge = row.pointee.tracker.step(meetsOn: meets, meetsOff: !meets, at: ts,
                                                onDelay: row.pointee.onDelay, offDelay: row.pointee.offDelay)
            apply(edge, alarm: a, at: ts, value: delta, into: &events)
        case .WINDOW:
            let aggregate = Self.windowAggregate(tag, ring: ring, layout: layout, since: ts - row.pointee.span,
                                                 function: row.pointee.function)
            let edge = Self.stepLimit(row, at: ts, value: aggregate)
            apply(edge, alarm: a, at: ts, value: aggregate, into: &events)
        case .FROZEN:
            evaluateFrozen(a, tag: tag, epsilon: row.pointee.clearBound, after: row.pointee.span, at: ts, value: v,
                           into: &events)
        case .DISCRETE:
            let meets = (v != 0) == (row.pointee.limit != 0)
            let edge = row.pointee.tracker.step(meetsOn: meets, meetsOff: !meets, at: ts,
                                                onDelay: row.pointee.onDelay, offDelay: row.pointee.offDelay)
            apply(edge, alarm: a, at: ts, value: v, into: &events)
        case .BAD, .STALE, .VOTE, .FLOOD:
            break  // handled outside the value rules
        }
    }

    /// High: on at `v >= limit`, off below `limit - deadband` (`clearBound`); low mirrors it.
    @inline(__always)
    private static func stepLimit(_ row: UnsafeMutablePointer<HotRule>, at ts: Millis, value v: Double)
        -> DelayTracker.Edge
    {
        let limit = row.pointee.limit
        let bound = row.pointee.clearBound
        let high = row.pointee.isHigh
        let meetsOn = high ? v >= limit : v <= limit
        let meetsOff = high ? v < bound : v > bound
        return row.pointee.tracker.step(meetsOn: meetsOn, meetsOff: meetsOff, at: ts, onDelay: row.pointee.onDelay,
                                        offDelay: row.pointee.offDelay)
    }

    /// FROZEN: a reference value, reset by any move beyond epsilon; 3 samples and `after` within it alarm.
    private mutating func evaluateFrozen(_ a: Int, tag: UnsafeMutablePointer<TagRuntime>, epsilon: Double,
                                         after: Millis, at ts: Millis, value v: Double,
                                         into events: inout [AlarmEvent]) {
        if tag.pointee.frozenReferenceTs == .min || abs(v - tag.pointee.frozenReference) > epsilon {
            tag.pointee.frozenReference = v
            tag.pointee.frozenReferenceTs = ts
            tag.pointee.frozenCount = 1
            if lifecycles[a].state.isActive { processReturn(a, at: ts, value: v, into: &events) }
            return
        }
        tag.pointee.frozenCount &+= 1
        if !lifecycles[a].state.isActive, ts - tag.pointee.frozenReferenceTs >= after, tag.pointee.frozenCount >= 3 {
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
    private mutating func pushRing(_ tag: UnsafeMutablePointer<TagRuntime>, ring: UnsafeMutablePointer<RingEntry>,
                                   layout: TagLayout, ts: Millis, value: Double) {
        let capacity = layout.ringCapacity
        var head = tag.pointee.ringHead
        var count = tag.pointee.ringCount
        let cutoff = ts - layout.ringSpan
        while count > 0, ring[Int(head)].ts < cutoff {
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
        ring[Int(slot)] = RingEntry(ts: ts, value: value)
        tag.pointee.ringHead = head
        tag.pointee.ringCount = count + 1
    }

    /// The oldest ring sample with `ts >= cutoff` (the ring holds the current sample).
    @inline(__always)
    private static func ringEntry(_ tag: UnsafeMutablePointer<TagRuntime>, ring: UnsafeMutablePointer<RingEntry>,
                                  layout: TagLayout, firstAtOrAfter cutoff: Millis) -> RingEntry {
        let head = tag.pointee.ringHead
        let logical = firstLogical(ring, capacity: layout.ringCapacity, head: head,
                                        count: tag.pointee.ringCount, atOrAfter: cutoff)
        return ring[physical(capacity: layout.ringCapacity, head: head, logical: logical)]
    }

    /// Binary search over the ring, which is ordered by time.
    @inline(__always)
    private static func firstLogical(_ ring: UnsafeMutablePointer<RingEntry>, capacity: Int32, head: Int32,
                                     count: Int32, atOrAfter cutoff: Millis) -> Int32 {
        var low: Int32 = 0
        var high = count - 1  // the newest sample is always inside
        while low < high {
            let mid = (low + high) / 2
            if ring[physical(capacity: capacity, head: head, logical: mid)].ts < cutoff {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    @inline(__always)
    private static func physical(capacity: Int32, head: Int32, logical: Int32) -> Int {
        var slot = head + logical
        if slot >= capacity { slot -= capacity }
        return Int(slot)
    }

    /// Mean, max or min of the samples with `ts` in `[since, now]`, summed oldest first.
    ///
    /// Static over the tag's ring (a method reading `self` copied the whole engine value per call),
    /// with one loop per function instead of a switch per sample.
    private static func windowAggregate(_ tag: UnsafeMutablePointer<TagRuntime>, ring: UnsafeMutablePointer<RingEntry>,
                                        layout: TagLayout, since: Millis, function: WindowFunction) -> Double {
        let capacity = layout.ringCapacity
        let head = tag.pointee.ringHead
        let count = tag.pointee.ringCount
        let first = firstLogical(ring, capacity: capacity, head: head, count: count, atOrAfter: since)
        var i = first
        switch function {
        case .mean:
            var sum = 0.0
            while i < count {
                sum += ring[physical(capacity: capacity, head: head, logical: i)].value
                i += 1
            }
            return sum / Double(count - first)
        case .max:
            var extreme = ring[physical(capacity: capacity, head: head, logical: i)].value
            while i < count {
                extreme = Swift.max(extreme, ring[physical(capacity: capacity, head: head, logical: i)].value)
                i += 1
            }
            return extreme
        case .min:
            var extreme = ring[physical(capacity: capacity, head: head, logical: i)].value
            while i < count {
                extreme = Swift.min(extreme, ring[physical(capacity: capacity, head: head, logical: i)].value)
                i += 1
            }
            return extreme
        }
    }
}
