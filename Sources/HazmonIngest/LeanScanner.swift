import HazmonCore
import HazmonIO

/// The fields of one sample as the lean path read them; `ts` nil means "none given".
struct LeanFields {
    var ts: Millis?
    var value: Double
    var quality: Quality
}

/// A batch point read by the lean path; `tag` is -1 when the enterprise has no such tag.
struct PendingPoint: Sendable {
    var tag: Int32
    var ts: Millis
    var hasTs: Bool
    var value: Double
    var quality: Quality
    var tagStart: Int
    var tagEnd: Int
}

/// One pass over the two usual payload shapes, building no JSON tree and allocating nothing.
///
/// It reads only what is certainly valid and gives up (returns nil) at the first thing it does
/// not handle: escapes, nested unknown members, repeated members, `null`s, wrong types, any
/// syntax error. The caller then decodes the payload with `JSONValue`, which reports the problem;
/// so whatever this accepts, `JSONValue` + `SampleFields` accept too, with the same values
/// (`TelemetryDecoderTests` compares both paths over fuzzed payloads).
struct LeanScanner {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// A single-sample payload: an object with `v` (and maybe `ts`, `q`), or a bare number or boolean.
    static func sample(_ payload: UnsafeBufferPointer<UInt8>) -> LeanFields? {
        var s = LeanScanner(payload)
        s.skipSpace()
        guard s.i < s.b.count else { return nil }
        let fields: LeanFields
        switch s.b[s.i] {
        case 0x7B:
            var tag: Range<Int>? = nil
            guard let object = s.fields(isPoint: false, tag: &tag) else { return nil }
            fields = object
        case 0x74, 0x66, 0x2D, 0x30...0x39:
            guard let value = s.sampleValue() else { return nil }
            fields = LeanFields(ts: nil, value: value, quality: .good)
        default: return nil
        }
        s.skipSpace()
        return s.i == s.b.count ? fields : nil
    }

    /// A batch payload: its points go to `pending` (tags resolved in `enterprise`); returns the
    /// batch's `ts` as `.some(nil)` when it has none, nil when the lean path gives up.
    static func batch(
        _ payload: UnsafeBufferPointer<UInt8>, ids: IdLookup, enterprise: Int,
        into pending: inout [PendingPoint]
    ) -> Millis?? {
        var s = LeanScanner(payload)
        s.skipSpace()
        guard s.i < s.b.count, s.b[s.i] == 0x7B else { return nil }
        s.i += 1
        var ts: Millis? = nil
        var seenTs = false
        var seenPoints = false
        while true {
            s.skipSpace()
            guard let key = s.key() else { return nil }
            if s.equals(key, "ts") {
                guard !seenTs, let value = s.timestamp() else { return nil }
                seenTs = true
                ts = value
            } else if s.equals(key, "points") {
                guard !seenPoints, s.points(ids: ids, enterprise: enterprise, into: &pending) else { return nil }
                seenPoints = true
            } else {
                guard s.skipScalar() else { return nil }
            }
            guard let more = s.separator(close: 0x7D) else { return nil }
            if !more { break }
        }
        s.skipSpace()
        guard seenPoints, s.i == s.b.count else { return nil }
        return .some(ts)
    }

    private mutating func points(ids: IdLookup, enterprise: Int, into pending: inout [PendingPoint]) -> Bool {
        guard i < b.count, b[i] == 0x5B else { return false }
        i += 1
        skipSpace()
        if i < b.count, b[i] == 0x5D {
            i += 1
            return true
        }
        while true {
            skipSpace()
            guard i < b.count, b[i] == 0x7B else { return false }
            var tagRange: Range<Int>? = nil
            guard let fields = self.fields(isPoint: true, tag: &tagRange), let tagRange else { return false }
            let tag = ids.tag(UnsafeBufferPointer(rebasing: b[tagRange]), enterprise: enterprise) ?? -1
            pending.append(
                PendingPoint(
                    tag: tag, ts: fields.ts ?? 0, hasTs: fields.ts != nil, value: fields.value,
                    quality: fields.quality, tagStart: tagRange.lowerBound, tagEnd: tagRange.upperBound))
            guard let more = separator(close: 0x5D) else { return false }
            if !more { return true }
        }
    }

