import HazmonIO
import Hummingbird

/// `GET /api/v1/me`: who the token belongs to, so the console shows only the buttons the role may use.
struct IdentityRoute: Sendable {
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/me") { request, _ in
            let actor = try self.auth.require(.viewer, request)
            var out = "{\"name\":"
            JSONText.appendString(actor.name, to: &out)
            return JSONResponse.make(out + ",\"role\":\"\(actor.role.rawValue)\"}")
        }
    }
}
