import HazmonIO
import Hummingbird

/// Reads a small JSON object body with messages that point at the problem.
enum RequestJSON {
    static let maxBytes = 64 * 1024

    /// The body as a JSON object; an empty body is `{}` when `emptyIsObject`.
    static func object(_ request: Request, emptyIsObject: Bool) async throws(APIError) -> [(String, JSONValue)] {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBytes) } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the request body exceeds \(maxBytes) bytes")
        }
        let text = String(buffer: buffer)
        if text.allSatisfy(\.isWhitespace) {
            if emptyIsObject { return [] }
            throw .badRequest("invalid_body", "this needs a JSON object body")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch {
            throw .badRequest("invalid_json", "the body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw .badRequest("invalid_body", "the body must be a JSON object ({…})")
        }
        return members
    }

    /// Refuses members not in `allowed` (typos such as `resaon` would otherwise be silently ignored).
    static func rejectUnknown(_ members: [(String, JSONValue)], allowed: [String]) throws(APIError) {
        for (key, _) in members where !allowed.contains(key) {
            throw .badRequest("invalid_body", "unknown field \"\(key)\"; the fields here are: \(allowed.joined(separator: ", "))")
        }
    }

    static func value(_ members: [(String, JSONValue)], _ key: String) -> JSONValue? {
        members.first { $0.0 == key }?.1
    }

    /// An optional string member; `null` counts as absent.
    static func string(_ members: [(String, JSONValue)], _ key: String) throws(APIError) -> String? {
        switch value(members, key) {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw .badRequest("invalid_body", "\"\(key)\" must be a string")
        }
    }
}
