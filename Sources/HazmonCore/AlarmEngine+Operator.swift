/// Why the engine refused an operator action; `message` says what to do instead.
public struct OperatorRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case unknownAlarm(Int), unknownTag(Int), unknownHazardSource(Int)
        case lifecycle(AlarmLifecycle.Refusal)
    }
    private let reason: Reason

    static func unknownAlarm(_ a: Int) -> Self { Self(reason: .unknownAlarm(a)) }
    static func unknownTag(_ t: Int) -> Self { Self(reason: .unknownTag(t)) }
    static func unknownHazardSource(_ h: Int) -> Self { Self(reason: .unknownHazardSource(h)) }
    static func lifecycle(_ r: AlarmLifecycle.Refusal) -> Self { Self(reason: .lifecycle(r)) }

    /// The lifecycle rule that refused it, if that was the cause.
    public var lifecycleRefusal: AlarmLifecycle.Refusal? {
        if case .lifecycle(let r) = reason { r } else { nil }
    }

    public var description: String {
        switch reason {
        case .unknownAlarm(let a): "no alarm with index \(a)"
        case .unknownTag(let t): "no tag with index \(t)"
        case .unknownHazardSource(let h): "no hazard source with index \(h)"
        case .lifecycle(.nothingToAcknowledge): "the alarm is not waiting for acknowledgement (state normal or ack)"
        case .lifecycle(.alreadyShelved): "the alarm is already shelved"
        case .lifecycle(.notShelved): "the alarm is not shelved"
        case .lifecycle(.shelveTooLong): "the shelve is longer than the configured maximum (lifecycle.max_shelve)"
        case .lifecycle(.shelveExpiryNotInFuture): "the shelve expiry must lie after the time of the request"
        }
    }
}

extension AlarmEngine {
    /// Operator acknowledgement at `ts`.
    public mutating func acknowledge(alarm a: Int, at ts: Millis, into events: inout [AlarmEvent])
        throws(OperatorRefusal)
    {
        guard rules.indices.contains(a) else { throw .unknownAlarm(a) }
        makeStorageUnique()
        do { try lifecycles[a].acknowledge() } catch { throw .lifecycle(error) }
        emit(a, .ack, at: ts, value: currentValue(ofAlarm: a), into: &events)
    }

    /// Shelves an alarm until `until` (at most `LifecyclePolicy.maxShelve` after `ts`); it expires
    /// on its own when the clock reaches `until`.
    public mutating func shelve(alarm a: Int, until: Millis, at ts: Millis, into events: inout [AlarmEvent])
        throws(OperatorRefusal)
    {
        guard rules.indices.contains(a) else { throw .unknownAlarm(a) }
        makeStorageUnique()
        let counted = countsForVotes(a)
        do { try lifecycles[a].shelve(at: ts, until: until, policy: model.policy) } catch { throw .lifecycle(error) }
        timers.push(Timer(deadline: until, kind: .shelveExpiry, index: Int32(a)))
        emit(a, .shelve, at: ts, value: currentValue(ofAlarm: a), into: &events)
        syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
    }

    /// Ends a shelve before its expiry.
    public mutating func unshelve(alarm a: Int, at ts: Millis, into events: inout [AlarmEvent])
        throws(OperatorRefusal)
    {
        guard rules.indices.contains(a) else { throw .unknownAlarm(a) }
        makeStorageUnique()
        let counted = countsForVotes(a)
        do { try lifecycles[a].unshelve() } catch { throw .lifecycle(error) }
        emit(a, .unshelve, at: ts, value: currentValue(ofAlarm: a), into: &events)
        syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
    }

    /// Takes a tag out of service (or back): every alarm of the tag reports the change.
    /// Returns the number of alarms that changed.
    @discardableResult
    public mutating func setOutOfService(tag t: Int, _ on: Bool, at ts: Millis, into events: inout [AlarmEvent])
        throws(OperatorRefusal) -> Int
    {
        guard t >= 0 && t < tagCount else { throw .unknownTag(t) }
        makeStorageUnique()
        var changed = 0
        for a in alarms(ofTag: t) {
            let counted = countsForVotes(a)
            guard lifecycles[a].setOverlay(.outOfService, on) else { continue }
            emit(a, on ? .outOfService : .returnToService, at: ts, value: currentValue(ofAlarm: a), into: &events)
            syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
            changed += 1
        }
        return changed
    }

    /// Puts a hazard source into maintenance (or back): its alarms, votes included, are
    /// suppressed by design. Returns the number of alarms that changed.
    @discardableResult
    public mutating func setMaintenance(hazardSource h: Int, _ on: Bool, at ts: Millis,
                                        into events: inout [AlarmEvent]) throws(OperatorRefusal) -> Int
    {
        guard model.hazardSources.indices.contains(h) else { throw .unknownHazardSource(h) }
        makeStorageUnique()
        var changed = 0
        for a in rules.indices where rules[a].hazardSource == Int32(h) {
            let counted = countsForVotes(a)
            guard lifecycles[a].setOverlay(.suppressed, on) else { continue }
            emit(a, on ? .suppress : .unsuppress, at: ts, value: currentValue(ofAlarm: a), into: &events)
            syncVotes(memberAlarm: a, counted: counted, at: ts, into: &events)
            changed += 1
        }
        return changed
    }
}