    /// An object at `i` with `v`, optional `ts` and `q`, and for a point a string `tag`.
    private mutating func fields(isPoint: Bool, tag: inout Range<Int>?) -> LeanFields? {
        i += 1  // '{'
        var ts: Millis? = nil
        var value: Double? = nil
        var quality: Quality? = nil
        var seenQ = false
        while true {
            skipSpace()
            guard let key = key() else { return nil }
            if equals(key, "v") {
                guard value == nil, let v = sampleValue() else { return nil }
                value = v
            } else if equals(key, "ts") {
                guard ts == nil, let t = timestamp() else { return nil }
                ts = t
            } else if equals(key, "q") {
                guard !seenQ else { return nil }
                seenQ = true
                guard i < b.count else { return nil }
                if b[i] == 0x6E {
                    guard literal("null") else { return nil }
                } else {
                    guard let text = string(), let q = Self.quality(UnsafeBufferPointer(rebasing: b[text])) else {
                        return nil
                    }
                    quality = q
                }
            } else if isPoint, equals(key, "tag") {
                guard tag == nil, let text = string() else { return nil }
                tag = text
            } else {
                guard skipScalar() else { return nil }
            }
            guard let more = separator(close: 0x7D) else { return nil }
            if !more { break }
        }
        guard let value, !isPoint || tag != nil else { return nil }
        return LeanFields(ts: ts, value: value, quality: quality ?? .good)
    }

    /// After a member or element: true at ',', false at `close` (both consumed), nil otherwise.
    private mutating func separator(close: UInt8) -> Bool? {
        skipSpace()
        guard i < b.count else { return nil }
        if b[i] == 0x2C {
            i += 1
            return true
        }
        if b[i] == close {
            i += 1
            return false
        }
        return nil
    }

    /// A member name and its ':'; the position is then at the value.
    private mutating func key() -> Range<Int>? {
        guard let name = string() else { return nil }
        skipSpace()
        guard i < b.count, b[i] == 0x3A else { return nil }
        i += 1
        skipSpace()
        guard i < b.count else { return nil }
        return name
    }

