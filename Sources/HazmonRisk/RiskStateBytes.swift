/// Little-endian writing and reading for `RiskTracker.encoded()`: no Foundation, explicit widths.
struct RiskByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func i64(_ v: Int64) {
        let u = UInt64(bitPattern: v)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: u >> (8 * i))) }
    }
    mutating func text(_ s: String) {
        let utf8 = Array(s.utf8.prefix(Int(UInt16.max)))
        u16(UInt16(utf8.count))
        bytes += utf8
    }
}

/// Reads what `RiskByteWriter` wrote; every read checks the length, so truncated input is an error, not a trap.
struct RiskByteReader {
    let bytes: [UInt8]
    var offset = 0

    private mutating func take(_ n: Int) throws(RiskStateError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else { throw RiskStateError.truncated(at: offset) }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    private mutating func unsigned(_ width: Int) throws(RiskStateError) -> UInt64 {
        var v: UInt64 = 0
        for (i, byte) in try take(width).enumerated() { v |= UInt64(byte) << (8 * UInt64(i)) }
        return v
    }

    mutating func u8() throws(RiskStateError) -> UInt8 { UInt8(try unsigned(1)) }
    mutating func u16() throws(RiskStateError) -> UInt16 { UInt16(try unsigned(2)) }
    mutating func u32() throws(RiskStateError) -> UInt32 { UInt32(try unsigned(4)) }
    mutating func i64() throws(RiskStateError) -> Int64 { Int64(bitPattern: try unsigned(8)) }
    mutating func text() throws(RiskStateError) -> String {
        let n = Int(try u16())
        guard let s = String(validating: try take(n), as: UTF8.self) else {
            throw RiskStateError.invalid("an enterprise id is not UTF-8", at: offset - n)
        }
        return s
    }

    var atEnd: Bool { offset == bytes.count }
}

/// Why saved risk state could not be restored. The service then starts with empty live windows.
public struct RiskStateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, and at which byte.
    public let description: String

    static func truncated(at offset: Int) -> RiskStateError {
        RiskStateError(description: "risk state is truncated at byte \(offset)")
    }

    static func invalid(_ what: String, at offset: Int) -> RiskStateError {
        RiskStateError(description: "risk state is invalid at byte \(offset): \(what)")
    }
}
