import HazmonIO

/// A JSON value built in code and written compactly; numbers and strings through `JSONText`.
public indirect enum JSONBuilder: Sendable {
    case object([(String, JSONBuilder)])
    case array([JSONBuilder])
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null

    /// An optional value, `null` when absent.
    static func opt<T>(_ value: T?, _ make: (T) -> JSONBuilder) -> JSONBuilder { value.map(make) ?? .null }

    /// The value as JSON text with two-space indentation.
    public func text() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += inner
                JSONText.appendString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: inner)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .string(let s): JSONText.appendString(s, to: &out)
        case .number(let x): JSONText.appendNumber(x, to: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }
}
