import Foundation
import HazmonIO
import Hummingbird

/// `/api/v1/inspections`: list with filters, one task, and `PATCH` updates (inspector role).
///
/// A task id is one path segment, percent-encoded by the client (`encodeURIComponent`).
struct InspectionRoutes: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/inspections") { request, _ in
            _ = try self.auth.require(.viewer, request)
            let filter = try QueryFilters.inspectionFilter(request.uri)
            return JSONResponse.list("inspections", await self.backend.inspections(matching: filter))
        }
        router.get("/api/v1/inspections/:id") { request, context in
            _ = try self.auth.require(.viewer, request)
            let id = try Self.taskID(context.parameters)
            guard let json = await self.backend.inspection(id: id) else { throw Self.unknown(id) }
            return JSONResponse.make(json)
        }
        router.patch("/api/v1/inspections/:id") { request, context in
            try await self.update(request, context)
        }
    }

    func update(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try Self.taskID(context.parameters)
        let actor = try await auth.requireWriter(
            .inspector, request, audit: backend, action: "inspection.update", target: id)
        let update: InspectionUpdate
        do {
            update = try Self.parse(try await RequestJSON.object(request, emptyIsObject: false))
        } catch {
            await backend.audit(
                actor: actor.name, role: actor.role, action: "inspection.update", target: id, outcome: .invalid,
                details: error.message)
            throw error
        }
        let details = Self.describe(update)
        switch await backend.updateInspection(id: id, update, by: actor) {
        case .success(let json):
            await backend.audit(
                actor: actor.name, role: actor.role, action: "inspection.update", target: id, outcome: .success,
                details: details)
            return JSONResponse.make(json)
        case .failure(let refusal):
            let error: APIError =
                switch refusal {
                case .unknownTask: Self.unknown(id)
                case .invalidTransition(let why): APIError(.conflict, "invalid_transition", "\(id): \(why)")
                case .invalidUpdate(let why): APIError(.unprocessableContent, "invalid_update", "\(id): \(why)")
                }
            await backend.audit(
                actor: actor.name, role: actor.role, action: "inspection.update", target: id, outcome: .refused,
                details: details + "; " + error.message)
            throw error
        }
    }

    static func taskID(_ parameters: Parameters) throws(APIError) -> String {
        guard let raw = parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw .badRequest("invalid_task_id", "the inspection task id is empty or malformed")
        }
        return id
    }

    static func unknown(_ id: String) -> APIError {
        APIError(.notFound, "unknown_task", "no inspection task \"\(id)\"; list tasks with GET /api/v1/inspections")
    }

    static func parse(_ body: [(String, JSONValue)]) throws(APIError) -> InspectionUpdate {
        try RequestJSON.rejectUnknown(body, allowed: ["status", "assignee", "findings", "note"])
        var update = InspectionUpdate()
        if let text = try RequestJSON.string(body, "status") {
            guard let status = InspectionStatus(rawValue: text) else {
                throw .badRequest(
                    "invalid_body",
                    "\"status\": \"\(text)\" is not a status; use one of \(InspectionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            update.status = status
        }
        update.assignee = try RequestJSON.string(body, "assignee")
        update.note = try RequestJSON.string(body, "note")
        switch RequestJSON.value(body, "findings") {
        case nil, .null?: break
        case .object(let members)?:
            try RequestJSON.rejectUnknown(members, allowed: ["hazard_confirmed", "note"])
            guard case .bool(let confirmed)? = RequestJSON.value(members, "hazard_confirmed") else {
                throw .badRequest("invalid_body", "\"findings.hazard_confirmed\" must be true or false")
            }
            update.findings = Findings(hazardConfirmed: confirmed, note: try RequestJSON.string(members, "note") ?? "")
        default:
            throw .badRequest("invalid_body", "\"findings\" must be an object {\"hazard_confirmed\": bool, \"note\": string}")
        }
        if update.status == nil && update.assignee == nil && update.findings == nil && update.note == nil {
            throw .badRequest("invalid_body", "nothing to update: give at least one of status, assignee, findings, note")
        }
        return update
    }

    static func describe(_ u: InspectionUpdate) -> String {
        var parts: [String] = []
        if let s = u.status { parts.append("status=\(s.rawValue)") }
        if let a = u.assignee { parts.append("assignee=\(a)") }
        if let f = u.findings { parts.append("hazard_confirmed=\(f.hazardConfirmed); note=\(f.note)") }
        return parts.joined(separator: "; ")
    }
}
