import HTTPTypes
import Hummingbird
import HummingbirdCore

/// The console page and its two assets, compiled into the binary as string literals so `hazmon` serves them
/// from wherever it runs (no resource bundle to find, no CDN: SPEC §9 wants it offline).
enum ConsoleAssets {
    static func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in serve(ConsolePage.html, "text/html; charset=utf-8") }
        router.get("/index.html") { _, _ in serve(ConsolePage.html, "text/html; charset=utf-8") }
        router.get("/console.css") { _, _ in serve(ConsoleStyle.css, "text/css; charset=utf-8") }
        router.get("/console.js") { _, _ in serve(ConsoleScript.js, "text/javascript; charset=utf-8") }
        // Browsers ask for it on every page load; "no content" keeps their consoles free of 404 noise.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
    }

    static func serve(_ text: String, _ type: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return Response(
            status: .ok,
            headers: [
                .contentType: type, .cacheControl: "no-cache",
                // Only our own files; the page needs nothing else, and this blunts injected markup.
                .contentSecurityPolicy: "default-src 'self'; style-src 'self'; img-src 'self' data:",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: ResponseBody(byteBuffer: buffer))
    }
}
