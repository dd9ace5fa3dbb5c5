import HazmonCore
import Testing

/// Fixes the payload length and the FNV-1a 64 checksum of a changed snapshot, to forge corrupt
/// inputs that the parser itself has to refuse.
private func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var body = Array(bytes.dropLast(8))
    let length = body.count - 10
    for i in 0..<4 { body[6 + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in body { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    for i in 0..<8 { body.append(UInt8(truncatingIfNeeded: hash >> UInt64(8 * i))) }
    return body
}

/// A snapshot with every kind of state: a random scenario run to its end.
private func richSnapshot(seed: UInt64) -> [UInt8] {
    let scenario = makeScenario(seed: seed)
    var engine = AlarmEngine(model: scenario.model)
    var events: [AlarmEvent] = []
    for op in scenario.ops { engine.apply(op, into: &events) }
    return engine.snapshot().encoded()
}

@Suite("Snapshot binary form")
struct SnapshotCodingTests {
    @Test("every strict prefix of a snapshot is refused as truncated", arguments: [UInt64(3), 7, 11])
    func truncation(_ seed: UInt64) {
        let bytes = richSnapshot(seed: seed)
        for n in 0..<bytes.count {
            do {
                _ = try EngineSnapshot(decoding: Array(bytes.prefix(n)))
                Issue.record("seed \(seed): a prefix of \(n) of \(bytes.count) bytes decoded")
            } catch {
                #expect(error.isTruncated, "seed \(seed), prefix \(n): \(error)")
            }
        }
    }

    @Test("any flipped bit is refused: magic, version, length or checksum", arguments: [UInt64(5), 8])
    func bitFlips(_ seed: UInt64) {
        let bytes = richSnapshot(seed: seed)
        for i in bytes.indices {
            var corrupt = bytes
            corrupt[i] ^= 1 << UInt8(i % 8)
            do {
                _ = try EngineSnapshot(decoding: corrupt)
                Issue.record("seed \(seed): flipping byte \(i) decoded")
            } catch {
                switch i {
                case 0..<4: #expect(error.description.contains("not an engine snapshot"), "\(error)")
                case 4..<6: #expect(error.unsupportedVersion != nil, "\(error)")
                case 6..<10: #expect(error.isTruncated || error.isCorrupt, "byte \(i): \(error)")
                default: #expect(error.isCorrupt, "byte \(i): \(error)")
                }
            }
        }
    }

    @Test("an unknown version says which, and what to do")
    func unknownVersion() {
        var bytes = richSnapshot(seed: 1)
        bytes[4] = 2
        #expect(throws: SnapshotDecodingError.self) { try EngineSnapshot(decoding: bytes) }
        do {
            _ = try EngineSnapshot(decoding: bytes)
        } catch {
            #expect(error.unsupportedVersion == 2)
            #expect(error.description.contains("version 2 is not supported"))
        }
    }

    @Test("bytes after the end, checksum included, are refused")
    func trailing() {
        let bytes = richSnapshot(seed: 2)
        let longer = resealed(Array(bytes.dropLast(8)) + [0, 0, 0] + Array(repeating: 0, count: 8))
        do {
            _ = try EngineSnapshot(decoding: longer)
            Issue.record("trailing bytes decoded")
        } catch {
            #expect(error.isCorrupt && error.description.contains("3 unexpected byte(s)"), "\(error)")
        }
    }

    /// Random bytes, and valid snapshots with random bytes changed and the checksum recomputed so
    /// the parser itself meets them: decoding must throw or succeed, never trap or hang. What
    /// decodes must re-encode to the same bytes (the format has one spelling per snapshot).
    @Test("fuzz: arbitrary and forged inputs never crash the decoder", arguments: Array(0..<4))
    func fuzz(_ batch: Int) {
        var r = SplitMix64(seed: 0xF022 + UInt64(batch))
        let base = richSnapshot(seed: UInt64(20 + batch))
        var decoded = 0
        for _ in 0..<400 {
            var input: [UInt8]
            switch r.below(3) {
            case 0:
                input = (0..<r.int(0...200)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
                if r.chance(50) { input = resealed(Array("HZSN".utf8) + [1, 0, 0, 0, 0, 0] + input + Array(repeating: 0, count: 8)) }
            case 1:
                input = base
                for _ in 0..<r.int(1...4) {
                    input[r.int(10...input.count - 9)] = UInt8(truncatingIfNeeded: r.next())
                }
                input = resealed(input)
            default:
                // Cut or grown in the middle, resealed: counts and contents no longer line up.
                input = Array(base.dropLast(8))
                let at = r.int(10...input.count)
                if r.chance(50) {
                    input.removeSubrange(at..<min(input.count, at + r.int(1...40)))
                } else {
                    input.insert(contentsOf: (0..<r.int(1...40)).map { _ in UInt8(truncatingIfNeeded: r.next()) }, at: at)
                }
                input = resealed(input + Array(repeating: 0, count: 8))
            }
            if let snapshot = try? EngineSnapshot(decoding: input) {
                decoded += 1
                #expect(snapshot.encoded() == input, "a decoded input re-encodes differently")
            }
        }
        // Some forged inputs (a changed value byte) are valid snapshots; most are not.
        #expect(decoded < 400)
    }

    @Test("a snapshot round-trips, NaN values and all identities included", arguments: [UInt64(4), 9, 13])
    func roundTrip(_ seed: UInt64) throws {
        let bytes = richSnapshot(seed: seed)
        let snapshot = try EngineSnapshot(decoding: bytes)
        #expect(snapshot.encoded() == bytes)
        let model = makeScenario(seed: seed).model
        #expect(snapshot.alarmIdentities.sorted() == (0..<AlarmEngine(model: model).alarmCount).map {
            AlarmEngine(model: model).identity(ofAlarm: $0)
        }.sorted())
    }
}
