/// The binary form of an `EngineSnapshot`, version 1:
///
///     "HZSN"  u16 version  u32 payload byte count  payload  u64 FNV-1a checksum of all before it
///     payload: i64 watermark, var nextSeq, var windowOverflows,
///       var n × enterprise: str id, bool inFlood, time floodEndsAt, var m × time activation
///       var n × tag: var enterprise (index above), str id, time lastTs, time lastHeard,
///         f64 lastValue, f64 frozenReference, time frozenReferenceTs, zigzag-var frozenCount,
///         var m × (time ts, f64 value), u8 k × alarm
///       var n × vote: var enterprise, str id, alarm
///     alarm: u8 condition, u64 definition, bool trackerActive, time periodStart, u8 state,
///       u8 flags, time activatedAt, time returnedAt, time shelvedUntil,
///       time secondLastActivation, time lastActivation
///
/// Fixed-width fields are little-endian; `var` is an LEB128 varint (shortest form only); `str`
/// is a var byte count and UTF-8; `bool` one byte, 0 or 1. A `time` is a var code relative to
/// the watermark (0 when it is `Int64.min`): 0 is `Int64.min` ("never"), 1 is `Int64.max`
/// ("none armed"), 2 escapes a raw i64 for offsets too far to code, else zigzag(ts - base) + 3.
/// So an alarm that never fired takes 18 bytes and times near the clock 3 or 4.
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
        w.base = watermark == .min ? 0 : watermark
        w.varint(nextSeq)
        w.varint(windowOverflows)
        var enterpriseIndex: [String: Int] = [:]
        var enterpriseIDs = enterprises.map(\.id)
        for (e, id) in enterpriseIDs.enumerated() where enterpriseIndex[id] == nil { enterpriseIndex[id] = e }
        // Tags and votes may name an enterprise without flood state (hand-built snapshots): listed too.
        for id in tags.map(\.enterprise) + votes.map(\.enterprise) where enterpriseIndex[id] == nil {
            enterpriseIndex[id] = enterpriseIDs.count
            enterpriseIDs.append(id)
        }
        w.count(enterpriseIDs.count)
        for (e, id) in enterpriseIDs.enumerated() {
            let flood = e < enterprises.count ? enterprises[e] : Enterprise(id: id, inFlood: false, floodEndsAt: .max,
                                                                              floodActivations: [])
            w.string(id)
            w.bool(flood.inFlood)
            w.time(flood.floodEndsAt)
            w.count(flood.floodActivations.count)
            for ts in flood.floodActivations { w.time(ts) }
        }
        w.count(tags.count)
        for tag in tags {
            w.count(enterpriseIndex[tag.enterprise]!)
            w.string(tag.id)
            w.time(tag.lastTs)
            w.time(tag.lastHeard)
            w.f64(tag.lastValue)
            w.f64(tag.frozenReference)
            w.time(tag.frozenReferenceTs)
            w.varint(zigzag(Int64(tag.frozenCount)))
            w.count(tag.ring.count)
            for sample in tag.ring {
                w.time(sample.ts)
                w.f64(sample.value)
            }
            precondition(tag.alarms.count <= Int(UInt8.max), "a tag has at most one alarm per condition")
            w.bytes.append(UInt8(tag.alarms.count))
            for alarm in tag.alarms { w.alarm(alarm) }
        }
        w.count(votes.count)
        for vote in votes {
            w.count(enterpriseIndex[vote.enterprise]!)
            w.string(vote.id)
            w.alarm(vote.alarm)
        }
        let length = w.bytes.count - Self.headerSize
        precondition(length <= Int(UInt32.max), "a snapshot payload of \(length) bytes does not fit the format")
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
        r.base = watermark == .min ? 0 : watermark
        let nextSeq = try r.varint()
        let overflows = try r.varint()
        let enterpriseCount = try r.count(minimumBytesEach: 4)
        var enterprises: [Enterprise] = []
        enterprises.reserveCapacity(enterpriseCount)
        for _ in 0..<enterpriseCount {
            let id = try r.string()
            let inFlood = try r.bool()
            let endsAt = try r.time()
            let n = try r.count(minimumBytesEach: 1)
            var times: [Millis] = []
            times.reserveCapacity(n)
            for _ in 0..<n { times.append(try r.time()) }
            enterprises.append(Enterprise(id: id, inFlood: inFlood, floodEndsAt: endsAt, floodActivations: times))
        }
        let tagCount = try r.count(minimumBytesEach: 24)
        var tags: [Tag] = []
        tags.reserveCapacity(tagCount)
        for _ in 0..<tagCount {
            let enterprise = try r.enterprise(of: enterprises)
            let id = try r.string()
            let lastTs = try r.time()
            let lastHeard = try r.time()
            let lastValue = try r.f64()
            let frozenReference = try r.f64()
            let frozenReferenceTs = try r.time()
            let countAt = r.offset
            guard let frozenCount = Int32(exactly: unzigzag(try r.varint())) else {
                throw .invalid("a FROZEN sample count beyond 32 bits", at: countAt)
            }
            let ringCount = try r.count(minimumBytesEach: 9)
            var ring: [RingSample] = []
            ring.reserveCapacity(ringCount)
            for _ in 0..<ringCount { ring.append(RingSample(ts: try r.time(), value: try r.f64())) }
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
        let voteCount = try r.count(minimumBytesEach: 20)
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

/// Zigzag: small magnitudes of either sign become small unsigned numbers.
@inline(__always)
func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

@inline(__always)
func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }

