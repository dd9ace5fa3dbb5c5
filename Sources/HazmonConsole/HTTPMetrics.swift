import Foundation
import Hummingbird
import Logging
import Synchronization

/// HTTP-level metrics the console adds to the service's: requests by route, method and status; SSE clients.
final class HTTPMetrics: Sendable {
    private struct Key: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int
        static func < (a: Key, b: Key) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private let requests = Mutex<[Key: Int]>([:])
    private let sse = Mutex<(current: Int, total: Int)>((0, 0))

    func record(route: String, method: String, status: Int) {
        requests.withLock { $0[Key(route: route, method: method, status: status), default: 0] += 1 }
    }

    func sseOpened() { sse.withLock { $0.current += 1; $0.total += 1 } }
    func sseClosed() { sse.withLock { $0.current -= 1 } }
    var sseClients: Int { sse.withLock { $0.current } }

    /// Prometheus text exposition of the console's own metrics.
    func render() -> String {
        var out = "# HELP hazmon_http_requests_total HTTP requests answered by the console, by route template.\n"
        out += "# TYPE hazmon_http_requests_total counter\n"
        let snapshot = requests.withLock { $0 }.sorted { $0.key < $1.key }
        for (key, count) in snapshot {
            out += "hazmon_http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\","
            out += "status=\"\(key.status)\"} \(count)\n"
        }
        let (current, total) = sse.withLock { $0 }
        out += "# HELP hazmon_http_sse_clients Live event stream clients connected now.\n"
        out += "# TYPE hazmon_http_sse_clients gauge\nhazmon_http_sse_clients \(current)\n"
        out += "# HELP hazmon_http_sse_connections_total Live event stream connections accepted.\n"
        out += "# TYPE hazmon_http_sse_connections_total counter\nhazmon_http_sse_connections_total \(total)\n"
        return out
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

/// Outermost middleware: turns every error into the JSON error shape and counts the response by route template
/// (`/api/v1/alarms/{enterprise}/{tag}/{condition}/ack`, never the concrete path, so labels stay bounded).
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let apiError =
                error.status == .notFound
                ? APIError.notFound("not_found", "no route \(request.method.rawValue) \(request.uri.path); see docs/console.md for the API")
                : APIError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
            response = try apiError.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            response = try APIError(.internalServerError, "internal_error", "the server failed; see its log")
                .response(from: request, context: context)
        }
        let route = context.endpointPath.map { Self.template($0) } ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code)
        return response
    }

    /// `/api/v1/alarms/:enterprise/…` → `/api/v1/alarms/{enterprise}/…`, the form Prometheus users expect.
    static func template(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }
}
