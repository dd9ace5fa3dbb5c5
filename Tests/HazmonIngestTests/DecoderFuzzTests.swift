import HazmonCore
import HazmonIO
import Testing

@testable import HazmonIngest

/// Random mutations of valid payloads, random bytes and hostile shapes: the decoder never traps,
/// every message is accounted for, and the lean path agrees with the general one exactly.
@Suite struct DecoderFuzzTests {
    static let seeds: [String] = [
        #"{"ts": 1763798400123, "v": 42.1, "q": "good"}"#,
        #"{"ts":"2025-11-22T08:00:00.5+08:00","v":true,"q":"uncertain"}"#,
        #"{"v":-1.25e-3}"#,
        "42.1",
        "false",
        #"{"ts": 1763798400123, "points": [{"tag": "T101.LT", "v": 42.1}, {"tag":"T102.PT","v":1.5,"ts":1763798400200,"q":"bad"}, {"tag":"T1","v":false}]}"#,
        #"{"points":[{"tag":"T1","v":1,"ts":"2025-11-22T08:00:01Z"},{"tag":"T101.LT","v":"NaN","q":null}],"ts":1763798300000}"#,
    ]

    static let topics = [
        "hz/E1/T101.LT", "hz/E1/T1", "hz/E1", "hz/91320500MA1W2X3Y4Z", "hz/E1/NOPE", "hz/X", "a/b/c/d",
    ]

