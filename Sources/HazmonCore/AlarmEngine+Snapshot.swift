extension AlarmEngine {
    /// The engine's complete state, keyed by identity (see `EngineSnapshot`). O(tags + alarms +
    /// ring samples); reads only, so it can run between samples at any time.
    public func snapshot() -> EngineSnapshot {
        let slots = model.policy.floodThreshold + 1
        let enterprises = model.enterprises.indices.map { e in
            let head = Int(floodHead[e])
            let times = (0..<Int(floodCount[e])).map { i in floodTimes[e * slots + (head + i) % slots] }
            return EngineSnapshot.Enterprise(id: model.enterprises[e].id, inFlood: inFlood[e],
                                             floodEndsAt: floodEndsAt[e], floodActivations: times)
        }
        let tags = model.tags.indices.map { t in
            let runtime = storage.runtime[t]
            let layout = storage.layouts[t]
            let ring = (0..<Int(runtime.ringCount)).map { i in
                let entry = storage.ring[Int(layout.ringOffset) + (Int(runtime.ringHead) + i) % Int(layout.ringCapacity)]
                return EngineSnapshot.RingSample(ts: entry.ts, value: entry.value)
            }
            return EngineSnapshot.Tag(
                enterprise: model.enterprises[model.tags[t].enterprise].id, id: model.tags[t].id,
                lastTs: runtime.lastTs, lastHeard: runtime.lastHeard, lastValue: runtime.lastValue,
                frozenReference: runtime.frozenReference, frozenReferenceTs: runtime.frozenReferenceTs,
                frozenCount: runtime.frozenCount, ring: ring, alarms: alarms(ofTag: t).map(alarmSnapshot))
        }
        let votes = model.votes.indices.map { v in
            EngineSnapshot.Vote(enterprise: model.enterprises[model.votes[v].enterprise].id, id: model.votes[v].id,
                                alarm: alarmSnapshot(voteAlarmBase + v))
        }
        return EngineSnapshot(watermark: watermark, nextSeq: nextSeq, windowOverflows: windowOverflows,
                              enterprises: enterprises, tags: tags, votes: votes)
    }

    private func alarmSnapshot(_ a: Int) -> EngineSnapshot.Alarm {
        EngineSnapshot.Alarm(condition: rules[a].condition, definition: definition(ofAlarm: a),
                             tracker: storage.rows[a].tracker, lifecycle: lifecycles[a])
    }

    /// Fingerprint of what decides alarm `a`'s evaluation: FNV-1a over the rule's constants (and
    /// for `BAD` the instrument range, for `VOTE` k and the members' ids). Priority, names and
    /// overlays are left out: changing them does not disturb delay tracking. Stable across
    /// processes (no `Hasher`, whose seed is random per run).
    func definition(ofAlarm a: Int) -> UInt64 {
        let rule = rules[a]
        var hash = StableHash()
        hash.add(rule.condition.rawValue)
        if rule.vote >= 0 {
            let vote = model.votes[Int(rule.vote)]
            hash.add(UInt64(vote.k))
            hash.add(vote.condition.rawValue)
            let members = vote.members.map { "\(model.enterprises[model.tags[$0].enterprise].id)/\(model.tags[$0].id)" }
            for member in members.sorted() { hash.add(member) }
            return hash.value
        }
        hash.add(rule.limit.bitPattern)
        hash.add(rule.deadband.bitPattern)
        hash.add(UInt64(bitPattern: rule.span))
        hash.add(UInt64(bitPattern: rule.onDelay))
        hash.add(UInt64(bitPattern: rule.offDelay))
        hash.add(rule.isHigh ? 1 : 0)
        hash.add(rule.direction.rawValue)
        hash.add(rule.function.rawValue)
        if rule.condition == .BAD {
            let layout = storage.layouts[Int(rule.tag)]
            hash.add(layout.rangeLow.bitPattern)
            hash.add(layout.rangeHigh.bitPattern)
        }
        return hash.value
    }
}

/// FNV-1a, 64 bits: a fingerprint that is the same in every process and on every platform.
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0)  // separator: "ab","c" differs from "a","bc"
    }
}
