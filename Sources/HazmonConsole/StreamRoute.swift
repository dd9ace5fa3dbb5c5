import HTTPTypes
import Hummingbird
import HummingbirdCore
import ServiceLifecycle

/// `GET /api/v1/stream`: the live updates as server-sent events.
///
/// Each item is `id: {seq}` / `event: {alarm|inspection|risk|flood}` / `data: {json}`. A client that sends
/// `Last-Event-ID` (EventSource does on its own reconnects; `?last_event_id=` works too, for a fresh
/// EventSource) first gets every held item after that seq, then the live ones, without gaps or repeats: the
/// subscription is opened before the backlog is read and live items at or below the last sent seq are skipped.
/// A comment line (`: keepalive`) every `heartbeat` keeps proxies from closing an idle stream. The stream ends
/// when the client goes, the backend's subscription finishes, or the server shuts down gracefully.
///
/// The token may come as `?token=` because browsers' EventSource cannot set headers; the trade-off is that a
/// URL can end up in proxy logs or history, so the console sends it only on this route, only to its own origin.
struct StreamRoute: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator
    let metrics: HTTPMetrics
    let heartbeat: Duration

    enum Output: Sendable {
        case item(StreamItem)
        case heartbeat
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/stream") { request, _ in try await self.open(request) }
    }

    func open(_ request: Request) async throws -> Response {
        _ = try auth.require(.viewer, request, allowQueryToken: true)
        try QueryFilters.rejectUnknown(request.uri.queryParameters, allowed: ["token", "types", "last_event_id"])
        let types = try Self.types(request.uri.queryParameters.get("types"))
        let resumeText = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("last_event_id")
        let resume = try Self.resumePoint(resumeText)
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        let backend = self.backend, metrics = self.metrics, heartbeat = self.heartbeat
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            metrics.sseOpened()
            defer { metrics.sseClosed() }
            let live = await backend.subscribe()
            var last: Int64 = resume ?? -1
            var head = "retry: 3000\n\n"
            if let resume {
                for item in await backend.events(after: resume) where Self.isNew(item, after: last) {
                    if Self.isJournaled(item) { last = item.seq }
                    if types.contains(item.type) { head += Self.frame(item) }
                }
            }
            try await writer.write(Self.buffer(head))
            let (merged, feed) = AsyncStream<Output>.makeStream()
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await item in live { feed.yield(.item(item)) }
                        feed.finish()
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: heartbeat)
                            feed.yield(.heartbeat)
                        }
                    }
                    for await output in merged {
                        switch output {
                        case .heartbeat:
                            try await writer.write(Self.buffer(": keepalive\n\n"))
                        case .item(let item):
                            guard Self.isNew(item, after: last) else { continue }
                            if Self.isJournaled(item) { last = item.seq }
                            if types.contains(item.type) { try await writer.write(Self.buffer(Self.frame(item))) }
                        }
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                feed.finish()
            }
            try await writer.finish(nil)
        })
    }

    /// Alarm and flood events carry their journal seq, which orders and de-duplicates them; inspection
    /// and risk items carry the seq of the event before them and are current state, always passed on.
    static func isJournaled(_ item: StreamItem) -> Bool { item.type == .alarm || item.type == .flood }

    static func isNew(_ item: StreamItem, after last: Int64) -> Bool { !isJournaled(item) || item.seq > last }

    static func resumePoint(_ text: String?) throws(APIError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let seq = Int64(text), seq >= 0 else {
            throw .badRequest("invalid_last_event_id", "Last-Event-ID \"\(text)\" must be a seq number (0 or more)")
        }
        return seq
    }

    static func types(_ text: String?) throws(APIError) -> Set<StreamItemType> {
        guard let text else { return Set(StreamItemType.allCases) }
        var result: Set<StreamItemType> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let type = StreamItemType(rawValue: String(part)) else {
                throw .badRequest(
                    "invalid_filter",
                    "types=\(part) is not allowed; use one or more of \(StreamItemType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(type)
        }
        return result
    }

    /// One SSE event. `data` is one JSON line; any newline in it would end the field, so it is split.
    static func frame(_ item: StreamItem) -> String {
        let data = item.data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
        return "id: \(item.seq)\nevent: \(item.type.rawValue)\n\(data)\n"
    }

    static func buffer(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return buffer
    }
}