/// Appends the format's fields.
struct SnapshotWriter {
    var bytes: [UInt8] = []
    /// What `time` fields are relative to (the watermark).
    var base: Millis = 0

    mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u32(_ v: Int) {
        precondition(v >= 0 && v <= Int(UInt32.max), "a snapshot payload of \(v) bytes does not fit the format")
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func count(_ n: Int) { varint(UInt64(n)) }

    mutating func time(_ ts: Millis) {
        switch ts {
        case .min: varint(0)
        case .max: varint(1)
        default:
            let v = zigzag(ts &- base)
            if v <= UInt64.max - 3 {
                varint(v + 3)
            } else {
                varint(2)
                i64(ts)
            }
        }
    }

    mutating func string(_ s: String) {
        count(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    mutating func alarm(_ a: EngineSnapshot.Alarm) {
        let code = EngineSnapshot.conditionCodes.firstIndex(of: a.condition)
        precondition(code != nil, "condition \(a.condition) is never an alarm of a tag or vote")
        bytes.append(UInt8(code!))
        u64(a.definition)
        bool(a.tracker.isActive)
        time(a.tracker.periodStart)
        let l = a.lifecycle
        bytes.append(l.state.rawValue)
        bytes.append(l.flags.rawValue)
        time(l.activatedAt)
        time(l.returnedAt)
        time(l.shelvedUntil)
        time(l.secondLastActivation)
        time(l.lastActivation)
    }
}

/// Reads the format's fields, checking every length against the bytes left and refusing any
/// spelling `SnapshotWriter` would not produce (so decoding and re-encoding give the same bytes).
struct SnapshotReader {
    let bytes: [UInt8]
    var offset: Int
    var end: Int
    var base: Millis = 0

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

    mutating func varint() throws(SnapshotDecodingError) -> UInt64 {
        let start = offset
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            if shift == 63 && byte > 1 { throw .invalid("a varint beyond 64 bits", at: start) }
            v |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 { throw .invalid("a varint not in its shortest form", at: start) }
                return v
            }
            shift += 7
        }
    }

    /// A count of elements of at least `minimumBytesEach` bytes, refused when the bytes left
    /// cannot hold them (so a corrupt count never reserves gigabytes).
    mutating func count(minimumBytesEach size: Int) throws(SnapshotDecodingError) -> Int {
        let at = offset
        let n = try varint()
        guard n <= UInt64((end - offset) / size) else {
            throw .invalid("a count of \(n) that the \(end - offset) bytes left cannot hold", at: at)
        }
        return Int(n)
    }

    mutating func time() throws(SnapshotDecodingError) -> Millis {
        let at = offset
        switch try varint() {
        case 0: return .min
        case 1: return .max
        case 2:
            let ts = try i64()
            guard ts != .min, ts != .max, zigzag(ts &- base) > UInt64.max - 3 else {
                throw .invalid("a raw time that has a shorter code", at: at)
            }
            return ts
        case let code:
            let ts = base &+ unzigzag(code - 3)
            guard ts != .min, ts != .max else { throw .invalid("a time offset that has a shorter code", at: at) }
            return ts
        }
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
        let e = try varint()
        guard e < UInt64(enterprises.count) else {
            throw .invalid("enterprise index \(e) of \(enterprises.count)", at: at)
        }
        return enterprises[Int(e)].id
    }

    mutating func alarm() throws(SnapshotDecodingError) -> EngineSnapshot.Alarm {
        let at = offset
        let code = Int(try u8())
        guard code < EngineSnapshot.conditionCodes.count else { throw .invalid("condition code \(code)", at: at) }
        let definition = try u64()
        let tracker = DelayTracker(isActive: try bool(), periodStart: try time())
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
            state: state, flags: flags, activatedAt: try time(), returnedAt: try time(), shelvedUntil: try time(),
            secondLastActivation: try time(), lastActivation: try time())
        return EngineSnapshot.Alarm(condition: EngineSnapshot.conditionCodes[code], definition: definition,
                                    tracker: tracker, lifecycle: lifecycle)
    }
}
