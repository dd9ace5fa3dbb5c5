import Hummingbird

/// `POST /api/v1/reload` (admin, SPEC §10): asks the service to reload its catalog and config, as
/// SIGHUP does. The reload runs between telemetry batches; the answer says it was requested, and
/// the outcome goes to the log and to `hazmon/status/{instance}/reload`.
struct ReloadRoute: Sendable {
    let backend: any ConsoleBackend
    let auth: Authenticator

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/reload") { request, _ in
            let actor = try await auth.requireWriter(.admin, request, audit: backend, action: "reload", target: "config")
            let accepted = await backend.requestReload(by: actor)
            await backend.audit(actor: actor.name, role: actor.role, action: "reload", target: "config",
                                outcome: accepted ? .success : .refused, details: nil)
            guard accepted else {
                throw APIError(.serviceUnavailable, "reload_unavailable", "this service cannot reload now; retry, or send SIGHUP")
            }
            return JSONResponse.make(
                #"{"requested":true,"message":"reload requested; the outcome is logged and published on hazmon/status/{instance}/reload"}"#,
                status: .accepted)
        }
    }
}
