public import Hummingbird
import HazmonIO

/// An API failure, answered as `{"error": {"code", "message"}}` with a message that says what to fix.
public struct APIError: HTTPResponseError, Sendable {
    /// HTTP status.
    public let status: HTTPResponse.Status
    /// Stable machine-readable code (`unknown_alarm`, `invalid_filter`, …).
    public let code: String
    /// What was wrong and what to do.
    public let message: String
    /// Extra headers (`WWW-Authenticate` on 401).
    public let headers: HTTPFields

    /// An error with its status, code and message.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The JSON body.
    public var json: String {
        var out = "{\"error\":{\"code\":"
        JSONText.appendString(code, to: &out)
        out += ",\"message\":"
        JSONText.appendString(message, to: &out)
        return out + "}}"
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(json, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
    static func notFound(_ code: String, _ message: String) -> APIError { APIError(.notFound, code, message) }
}

/// Builds responses from JSON text.
enum JSONResponse {
    static func make(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(json)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: buffer)
        )
    }

    /// `{"key": [items…], "count": n}`; items are already JSON.
    static func list(_ key: String, _ items: [String]) -> Response {
        make("{\"\(key)\":[" + items.joined(separator: ",") + "],\"count\":\(items.count)}")
    }
}
