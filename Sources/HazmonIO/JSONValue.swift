/// A small JSON parser for telemetry and replay lines: no Foundation, exact positions in errors.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order (duplicates kept; lookups take the first).
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// A parse failure at a byte offset.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "invalid JSON at byte \(offset + 1): \(message)" }
    }

    /// Parses one JSON document from UTF-8 bytes (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 32) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw ParseError(offset: parser.i, message: "unexpected text after the value") }
        return value
    }

    /// Parses one JSON document from a string.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var copy = text
        do {
            return try copy.withUTF8 { buffer in try parse(buffer) }
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(offset: 0, message: "\(error)")
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth <= maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
            guard i < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[i] {
            case 0x7B: return try object(depth: depth)
            case 0x5B: return try array(depth: depth)
            case 0x22: return .string(try string())
            case 0x74: try literal("true"); return .bool(true)
            case 0x66: try literal("false"); return .bool(false)
            case 0x6E: try literal("null"); return .null
            case 0x4E: try literal("NaN"); return .number(.nan)
            case 0x49: try literal("Infinity"); return .number(.infinity)
            case 0x2D where i + 1 < bytes.count && bytes[i + 1] == 0x49:
                i += 1
                try literal("Infinity")
                return .number(-.infinity)
            case 0x2D, 0x30...0x39: return .number(try number())
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let count = word.utf8CodeUnitCount
            guard i + count <= bytes.count else { throw fail("expected \(word)") }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            for k in 0..<count where bytes[i + k] != expected[k] { throw fail("expected \(word)") }
            i += count
        }

        mutating func number() throws(ParseError) -> Double {
            let start = i
            if bytes[i] == 0x2D { i += 1 }
            while i < bytes.count {
                let c = bytes[i]
                guard (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D else {
                    break
                }
                i += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            guard let value = Double(text) else { throw ParseError(offset: start, message: "bad number '\(text)'") }
            return value
        }

        mutating func string() throws(ParseError) -> String {
            i += 1  // opening quote
            let start = i
            var hasEscape = false
            while i < bytes.count, bytes[i] != 0x22 {
                if bytes[i] == 0x5C { hasEscape = true; i += 1 }
                i += 1
            }
            guard i < bytes.count else { throw ParseError(offset: start - 1, message: "unterminated string") }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
            i += 1
            if !hasEscape { return String(decoding: raw, as: UTF8.self) }
            return try unescape(raw, at: start)
        }

        func unescape(_ raw: UnsafeBufferPointer<UInt8>, at offset: Int) throws(ParseError) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var k = 0
            while k < raw.count {
                let c = raw[k]
                guard c == 0x5C else { out.append(c); k += 1; continue }
                k += 1
                guard k < raw.count else { break }
                switch raw[k] {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard k + 4 < raw.count,
                        let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[(k + 1)...(k + 4)]), as: UTF8.self), radix: 16)
                    else { throw ParseError(offset: offset + k, message: "bad \\u escape") }
                    k += 4
                    var scalarCode = code
                    // Surrogate pair.
                    if (0xD800..<0xDC00).contains(code), k + 6 < raw.count, raw[k + 1] == 0x5C, raw[k + 2] == 0x75,
                        let low = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[(k + 3)...(k + 6)]), as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        scalarCode = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    }
                    let scalar = Unicode.Scalar(scalarCode) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw ParseError(offset: offset + k, message: "bad escape")
                }
                k += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x5D { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated array") }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x5D { i += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x7D { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == 0x22 else { throw fail("expected a member name in quotes") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == 0x3A else { throw fail("expected ':' after \"\(key)\"") }
                i += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated object") }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; return .object(members) }
                throw fail("expected ',' or '}'")
            }
        }
    }
}