    /// Bytes that steer mutations toward the parser's corners.
    static let fragments: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "-", "+", ".", "e", "E", "0", "9", " ", "\n",
        "NaN", "Infinity", "-Infinity", "true", "false", "null", "\"NaN\"", "\"ts\":", "\"v\":", "\"q\":", "\"tag\":",
        "\"points\":", "1e400", "-1e-400", "123456789012345678901234567890", "9223372036854775807", "1.0e15",
        "\"2025-13-40T25:61:61Z\"", "\u{0}", "\u{FEFF}", "é", "\u{FFFF}", "{\"a\":[", "]]]]", "{}", "[]",
    ]

    static let garbage: [[UInt8]] = [0xFF, 0xC3, 0x80, 0xED, 0xA0, 0xF4, 0x90].map { [$0] }

    @Test func tenThousandMutationsNeverCrashAndAddUp() {
        var rng = SplitMix64(seed: 0x1A2B_3C4D)
        var decoder = TelemetryDecoder(model: fixtureModel)
        var accepted = 0
        var refused = 0
        var readByLeanPath = 0
        var pending: [PendingPoint] = []
        for _ in 0..<10_000 {
            let seed = rng.pick(Self.seeds)
            // Mostly the topic the payload is meant for, sometimes any topic.
            let topic = rng.chance(80) ? (seed.contains("points") ? "hz/E1" : "hz/E1/T1") : rng.pick(Self.topics)
            let payload = rng.chance(10) ? Array(seed.utf8) : Self.mutate(Array(seed.utf8), rng: &rng)
            let lean = decoder.outcome(topic: topic, payload: payload, lean: true)
            let general = decoder.outcome(topic: topic, payload: payload, lean: false)
            #expect(lean == general, "\(topic) \(String(decoding: payload, as: UTF8.self))")
            let units = Self.expectedUnits(topic: topic, payload: payload)
            #expect(
                lean.samples.count + lean.rejections.count == units,
                "\(topic) \(String(decoding: payload, as: UTF8.self)): \(lean)")
            #expect(lean.rejections.allSatisfy { !$0.detail.isEmpty })
            if Self.leanPathReads(topic: topic, payload: payload, decoder: decoder, pending: &pending) { readByLeanPath += 1 }
            accepted += lean.samples.count
            refused += lean.rejections.count
            if lean != general || lean.samples.count + lean.rejections.count != units { break }
        }
        // The mutations are mild enough to keep many payloads valid, and many on the lean path, so
        // the comparison above covers it.
        #expect(accepted > 2000 && refused > 2000, "accepted \(accepted), refused \(refused)")
        #expect(readByLeanPath > 2000, "lean path read \(readByLeanPath)")
    }

    @Test(arguments: [
        String(repeating: "[", count: 100_000),
        String(repeating: "{\"a\":", count: 50_000),
        String(repeating: "[", count: 31) + String(repeating: "]", count: 31),
        "{\"v\":" + String(repeating: "9", count: 100_000) + "}",
        "{\"v\":0." + String(repeating: "0", count: 100_000) + "1}",
        "{\"v\":1e" + String(repeating: "9", count: 1000) + "}",
        "{\"v\":\"" + String(repeating: "\\", count: 10_001) + "\"}",
        "{\"v\":\"\\u12\"}",
        "{\"v\":\"\\ud800\\u0041\"}",
        "\"\\u",
        "-",
        "-I",
        "{\"ts\":-9223372036854775808,\"v\":1}",
        "{\"ts\":\"-9223372036854775808\",\"v\":1}",
        "{\"ts\":\"99999999999999999999\",\"v\":1}",
        "{\"ts\":\"0000-01-01T00:00:00Z\",\"v\":1}",
        "{\"ts\":\"9999-12-31T23:59:60.999999999-23:59\",\"v\":1}",
    ])
    func hostileShapes(_ text: String) {
        var decoder = TelemetryDecoder(model: fixtureModel)
        for topic in ["hz/E1/T1", "hz/E1"] {
            let lean = decoder.outcome(topic: topic, text)
            let general = decoder.outcome(topic: topic, text, lean: false)
            #expect(lean == general)
            #expect(
                lean.samples.count + lean.rejections.count
                    == Self.expectedUnits(topic: topic, payload: Array(text.utf8)))
        }
    }

    @Test func randomBytes() {
        var rng = SplitMix64(seed: 7)
        var decoder = TelemetryDecoder(model: fixtureModel)
        for _ in 0..<2000 {
            let payload = (0..<rng.below(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let topicBytes = (0..<rng.below(12)).map { _ in rng.pick(Array("hz/E1T/".utf8) + [0xFF, 0x00]) }
            let topic = String(decoding: topicBytes, as: UTF8.self)
            let lean = decoder.outcome(topic: topic, payload: payload)
            #expect(lean == decoder.outcome(topic: topic, payload: payload, lean: false))
            #expect(lean.samples.count + lean.rejections.count == Self.expectedUnits(topic: topic, payload: payload))
        }
    }

    /// Numbers the lean path converts itself must equal `Double(String)` bit for bit.
    @Test func leanNumbersMatchTheStandardLibrary() {
        var rng = SplitMix64(seed: 42)
        var decoder = TelemetryDecoder(model: fixtureModel)
        for _ in 0..<20_000 {
            var text = rng.chance(30) ? "-" : ""
            text += String(rng.next() % (rng.chance(50) ? 1_000_000 : UInt64(1) << 53))
            if rng.chance(70) { text += "." + String(rng.next() % 1_000_000_000) }
            if rng.chance(30) { text += "e" + String(rng.below(50) - 25) }
            let out = decoder.outcome(topic: "hz/E1/T1", payload: Array(text.utf8))
            #expect(out.samples.first?.value.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    /// True when the lean scanner reads the payload by itself (no fallback to `JSONValue`).
    static func leanPathReads(topic: String, payload: [UInt8], decoder: TelemetryDecoder, pending: inout [PendingPoint])
        -> Bool
    {
        guard let match = TopicPatterns.default.match(topic) else { return false }
        return payload.withUnsafeBufferPointer { bytes in
            if !match.isBatch { return LeanScanner.sample(bytes) != nil }
            pending.removeAll()
            return LeanScanner.batch(bytes, ids: decoder.ids, enterprise: 0, into: &pending) != nil
        }
    }

    /// Samples + rejections a message must produce: one per point of a batch whose `points` array
    /// can be read, else exactly one.
    static func expectedUnits(topic: String, payload: [UInt8]) -> Int {
        guard payload.count <= 262_144, let match = TopicPatterns.default.match(topic), match.isBatch,
            fixtureModel.enterprises.contains(where: { $0.id == match.enterprise })
        else { return 1 }
        let document = payload.withUnsafeBufferPointer { try? JSONValue.parse($0) }
        guard case .object? = document, case .array(let points)? = document?["points"] else { return 1 }
        return points.count
    }

    static func mutate(_ seed: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + rng.below(3)) {
            guard !bytes.isEmpty else { break }
            let at = rng.below(bytes.count)
            switch rng.below(7) {
            case 0: bytes.remove(at: at)
            case 1: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 2: bytes.insert(contentsOf: Array(rng.pick(Self.fragments).utf8), at: at)
            case 3: bytes = Array(bytes[..<at])  // truncated
            case 4: bytes.insert(contentsOf: rng.pick(Self.garbage), at: at)
            case 5:
                // Replace a digit run's digit, keeping the shape valid more often than not.
                if bytes[at] >= 0x30, bytes[at] <= 0x39 { bytes[at] = UInt8(0x30 + rng.below(10)) }
            default:
                let end = min(bytes.count, at + rng.below(8))
                bytes.insert(contentsOf: bytes[at..<end], at: at)  // duplicated run
            }
        }
        return bytes
    }
}
