public import HazmonCore

/// Saving and restoring the tracker's windows across a restart.
///
/// Encoded: the observed-time ring, and per enterprise (by id, so a catalog edit that reorders
/// enterprises does not misplace them) its hourly buckets and the inspection counts. Not encoded:
/// open stretches (active alarms, offline tags, unacknowledged critical alarms) — after a restart they
/// are rebuilt from the restored engine's lifecycles by `init(engine:settings:start:)`, active and
/// offline from the restart time, unacknowledged critical from their activation. Live activity between
/// the last `encoded()` and the restart is lost, and the downtime counts as not observed.
/// Enterprises in the state but not in the catalog are dropped; new ones start empty.
extension RiskTracker {
    static let magic: [UInt8] = Array("HZRK".utf8)
    static let version: UInt8 = 1

    /// The windows as bytes, for the store to keep with the risk history (a few KiB per enterprise).
    public func encoded() -> [UInt8] {
        var w = RiskByteWriter()
        w.bytes += Self.magic
        w.u8(Self.version)
        w.i64(clock)
        let observedEntries = observed.entries
        w.u16(UInt16(observedEntries.count))
        for entry in observedEntries {
            w.i64(entry.hour)
            w.i64(entry.value)
        }
        w.u32(UInt32(enterprises.count))
        for (index, live) in enterprises.enumerated() {
            w.text(model.enterprises[index].id)
            w.u32(UInt32(clamping: live.overdueInspections))
            w.u32(UInt32(clamping: live.confirmedFindings))
            let buckets = live.buckets.entries
            w.u16(UInt16(buckets.count))
            for entry in buckets {
                w.i64(entry.hour)
                for p in 0..<4 { w.u32(entry.value.activations[p]) }
                for p in 0..<4 { w.i64(entry.value.activeMillis[p]) }
                w.i64(entry.value.offlineMillis)
            }
        }
        return w.bytes
    }

    /// A tracker for the engine's catalog restarting at `start`, with the windows of `state` (from
    /// `encoded()`) and the open stretches the restored engine holds.
    /// - Throws: `RiskStateError` when `state` is not a tracker encoding (wrong magic, version, length).
    public init(engine: AlarmEngine, settings: RiskSettings = RiskSettings(), start: Millis, restoring state: [UInt8])
        throws(RiskStateError)
    {
        self.init(engine: engine, settings: settings, start: start)
        var r = RiskByteReader(bytes: state)
        for byte in Self.magic where try r.u8() != byte {
            throw RiskStateError.invalid("not a risk tracker state (magic is not HZRK)", at: 0)
        }
        let version = try r.u8()
        guard version == Self.version else {
            throw RiskStateError.invalid("version \(version); this build reads version \(Self.version)", at: 4)
        }
        _ = try r.i64()  // the clock when saved: the restart time replaces it, the gap is not observed
        for _ in 0..<Int(try r.u16()) {
            let hour = try r.i64()
            let ms = try r.i64()
            observed.update(hour: hour) { $0 = ms }
        }
        var byID: [String: Int] = [:]
        for (index, spec) in model.enterprises.enumerated() { byID[spec.id] = index }
        for _ in 0..<Int(try r.u32()) {
            let id = try r.text()
            let overdue = Int(try r.u32())
            let findings = Int(try r.u32())
            var buckets: [(Int64, RiskBucket)] = []
            for _ in 0..<Int(try r.u16()) {
                let hour = try r.i64()
                var bucket = RiskBucket()
                for p in 0..<4 { bucket.activations[p] = try r.u32() }
                for p in 0..<4 { bucket.activeMillis[p] = try r.i64() }
                bucket.offlineMillis = try r.i64()
                buckets.append((hour, bucket))
            }
            guard let index = byID[id] else { continue }
            enterprises[index].overdueInspections = overdue
            enterprises[index].confirmedFindings = findings
            for (hour, saved) in buckets {
                enterprises[index].buckets.update(hour: hour) { bucket in
                    bucket.activations &+= saved.activations
                    bucket.activeMillis &+= saved.activeMillis
                    bucket.offlineMillis += saved.offlineMillis
                }
            }
        }
        guard r.atEnd else {
            throw RiskStateError.invalid("\(state.count - r.offset) bytes after the end", at: r.offset)
        }
    }
}
