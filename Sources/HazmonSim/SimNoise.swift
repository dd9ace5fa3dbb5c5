import HazmonCore

/// Stateless, seeded randomness and the few smooth functions the plant model is built from.
///
/// Every random number is a hash of (seed, stream, time), never the next draw of a generator, so a
/// tag's value at a time does not depend on which other tags exist, on the sample rate or on what
/// was asked before: the same seed gives the same value for the same tag and time, always. The
/// trigonometry is computed here too (no libm): results are bit-identical on every machine.
enum SimNoise {
    /// SplitMix64's finaliser: a cheap, well-mixed 64-bit hash.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A hash of several words, order-sensitive.
    @inline(__always)
    static func hash(_ seed: UInt64, _ stream: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
        mix(mix(mix(seed ^ stream) ^ a) &+ b)
    }

    /// FNV-1a of a string's UTF-8: a stable stream id for a tag (Swift's `Hasher` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return mix(h)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    @inline(__always)
    static func unit(_ h: UInt64) -> Double { Double(h >> 11) * 0x1p-53 }

    /// Uniform in [-1, 1).
    @inline(__always)
    static func signed(_ h: UInt64) -> Double { unit(h) * 2 - 1 }

    /// Bell-shaped noise in [-1, 1] (Irwin–Hall: the mean of four 16-bit uniforms, rescaled); standard
    /// deviation ≈ 0.29. Bounded on purpose, so a tag's normal band can be proven never to reach a limit.
    @inline(__always)
    static func bell(_ h: UInt64) -> Double {
        let a = Double(h & 0xFFFF)
        let b = Double((h >> 16) & 0xFFFF)
        let c = Double((h >> 32) & 0xFFFF)
        let d = Double(h >> 48)
        return (a + b + c + d) / (2 * 65_535) - 1
    }

    /// Smooth value noise in [-1, 1]: random knots every `period` ms, joined by smoothstep; its slope is
    /// at most 3 / `period` per ms.
    static func drift(_ seed: UInt64, _ stream: UInt64, at t: Millis, period: Millis) -> Double {
        let k = floorDiv(t, period)
        let f = Double(t - k * period) / Double(period)
        let a = signed(hash(seed, stream, UInt64(bitPattern: k)))
        let b = signed(hash(seed, stream, UInt64(bitPattern: k + 1)))
        let s = f * f * (3 - 2 * f)
        return a + (b - a) * s
    }

    /// Floor division (rounds towards minus infinity).
    @inline(__always)
    static func floorDiv(_ a: Millis, _ b: Millis) -> Millis {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `cos(2π · turns)`, to about 1e-9, from a polynomial: no libm, the same bits everywhere.
    static func cosTurns(_ turns: Double) -> Double {
        var x = turns - turns.rounded(.down)  // [0, 1)
        // cos is even and symmetric about ½: fold onto [0, ¼] with a sign.
        if x > 0.5 { x = 1 - x }
        var sign = 1.0
        if x > 0.25 {
            x = 0.5 - x
            sign = -1
        }
        // x in [0, ¼] turns = [0, π/2]; use sin of the complement when past ⅛ for a short series.
        let angle = x * 2 * Double.pi
        if x <= 0.125 { return sign * cosSeries(angle) }
        return sign * sinSeries(Double.pi / 2 - angle)
    }

    private static func cosSeries(_ x: Double) -> Double {
        let x2 = x * x
        return 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30 * (1 - x2 / 56 * (1 - x2 / 90 * (1 - x2 / 132)))))
    }

    private static func sinSeries(_ x: Double) -> Double {
        let x2 = x * x
        return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72 * (1 - x2 / 110)))))
    }
}
