/// Why bytes could not be decoded as an `EngineSnapshot`; `description` says what and at which
/// byte offset.
public struct SnapshotDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case notASnapshot
        case unsupportedVersion(UInt16)
        case truncated(needed: Int)
        case checksumMismatch
        case invalid(String)
        case trailingBytes(Int)
    }
    private let reason: Reason
    /// Byte offset where decoding stopped.
    public let offset: Int

    static func notASnapshot() -> Self { Self(reason: .notASnapshot, offset: 0) }
    static func unsupportedVersion(_ v: UInt16) -> Self { Self(reason: .unsupportedVersion(v), offset: 4) }
    static func truncated(at offset: Int, needed: Int) -> Self { Self(reason: .truncated(needed: needed), offset: offset) }
    static func checksumMismatch(at offset: Int) -> Self { Self(reason: .checksumMismatch, offset: offset) }
    static func invalid(_ what: String, at offset: Int) -> Self { Self(reason: .invalid(what), offset: offset) }
    static func trailingBytes(_ n: Int, at offset: Int) -> Self { Self(reason: .trailingBytes(n), offset: offset) }

    /// The snapshot was written by a newer (or unknown) format version.
    public var unsupportedVersion: UInt16? {
        if case .unsupportedVersion(let v) = reason { v } else { nil }
    }

    /// The input ended early: a cut-off file or write.
    public var isTruncated: Bool {
        if case .truncated = reason { true } else { false }
    }

    /// The bytes do not match their checksum: corrupted in storage.
    public var isCorrupt: Bool {
        switch reason {
        case .checksumMismatch, .invalid, .trailingBytes: true
        default: false
        }
    }

    public var description: String {
        switch reason {
        case .notASnapshot:
            "not an engine snapshot: the bytes do not start with the magic \"HZSN\""
        case .unsupportedVersion(let v):
            "engine snapshot format version \(v) is not supported (this build reads version "
                + "\(EngineSnapshot.formatVersion)); discard the checkpoint and rebuild from the alarm journal"
        case .truncated(let needed):
            "engine snapshot truncated at byte \(offset): \(needed) more byte(s) needed"
        case .checksumMismatch:
            "engine snapshot corrupt: checksum mismatch over its \(offset) bytes"
        case .invalid(let what):
            "engine snapshot corrupt at byte \(offset): \(what)"
        case .trailingBytes(let n):
            "engine snapshot corrupt: \(n) unexpected byte(s) after the end at byte \(offset)"
        }
    }
}
