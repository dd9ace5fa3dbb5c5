import HazmonIO
import Hummingbird

/// `/healthz`, `/readyz`, `/metrics`: no token, for probes and Prometheus (SPEC §10 exempts them).
struct OpsRoutes: Sendable {
    let backend: any ConsoleBackend
    let metrics: HTTPMetrics

    func register(on router: Router<BasicRequestContext>) {
        // Alive as long as the HTTP server answers; readiness is the service's judgement.
        router.get("/healthz") { _, _ in JSONResponse.make("{\"status\":\"ok\"}") }
        router.get("/readyz") { _, _ in
            let readiness = await self.backend.readiness()
            if readiness.isReady { return JSONResponse.make("{\"ready\":true}") }
            var body = "{\"ready\":false,\"reason\":"
            JSONText.appendString(readiness.reason ?? "not ready", to: &body)
            return JSONResponse.make(body + "}", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            var text = await self.backend.metrics()
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += self.metrics.render()
            var buffer = ByteBuffer()
            buffer.writeString(text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: buffer))
        }
    }
}
