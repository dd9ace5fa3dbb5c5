/// The binary form of an `EngineSnapshot`, version 1, little-endian:
///
///     "HZSN"  u16 version  u32 payload byte count  payload  u64 FNV-1a checksum of all before it
///     payload: i64 watermark, u64 nextSeq, u64 windowOverflows,
///       u32 n × enterprise: str id, bool inFlood, i64 floodEndsAt, u32 m × i64 activation
///       u32 n × tag: u32 enterprise (index above), str id, i64 lastTs, i64 lastHeard,
///         f64 lastValue, f64 frozenReference, i64 frozenReferenceTs, i32 frozenCount,
///         u32 m × (i64 ts, f64 value), u8 k × alarm
///       u32 n × vote: u32 enterprise, str id, alarm
///     alarm (59 bytes): u8 condition, u64 definition, bool trackerActive, i64 periodStart,
///       u8 state, u8 flags, i64 activatedAt, i64 returnedAt, i64 shelvedUntil,
///       i64 secondLastActivation, i64 lastActivation
///     str: u32 byte count, UTF-8; bool: one byte, 0 or 1.
extension EngineSnapshot {
    /// The format version `encoded()` writes and `init(decoding:)` reads.
    public static let formatVersion: UInt16 = 1
    static let magic: [UInt8] = Array("HZSN".utf8)
    /// Magic, version and payload length.
    static let headerSize = 10
    /// Condition codes of format version 1; the enum's order may change, these may not.
    static let conditionCodes: [Condition] = [.HH, .H, .L, .LL, .ROC, .WINDOW, .STALE, .FROZEN, .BAD, .DISCRETE, .VOTE]

