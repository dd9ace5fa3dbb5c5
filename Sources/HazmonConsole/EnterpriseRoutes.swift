import Foundation
import HazmonCore
import HazmonIO
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// `/api/v1/enterprises` (each with its latest risk), `/api/v1/enterprises/{id}` (+ history) and
/// `/api/v1/tags/{enterprise}/{tag}` (live value, limits, active alarms, recent samples).
struct EnterpriseRoutes: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/enterprises") { request, _ in
            _ = try self.auth.require(.viewer, request)
            try QueryFilters.rejectUnknown(request.uri.queryParameters, allowed: [])
            let items = await self.backend.enterprises().map { Self.summaryFields($0) + "}" }
            return JSONResponse.list("enterprises", items)
        }
        router.get("/api/v1/enterprises/:id") { request, context in
            _ = try self.auth.require(.viewer, request)
            try QueryFilters.rejectUnknown(request.uri.queryParameters, allowed: ["history"])
            let id = try Self.segment(context.parameters, "id")
            let limit = try QueryFilters.limit(request.uri, "history", fallback: 288, maximum: 10_000)
            guard let detail = await self.backend.enterprise(id: id, historyLimit: limit) else {
                throw APIError.notFound("unknown_enterprise", "no enterprise \"\(id)\"; list them with GET /api/v1/enterprises")
            }
            return JSONResponse.make(Self.summaryFields(detail.summary) + ",\"history\":[" + detail.history.joined(separator: ",") + "]}")
        }
        router.get("/api/v1/tags/:enterprise/:tag") { request, context in
            _ = try self.auth.require(.viewer, request)
            try QueryFilters.rejectUnknown(request.uri.queryParameters, allowed: ["samples"])
            let enterprise = try Self.segment(context.parameters, "enterprise")
            let tag = try Self.segment(context.parameters, "tag")
            let limit = try QueryFilters.limit(request.uri, "samples", fallback: 600, maximum: 100_000)
            guard let view = await self.backend.tag(enterprise: enterprise, tag: tag, sampleLimit: limit) else {
                throw APIError.notFound("unknown_tag", "no tag \"\(tag)\" in enterprise \"\(enterprise)\"")
            }
            return JSONResponse.make(Self.render(view))
        }
    }

    static func segment(_ parameters: Parameters, _ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name), let text = raw.removingPercentEncoding, !text.isEmpty else {
            throw .badRequest("invalid_path", "the \(name) in the path is empty or malformed")
        }
        return text
    }

    /// `{"id", "name", "risk"` without the closing brace, so the detail can add its history.
    static func summaryFields(_ s: EnterpriseSummary) -> String {
        var out = "{\"id\":"
        JSONText.appendString(s.id, to: &out)
        out += ",\"name\":"
        JSONText.appendString(s.name, to: &out)
        out += ",\"risk\":" + (s.risk ?? "null")
        return out
    }

    static func render(_ v: TagView) -> String {
        func number(_ x: Double?) -> String {
            guard let x else { return "null" }
            var s = ""
            JSONText.appendNumber(x, to: &s)
            return s
        }
        var out = "{\"enterprise\":"
        JSONText.appendString(v.enterprise, to: &out)
        out += ",\"tag\":"
        JSONText.appendString(v.tag, to: &out)
        out += ",\"kind\":\"\(v.kind.rawValue)\",\"unit\":"
        JSONText.appendString(v.unit, to: &out)
        out += ",\"value\":\(number(v.value)),\"quality\":" + (v.quality.map { "\"\($0.name)\"" } ?? "null")
        out += ",\"ts\":" + (v.ts.map { "\"\(Timestamps.rfc3339($0))\"" } ?? "null")
        out += ",\"limits\":{"
        out += Condition.limits.compactMap { c in v.limits[c].map { "\"\(c.rawValue)\":\(number($0))" } }
            .joined(separator: ",")
        out += "},\"active_alarms\":[" + v.activeAlarms.joined(separator: ",") + "],\"samples\":["
        out += v.samples.map { "[\"\(Timestamps.rfc3339($0.ts))\",\(number($0.value)),\"\($0.quality.name)\"]" }
            .joined(separator: ",")
        return out + "]}"
    }
}
