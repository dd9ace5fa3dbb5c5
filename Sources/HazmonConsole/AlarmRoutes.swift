import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// `/api/v1/alarms`: the list with filters, and ack / shelve / unshelve.
///
/// An alarm id `{enterprise}/{tag}/{condition}` is addressed as **three path segments**,
/// `/api/v1/alarms/{enterprise}/{tag}/{condition}/ack`, each percent-encoded on its own (`encodeURIComponent`).
/// No segment can contain `/` (the schema forbids it), so the id maps onto the path without a second encoding
/// and stays readable in logs; `%2F` inside one segment is never needed.
struct AlarmRoutes: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/alarms") { request, _ in try await self.list(request) }
        router.post("/api/v1/alarms/:enterprise/:tag/:condition/ack") { request, context in
            try await self.write(.ack, request, context)
        }
        router.post("/api/v1/alarms/:enterprise/:tag/:condition/shelve") { request, context in
            try await self.write(.shelve, request, context)
        }
        router.post("/api/v1/alarms/:enterprise/:tag/:condition/unshelve") { request, context in
            try await self.write(.unshelve, request, context)
        }
    }

    enum Action: String {
        case ack, shelve, unshelve
        var fields: [String] { self == .shelve ? ["reason", "duration", "comment"] : ["comment"] }
    }

    func list(_ request: Request) async throws -> Response {
        _ = try auth.require(.viewer, request)
        let filter = try QueryFilters.alarmFilter(request.uri)
        let alarms = await backend.alarms(matching: filter)
        return JSONResponse.list("alarms", AlarmOrder.sorted(alarms))
    }

    func write(_ action: Action, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let rawTarget = ["enterprise", "tag", "condition"].map { context.parameters.get($0) ?? "" }.joined(separator: "/")
        let actor = try await auth.requireWriter(
            .operator, request, audit: backend, action: "alarm.\(action.rawValue)", target: rawTarget)
        let audit = { (target: String, outcome: AuditOutcome, details: String?) in
            await self.backend.audit(
                actor: actor.name, role: actor.role, action: "alarm.\(action.rawValue)", target: target,
                outcome: outcome, details: details)
        }
        let id: AlarmID
        do { id = try Self.alarmID(context.parameters) } catch {
            await audit(rawTarget, .invalid, error.message)
            throw error
        }
        let result: Result<String, AlarmRefusal>
        let details: String?
        do {
            let body = try await RequestJSON.object(request, emptyIsObject: action != .shelve)
            try RequestJSON.rejectUnknown(body, allowed: action.fields)
            let comment = try RequestJSON.string(body, "comment")
            switch action {
            case .ack:
                details = comment
                result = await backend.acknowledge(alarm: id, by: actor, comment: comment)
            case .unshelve:
                details = comment
                result = await backend.unshelve(alarm: id, by: actor, comment: comment)
            case .shelve:
                let (reason, duration) = try Self.shelveRequest(body)
                details = "reason=\(reason); duration=\(duration / 1000)s" + (comment.map { "; comment=\($0)" } ?? "")
                result = await backend.shelve(alarm: id, by: actor, reason: reason, duration: duration, comment: comment)
            }
        } catch {
            await audit(id.description, .invalid, error.message)
            throw error
        }
        switch result {
        case .success(let json):
            await audit(id.description, .success, details)
            return JSONResponse.make(json)
        case .failure(let refusal):
            let error = Self.error(for: refusal, id: id)
            await audit(id.description, .refused, error.message)
            throw error
        }
    }

    static func alarmID(_ parameters: Parameters) throws(APIError) -> AlarmID {
        func segment(_ name: String) throws(APIError) -> String {
            guard let raw = parameters.get(name), let text = raw.removingPercentEncoding, !text.isEmpty,
                !text.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" })
            else { throw .badRequest("invalid_alarm_id", "the \(name) part of the alarm id is empty or malformed") }
            return text
        }
        let conditionText = try segment("condition")
        guard let condition = Condition(rawValue: conditionText) else {
            throw .badRequest(
                "invalid_alarm_id",
                "\"\(conditionText)\" is not a condition; use one of \(Condition.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return AlarmID(enterprise: try segment("enterprise"), tag: try segment("tag"), condition: condition)
    }

    /// `reason` (non-empty) and `duration` (`"2h"`, `"30m"`… or a number of seconds) in milliseconds.
    static func shelveRequest(_ body: [(String, JSONValue)]) throws(APIError) -> (String, Int64) {
        guard let reason = try RequestJSON.string(body, "reason"), !reason.allSatisfy(\.isWhitespace) else {
            throw .badRequest("invalid_body", "a shelve needs a \"reason\" (SPEC §5): say why the alarm is shelved")
        }
        let hint = "\"duration\" must be a positive duration such as \"2h\", \"30m\", \"90s\", or a number of seconds"
        let millis: Int64
        switch RequestJSON.value(body, "duration") {
        case .string(let text)?:
            guard let parsed = DurationParser.parse(text) else { throw .badRequest("invalid_body", hint) }
            millis = parsed
        case .number(let seconds)? where seconds.isFinite && seconds < 1e12:
            millis = Int64((seconds * 1000).rounded())
        case nil, .null?:
            throw .badRequest("invalid_body", "a shelve needs a \"duration\": \(hint)")
        default:
            throw .badRequest("invalid_body", hint)
        }
        guard millis > 0 else { throw .badRequest("invalid_body", hint) }
        return (reason, millis)
    }

    static func error(for refusal: AlarmRefusal, id: AlarmID) -> APIError {
        switch refusal {
        case .unknownAlarm:
            APIError(.notFound, "unknown_alarm", "no alarm \"\(id)\"; list current alarms with GET /api/v1/alarms")
        case .invalidTransition(let why):
            APIError(.conflict, "invalid_transition", "\(id): \(why)")
        case .shelveTooLong(let maximum):
            APIError(
                .unprocessableContent, "shelve_too_long",
                "\(id): a shelve may last at most \(DurationText.format(maximum)); ask for a shorter duration")
        }
    }
}

/// Human-readable durations for messages: `12h`, `90m`, `45s`.
enum DurationText {
    static func format(_ millis: Int64) -> String {
        if millis % 3_600_000 == 0 { return "\(millis / 3_600_000)h" }
        if millis % 60_000 == 0 { return "\(millis / 60_000)m" }
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(millis)ms"
    }
}

/// The console's alarm order: priority (critical first), then newest activation first.
enum AlarmOrder {
    static func sorted(_ alarms: [String]) -> [String] {
        let keyed = alarms.map { json -> (rank: Int, time: Int64, json: String) in
            let value = try? JSONValue.parse(json)
            var rank = 9
            if case .string(let p)? = value?["priority"], let priority = Priority(rawValue: p) { rank = priority.rank }
            var time: Int64 = 0
            for field in ["activated_at", "ts"] {
                if case .string(let t)? = value?[field], let ms = Timestamps.parse(t) {
                    time = ms
                    break
                }
            }
            return (rank, time, json)
        }
        return keyed.sorted { a, b in a.rank != b.rank ? a.rank < b.rank : a.time > b.time }.map(\.json)
    }
}
