/// Word-at-a-time byte scanning for the per-message path: topics and ids are 10–40 bytes, where
/// handling 8 bytes per step beats a byte loop without the call overhead of `memchr`/`memcmp`.
enum ByteScan {
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// 0x80 in each byte of `word` equal to `byte`, 0 elsewhere (exact: no carry crosses bytes).
    @inline(__always)
    static func lanes(of byte: UInt8, in word: UInt64) -> UInt64 {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// How many bytes of `bytes` equal `byte`.
    static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var n = 0
        var i = 0
        while i + 8 <= bytes.count {
            // One bit per matching lane, summed into the top byte (no POPCNT in the x86-64 baseline).
            n += Int(
                ((lanes(of: byte, in: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) >> 7)
                    &* 0x0101_0101_0101_0101) >> 56)
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == byte { n += 1 }
            i += 1
        }
        return n
    }

    /// The first index at or after `start` holding `byte`, or `bytes.count`.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var i = start
        while i + 8 <= bytes.count {
            let found = lanes(of: byte, in: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if found != 0 { return i + found.trailingZeroBitCount / 8 }  // little-endian: lowest lane first
            i += 8
        }
        while i < bytes.count, bytes[i] != byte { i += 1 }
        return i
    }

    /// True when the `count` bytes at `a` and `b` are equal.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        if count >= 8 {
            var i = 0
            while i + 8 <= count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                {
                    return false
                }
                i += 8
            }
            // The last 8 bytes, overlapping what was compared.
            return i == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self)
        {
            return false
        }
        return true
    }
}

extension UInt64 {
    /// For 8 ASCII bytes read little-endian: true when all are digits (Lemire).
    @inline(__always)
    var isEightDigits: Bool {
        ((self &+ 0x4646_4646_4646_4646) | (self &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0
    }

    /// The value of 8 ASCII digits read little-endian, first digit most significant (Lemire).
    @inline(__always)
    var eightDigitsValue: UInt64 {
        var v = self &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        v =
            (((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
                &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
        return v
    }
}