    /// The snapshot in its compact binary form (see the format above).
    public func encoded() -> [UInt8] {
        var w = SnapshotWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.u16(Self.formatVersion)
        w.u32(0)  // payload length, filled in below
        w.i64(watermark)
        w.u64(nextSeq)
        w.u64(windowOverflows)
        var enterpriseIndex: [String: Int] = [:]
        var enterpriseIDs = enterprises.map(\.id)
        for (e, id) in enterpriseIDs.enumerated() where enterpriseIndex[id] == nil { enterpriseIndex[id] = e }
        // Tags and votes may name an enterprise without flood state (hand-built snapshots): listed too.
        for id in tags.map(\.enterprise) + votes.map(\.enterprise) where enterpriseIndex[id] == nil {
            enterpriseIndex[id] = enterpriseIDs.count
            enterpriseIDs.append(id)
        }
        w.u32(enterpriseIDs.count)
        for (e, id) in enterpriseIDs.enumerated() {
            let flood = e < enterprises.count ? enterprises[e] : Enterprise(id: id, inFlood: false, floodEndsAt: .max,
                                                                              floodActivations: [])
            w.string(id)
            w.bool(flood.inFlood)
            w.i64(flood.floodEndsAt)
            w.u32(flood.floodActivations.count)
            for ts in flood.floodActivations { w.i64(ts) }
        }
        w.u32(tags.count)
        for tag in tags {
            w.u32(enterpriseIndex[tag.enterprise]!)
            w.string(tag.id)
            w.i64(tag.lastTs)
            w.i64(tag.lastHeard)
            w.f64(tag.lastValue)
            w.f64(tag.frozenReference)
            w.i64(tag.frozenReferenceTs)
            w.u32(Int(UInt32(bitPattern: tag.frozenCount)))
            w.u32(tag.ring.count)
            for sample in tag.ring {
                w.i64(sample.ts)
                w.f64(sample.value)
            }
            precondition(tag.alarms.count <= Int(UInt8.max), "a tag has at most one alarm per condition")
            w.bytes.append(UInt8(tag.alarms.count))
            for alarm in tag.alarms { w.alarm(alarm) }
        }
        w.u32(votes.count)
        for vote in votes {
            w.u32(enterpriseIndex[vote.enterprise]!)
            w.string(vote.id)
            w.alarm(vote.alarm)
        }
        let length = w.bytes.count - Self.headerSize
        for i in 0..<4 { w.bytes[6 + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        var hash = StableHash()
        for byte in w.bytes { hash.add(byte: byte) }
        w.u64(hash.value)
        return w.bytes
    }

    /// Decodes `encoded()` output. Never traps on arbitrary bytes: every count is checked against
    /// the bytes left and every code against its range.
    public init(decoding bytes: [UInt8]) throws(SnapshotDecodingError) {
        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else {
            if bytes.count < 4 && bytes.elementsEqual(Self.magic.prefix(bytes.count)) {
                throw .truncated(at: bytes.count, needed: 4 - bytes.count)
            }
            throw .notASnapshot()
        }
        var r = SnapshotReader(bytes: bytes, offset: 4)
        let version = try r.u16()
        guard version == Self.formatVersion else { throw .unsupportedVersion(version) }
        // The length in the header tells a cut-off write (too few bytes) from corruption.
        let bodyEnd = Self.headerSize + (try r.u32())
        if bytes.count < bodyEnd + 8 { throw .truncated(at: bytes.count, needed: bodyEnd + 8 - bytes.count) }
        if bytes.count > bodyEnd + 8 { throw .trailingBytes(bytes.count - bodyEnd - 8, at: bodyEnd + 8) }
        var hash = StableHash()
        for byte in bytes[0..<bodyEnd] { hash.add(byte: byte) }
        var tail = SnapshotReader(bytes: bytes, offset: bodyEnd)
        guard try tail.u64() == hash.value else { throw .checksumMismatch(at: bodyEnd) }
        r.end = bodyEnd
        do {
            self = try Self.payload(&r)
        } catch where error.isTruncated {
            // The header's length covers the payload: running past it means a corrupt count.
            throw .invalid("a count or length runs past the end of the payload", at: r.offset)
        }
        guard r.offset == bodyEnd else { throw .trailingBytes(bodyEnd - r.offset, at: r.offset) }
    }

    private static func payload(_ r: inout SnapshotReader) throws(SnapshotDecodingError) -> EngineSnapshot {
        let watermark = try r.i64()
        let nextSeq = try r.u64()
        let overflows = try r.u64()
        let enterpriseCount = try r.count(minimumBytesEach: 17)
        var enterprises: [Enterprise] = []
        enterprises.reserveCapacity(enterpriseCount)
        for _ in 0..<enterpriseCount {
            let id = try r.string()
            let inFlood = try r.bool()
            let endsAt = try r.i64()
            let n = try r.count(minimumBytesEach: 8)
            var times: [Millis] = []
            times.reserveCapacity(n)
            for _ in 0..<n { times.append(try r.i64()) }
            enterprises.append(Enterprise(id: id, inFlood: inFlood, floodEndsAt: endsAt, floodActivations: times))
        }
        let tagCount = try r.count(minimumBytesEach: 61)
        var tags: [Tag] = []
        tags.reserveCapacity(tagCount)
        for _ in 0..<tagCount {
            let enterprise = try r.enterprise(of: enterprises)
            let id = try r.string()
            let lastTs = try r.i64()
            let lastHeard = try r.i64()
            let lastValue = try r.f64()
            let frozenReference = try r.f64()
            let frozenReferenceTs = try r.i64()
            let frozenCount = Int32(bitPattern: UInt32(try r.u32()))
            let ringCount = try r.count(minimumBytesEach: 16)
            var ring: [RingSample] = []
            ring.reserveCapacity(ringCount)
            for _ in 0..<ringCount { ring.append(RingSample(ts: try r.i64(), value: try r.f64())) }
            let alarmCount = Int(try r.u8())
            var alarms: [Alarm] = []
            for _ in 0..<alarmCount {
                let start = r.offset
                let alarm = try r.alarm()
                guard alarm.condition != .VOTE else { throw .invalid("a tag alarm with condition VOTE", at: start) }
                alarms.append(alarm)
            }
            tags.append(Tag(enterprise: enterprise, id: id, lastTs: lastTs, lastHeard: lastHeard, lastValue: lastValue,
                            frozenReference: frozenReference, frozenReferenceTs: frozenReferenceTs,
                            frozenCount: frozenCount, ring: ring, alarms: alarms))
        }
        let voteCount = try r.count(minimumBytesEach: 67)
        var votes: [Vote] = []
        votes.reserveCapacity(voteCount)
        for _ in 0..<voteCount {
            let enterprise = try r.enterprise(of: enterprises)
            let id = try r.string()
            let start = r.offset
            let alarm = try r.alarm()
            guard alarm.condition == .VOTE else { throw .invalid("a vote alarm with condition \(alarm.condition)", at: start) }
            votes.append(Vote(enterprise: enterprise, id: id, alarm: alarm))
        }
        return EngineSnapshot(watermark: watermark, nextSeq: nextSeq, windowOverflows: overflows,
                              enterprises: enterprises, tags: tags, votes: votes)
    }
}

/// Appends little-endian fields.
struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u32(_ v: Int) {
        precondition(v >= 0 && v <= Int(UInt32.max), "count \(v) does not fit the snapshot format")
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func string(_ s: String) {
        u32(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    mutating func alarm(_ a: EngineSnapshot.Alarm) {
        let code = EngineSnapshot.conditionCodes.firstIndex(of: a.condition)
        precondition(code != nil, "condition \(a.condition) is never an alarm of a tag or vote")
        bytes.append(UInt8(code!))
        u64(a.definition)
        bool(a.tracker.isActive)
        i64(a.tracker.periodStart)
        let l = a.lifecycle
        bytes.append(l.state.rawValue)
        bytes.append(l.flags.rawValue)
        i64(l.activatedAt)
        i64(l.returnedAt)
        i64(l.shelvedUntil)
        i64(l.secondLastActivation)
        i64(l.lastActivation)
    }
}

/// Reads little-endian fields, checking every length against the bytes left.
struct SnapshotReader {
    let bytes: [UInt8]
    var offset: Int
    var end: Int

    init(bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        self.offset = offset
        end = bytes.count
    }

    private mutating func take(_ n: Int) throws(SnapshotDecodingError) -> Int {
        guard end - offset >= n else { throw .truncated(at: end, needed: n - (end - offset)) }
        defer { offset += n }
        return offset
    }

    mutating func u8() throws(SnapshotDecodingError) -> UInt8 { bytes[try take(1)] }

    mutating func u16() throws(SnapshotDecodingError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    mutating func u32() throws(SnapshotDecodingError) -> Int {
        let at = try take(4)
        var v = 0
        for i in 0..<4 { v |= Int(bytes[at + i]) << (8 * i) }
        return v
    }

    mutating func u64() throws(SnapshotDecodingError) -> UInt64 {
        let at = try take(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << UInt64(8 * i) }
        return v
    }

    mutating func i64() throws(SnapshotDecodingError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f64() throws(SnapshotDecodingError) -> Double { Double(bitPattern: try u64()) }

    mutating func bool() throws(SnapshotDecodingError) -> Bool {
        let at = offset
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw .invalid("boolean byte \(b) (expected 0 or 1)", at: at)
        }
    }

    /// A count of elements of at least `minimumBytesEach` bytes, refused when the bytes left
    /// cannot hold them (so a corrupt count never reserves gigabytes).
    mutating func count(minimumBytesEach size: Int) throws(SnapshotDecodingError) -> Int {
        let n = try u32()
        guard n <= (end - offset) / size else {
            throw .truncated(at: end, needed: n * size - (end - offset))
        }
        return n
    }

    mutating func string() throws(SnapshotDecodingError) -> String {
        let n = try count(minimumBytesEach: 1)
        let at = try take(n)
        guard let s = String(validating: bytes[at..<at + n], as: UTF8.self) else {
            throw .invalid("an id that is not valid UTF-8", at: at)
        }
        return s
    }

    mutating func enterprise(of enterprises: [EngineSnapshot.Enterprise]) throws(SnapshotDecodingError) -> String {
        let at = offset
        let e = try u32()
        guard e < enterprises.count else {
            throw .invalid("enterprise index \(e) of \(enterprises.count)", at: at)
        }
        return enterprises[e].id
    }

    mutating func alarm() throws(SnapshotDecodingError) -> EngineSnapshot.Alarm {
        let at = offset
        let code = Int(try u8())
        guard code < EngineSnapshot.conditionCodes.count else { throw .invalid("condition code \(code)", at: at) }
        let definition = try u64()
        let tracker = DelayTracker(isActive: try bool(), periodStart: try i64())
        let stateAt = offset
        guard let state = AlarmState(rawValue: try u8()) else {
            throw .invalid("alarm state \(bytes[stateAt])", at: stateAt)
        }
        let flagsAt = offset
        let flags = AlarmFlags(rawValue: try u8())
        guard flags.isSubset(of: [.shelved, .suppressed, .outOfService, .chattering]) else {
            throw .invalid("alarm flags \(flags.rawValue)", at: flagsAt)
        }
        let lifecycle = AlarmLifecycle(
            state: state, flags: flags, activatedAt: try i64(), returnedAt: try i64(), shelvedUntil: try i64(),
            secondLastActivation: try i64(), lastActivation: try i64())
        return EngineSnapshot.Alarm(condition: EngineSnapshot.conditionCodes[code], definition: definition,
                                    tracker: tracker, lifecycle: lifecycle)
    }
}
