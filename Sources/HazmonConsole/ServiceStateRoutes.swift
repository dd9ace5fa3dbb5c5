import Foundation
import HazmonCore
import HazmonIO
import Hummingbird

/// Taking instruments and plant out of the alarm system (SPEC §5), for operators:
/// - `POST /api/v1/tags/{enterprise}/{tag}/out-of-service` `{"on": true|false, "reason": "…"}`: a tag out
///   of service (its alarms are recorded but not annunciated) and back;
/// - `POST /api/v1/hazard-sources/{enterprise}/{id}/maintenance` `{"on": true|false, "reason": "…"}`: a
///   hazard source into maintenance (its alarms are suppressed) and back.
/// Taking something out needs a reason (it is journaled and audited); the answer lists the alarm events
/// the change caused.
struct ServiceStateRoutes: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/tags/:enterprise/:tag/out-of-service") { request, context in
            try await self.change(.outOfService, request, context, ids: ("enterprise", "tag"))
        }
        router.post("/api/v1/hazard-sources/:enterprise/:source/maintenance") { request, context in
            try await self.change(.maintenance, request, context, ids: ("enterprise", "source"))
        }
    }

    func change(_ kind: ServiceStateChange.Kind, _ request: Request, _ context: BasicRequestContext,
                ids: (String, String)) async throws -> Response {
        let enterprise = context.parameters.get(ids.0)?.removingPercentEncoding ?? ""
        let subject = context.parameters.get(ids.1)?.removingPercentEncoding ?? ""
        let target = "\(enterprise)/\(subject)"
        let action = kind == .outOfService ? "tag.out_of_service" : "hazard_source.maintenance"
        let actor = try await auth.requireWriter(.operator, request, audit: backend, action: action, target: target)
        let change: ServiceStateChange
        do {
            let body = try await RequestJSON.object(request, emptyIsObject: false)
            try RequestJSON.rejectUnknown(body, allowed: ["on", "reason"])
            guard case .bool(let on)? = RequestJSON.value(body, "on") else {
                throw APIError.badRequest("invalid_body", "\"on\" must be true (take out) or false (put back)")
            }
            let reason = try RequestJSON.string(body, "reason")
            if on, reason.map({ $0.allSatisfy(\.isWhitespace) }) ?? true {
                throw APIError.badRequest("invalid_body", "taking it out needs a \"reason\": say why, it is journaled")
            }
            change = ServiceStateChange(kind: kind, enterprise: enterprise, subject: subject, on: on, reason: reason)
        } catch let error as APIError {
            await backend.audit(actor: actor.name, role: actor.role, action: action, target: target, outcome: .invalid,
                                details: error.message)
            throw error
        }
        switch await backend.apply(change, by: actor) {
        case .success(let events):
            await backend.audit(actor: actor.name, role: actor.role, action: action, target: target, outcome: .success,
                                details: "on=\(change.on); reason=\(change.reason ?? "")")
            return JSONResponse.list("events", events)
        case .failure(let refusal):
            let error: APIError = switch refusal {
            case .unknownAlarm: APIError(.notFound, "unknown_target", "no \(kind == .outOfService ? "tag" : "hazard source") \(target)")
            case .invalidTransition(let why): APIError(.conflict, "invalid_transition", "\(target): \(why)")
            case .shelveTooLong: APIError(.conflict, "invalid_transition", "\(target): refused")
            }
            await backend.audit(actor: actor.name, role: actor.role, action: action, target: target, outcome: .refused,
                                details: error.message)
            throw error
        }
    }
}
