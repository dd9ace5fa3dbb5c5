import Foundation
import Hummingbird

/// Turns the `Authorization: Bearer …` header (or, for the stream only, `?token=`) into an actor, or a 401/403.
///
/// Tokens are never logged nor echoed: error messages name the token's holder, never the token.
struct Authenticator: Sendable {
    let verifier: TokenVerifier

    /// The authenticated actor, if it has `role`'s rights.
    func require(_ role: Role, _ request: Request, allowQueryToken: Bool = false) throws(APIError) -> Actor {
        let actor = try authenticate(request, allowQueryToken: allowQueryToken)
        guard actor.role.permits(role) else { throw Self.forbidden(actor, needs: role) }
        return actor
    }

    /// Like `require`, for writes: a refusal for the role is audited (the actor is known), then thrown.
    func requireWriter(
        _ role: Role, _ request: Request, audit backend: any ConsoleBackend, action: String, target: String
    ) async throws(APIError) -> Actor {
        let actor = try authenticate(request, allowQueryToken: false)
        guard actor.role.permits(role) else {
            let error = Self.forbidden(actor, needs: role)
            await backend.audit(
                actor: actor.name, role: actor.role, action: action, target: target, outcome: .forbidden,
                details: error.message)
            throw error
        }
        return actor
    }

    func authenticate(_ request: Request, allowQueryToken: Bool) throws(APIError) -> Actor {
        var token: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.unauthorized(
                    "the Authorization header must be `Bearer TOKEN`", error: "invalid_request")
            }
            token = parts[1].trimmingCharacters(in: .whitespaces)
        } else if allowQueryToken, let query = request.uri.queryParameters.get("token") {
            token = query
        }
        guard let token, !token.isEmpty else {
            let how = allowQueryToken ? "an `Authorization: Bearer TOKEN` header or `?token=TOKEN`" : "an `Authorization: Bearer TOKEN` header"
            throw Self.unauthorized("this needs a token: send \(how) (create one with `hazmon token add`)", error: nil)
        }
        guard let actor = verifier.verify(token) else {
            throw Self.unauthorized("unknown token: check it, or create one with `hazmon token add`", error: "invalid_token")
        }
        return actor
    }

    static func unauthorized(_ message: String, error: String?) -> APIError {
        var challenge = "Bearer realm=\"hazmon\""
        if let error { challenge += ", error=\"\(error)\"" }
        return APIError(.unauthorized, "unauthorized", message, headers: [.wwwAuthenticate: challenge])
    }

    static func forbidden(_ actor: Actor, needs role: Role) -> APIError {
        let who = role == .admin ? "the admin role" : "the \(role.rawValue) (or admin) role"
        return APIError(
            .forbidden, "forbidden",
            "this needs \(who); the token \"\(actor.name)\" has the \(actor.role.rawValue) role"
        )
    }
}
