public import HazmonCore

/// Resolves (enterprise id, tag id) to dense indices at the edge, so the engine never sees strings.
public struct TagDirectory: Sendable {
    private var enterprises: [String: Int] = [:]
    /// Per enterprise: tag id → dense tag index.
    private var tags: [[String: Int32]] = []

    public init(model: EngineModel) {
        for (e, enterprise) in model.enterprises.enumerated() {
            enterprises[enterprise.id] = e
            tags.append([:])
        }
        for (t, tag) in model.tags.enumerated() {
            tags[tag.enterprise][tag.id] = Int32(t)
        }
    }

    /// Dense index of an enterprise id.
    public func enterprise(_ id: String) -> Int? { enterprises[id] }

    /// Dense index of a tag within an enterprise.
    public func tag(_ id: String, enterprise: Int) -> Int32? { tags[enterprise][id] }

    /// Dense index of (enterprise id, tag id).
    public func tag(enterprise: String, tag: String) -> Int32? {
        guard let e = enterprises[enterprise] else { return nil }
        return tags[e][tag]
    }
}

/// Why a recorded or received sample was refused before it reached the engine, as counted in
/// summaries and metrics (SPEC §3).
public enum RejectReason: String, Sendable, CaseIterable, Hashable {
    case malformed
    case badTimestamp = "bad_timestamp"
    case badValue = "bad_value"
    case badQuality = "bad_quality"
    case unknownEnterprise = "unknown_enterprise"
    case unknownTag = "unknown_tag"
    case futureTimestamp = "future_timestamp"
    case oversized
    /// Refused by the engine: older than the tag's last sample.
    case late
    /// Refused by the engine: same time as the tag's last sample.
    case duplicate
}

/// Parses sample values as SPEC §3 and the replay format allow: numbers, `true`/`false`,
/// `NaN`, `Infinity`, `-Infinity`.
public enum SampleValue {
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x74 where equals(bytes, "true"): return 1
        case 0x66 where equals(bytes, "false"): return 0
        case 0x4E where equals(bytes, "NaN"): return .nan
        case 0x49 where equals(bytes, "Infinity"), 0x2B where equals(bytes, "+Infinity"): return .infinity
        case 0x2D where equals(bytes, "-Infinity"): return -.infinity
        default: break
        }
        // Digits, sign, point and exponent only: Double("inf") and hex floats are not telemetry.
        for c in bytes {
            guard (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x65 || c == 0x45 else {
                return nil
            }
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for i in 0..<bytes.count where bytes[i] != w[i] { return false }
        return true
    }
}