    /// The bytes of a string without escapes (a backslash gives up).
    private mutating func string() -> Range<Int>? {
        guard i < b.count, b[i] == 0x22 else { return nil }
        i += 1
        let start = i
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                return start..<(i - 1)
            }
            if c == 0x5C { return nil }
            i += 1
        }
        return nil
    }

    /// `v`: a number, `true`/`false`, or the strings "NaN", "Infinity", "-Infinity" (as `SampleFields`).
    private mutating func sampleValue() -> Double? {
        switch b[i] {
        case 0x74: return literal("true") ? 1 : nil
        case 0x66: return literal("false") ? 0 : nil
        case 0x2D, 0x30...0x39: return number()
        case 0x22:
            guard let text = string() else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: b[text])
            if SampleValueWord.equals(bytes, "NaN") { return .nan }
            if SampleValueWord.equals(bytes, "Infinity") { return .infinity }
            if SampleValueWord.equals(bytes, "-Infinity") { return -.infinity }
            return nil
        default: return nil
        }
    }

    /// `ts`: epoch ms as an integral number below 9e15 in magnitude, or an RFC 3339 / digits string
    /// (trailing spaces and CRs ignored), exactly as `SampleFields` reads it.
    private mutating func timestamp() -> Millis? {
        switch b[i] {
        case 0x22:
            guard let text = string() else { return nil }
            var end = text.upperBound
            while end > text.lowerBound, b[end - 1] == 0x20 || b[end - 1] == 0x0D { end -= 1 }
            return Timestamps.parse(bytes: UnsafeBufferPointer(rebasing: b[text.lowerBound..<end]))
        case 0x2D, 0x30...0x39:
            guard let token = numberToken() else { return nil }
            // Up to 15 digits is below 9e15 and exact: the integer SampleFields would get via Double.
            if let integer = token.integer { return integer }
            let n = token.value
            guard n.isFinite, n == n.rounded(), abs(n) < 9.0e15 else { return nil }
            return Millis(n)
        default: return nil
        }
    }

    /// Steps over a string, number, `true`, `false` or `null`; gives up on anything else.
    private mutating func skipScalar() -> Bool {
        switch b[i] {
        case 0x22: return string() != nil
        case 0x2D, 0x30...0x39: return number() != nil
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        default: return false
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= b.count else { return false }
        let w = word.utf8Start
        for k in 0..<count where b[i + k] != w[k] { return false }
        i += count
        return true
    }

    /// A number as `JSONValue` reads one: the run of `0-9 . e E + -` from here, which
    /// `Double(String)` must accept. Read in the same pass: plain decimals of at most 19
    /// significant digits whose value is exact in a `Double` take Clinger's fast path (mantissa
    /// ≤ 2^53, |exponent| ≤ 22: one correctly rounded multiply or divide, hence the very `Double`
    /// the standard library returns); anything else goes to `Double(String)`.
    private mutating func number() -> Double? {
        numberToken()?.value
    }

    private struct NumberToken {
        var value: Double
        /// Set for `-?digits` of at most 15 digits: the exact integer.
        var integer: Int64?
    }

    private mutating func numberToken() -> NumberToken? {
        let start = i
        var j = i
        let negative = b[j] == 0x2D
        if negative {
            // -Infinity is JSONValue's, not ours.
            if j + 1 < b.count, b[j + 1] == 0x49 { return nil }
            j += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        // Epoch-ms timestamps have 13 digits: take them 8 at a time.
        let raw = UnsafeRawBufferPointer(b)
        while j + 8 <= b.count {
            let word = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            guard word.isEightDigits else { break }
            mantissa = mantissa &* 100_000_000 &+ word.eightDigitsValue
            digits += 8
            j += 8
        }
        while j < b.count, b[j] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(b[j] &- 0x30)
            digits += 1
            j += 1
        }
        var simple = digits > 0
        var isInteger = true
        var exponent = 0
        if j < b.count, b[j] == 0x2E {
            isInteger = false
            j += 1
            let fracStart = j
            while j < b.count, b[j] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(b[j] &- 0x30)
                digits += 1
                j += 1
            }
            if j == fracStart { simple = false }
            exponent = fracStart - j
        }
        if j < b.count, b[j] == 0x65 || b[j] == 0x45 {
            isInteger = false
            j += 1
            var expNegative = false
            if j < b.count, b[j] == 0x2B || b[j] == 0x2D {
                expNegative = b[j] == 0x2D
                j += 1
            }
            let expStart = j
            var e = 0
            while j < b.count, b[j] &- 0x30 < 10 {
                if e < 10_000 { e = e * 10 + Int(b[j] &- 0x30) }
                j += 1
            }
            if j == expStart { simple = false }
            exponent += expNegative ? -e : e
        }
        let simpleEnd = j
        // The rest of JSONValue's number run (`1.2.3`, `1e5e5`, `1-2`): Double(String) decides.
        while j < b.count {
            let c = b[j]
            guard c &- 0x30 < 10 || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D else { break }
            j += 1
        }
        i = j
        // Leading zeros count as digits here, which only makes this path give up sooner.
        if simple, j == simpleEnd, digits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            if isInteger, digits <= 15 {
                let n = Int64(mantissa)
                return NumberToken(value: negative ? -Double(n) : Double(n), integer: negative ? -n : n)
            }
            var scale = 1.0
            for _ in 0..<(exponent < 0 ? -exponent : exponent) { scale *= 10 }  // 10^k, k ≤ 22: exact
            let magnitude = exponent < 0 ? Double(mantissa) / scale : Double(mantissa) * scale
            return NumberToken(value: negative ? -magnitude : magnitude, integer: nil)
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<j]), as: UTF8.self)) else {
            return nil
        }
        return NumberToken(value: value, integer: nil)
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
        SampleValueWord.equals(UnsafeBufferPointer(rebasing: b[range]), word)
    }

    private static func quality(_ bytes: UnsafeBufferPointer<UInt8>) -> Quality? {
        if SampleValueWord.equals(bytes, "good") { return .good }
        if SampleValueWord.equals(bytes, "uncertain") { return .uncertain }
        if SampleValueWord.equals(bytes, "bad") { return .bad }
        return nil
    }
}

/// Byte comparison with a literal (HazmonIO's `SampleValue.equals` is internal to it).
enum SampleValueWord {
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<bytes.count where bytes[k] != w[k] { return false }
        return true
    }
}
