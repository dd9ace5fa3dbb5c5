public import Hummingbird
public import Logging
public import ServiceLifecycle

/// The HTTP API, live stream and operator console (SPEC §9), as a `Service` for a `ServiceGroup`.
///
/// Two ways to run it: add it to the service's `ServiceGroup` (graceful shutdown in order, on SIGTERM), or
/// call `start()` for a `RunningConsole` with the bound port and a `stop()`. Either way a graceful shutdown
/// ends open event streams so in-flight requests can drain.
public struct ConsoleServer: Service {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// Listen address; loopback by default, since the API carries operator actions.
        public var host: String
        /// Listen port; 0 picks a free one (tests).
        public var port: Int
        /// How often an idle event stream gets a keepalive comment.
        public var heartbeat: Duration

        /// A configuration; defaults `127.0.0.1:8080`, heartbeat 15 s.
        public init(host: String = "127.0.0.1", port: Int = 8080, heartbeat: Duration = .seconds(15)) {
            self.host = host
            self.port = port
            self.heartbeat = heartbeat
        }
    }

    private let backend: any ConsoleBackend
    private let tokens: TokenVerifier
    private let configuration: Configuration
    private let logger: Logger
    private let metrics = HTTPMetrics()

    /// A server over `backend`, accepting the tokens `tokens` knows.
    public init(backend: any ConsoleBackend, tokens: TokenVerifier, configuration: Configuration = .init(), logger: Logger) {
        self.backend = backend
        self.tokens = tokens
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until cancelled or gracefully shut down (`Service`).
    public func run() async throws {
        try await application().run()
    }

    /// The Hummingbird application (for `HummingbirdTesting` and custom hosting); `onListening` gets the port.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let logger = self.logger, host = configuration.host
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "hazmon"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("console listening", metadata: ["http.host": "\(host)", "http.port": "\(port)"])
                await onListening(port)
            },
            logger: logger
        )
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ConsoleMiddleware(metrics: metrics))
        let auth = Authenticator(verifier: tokens)
        OpsRoutes(backend: backend, metrics: metrics).register(on: router)
        ConsoleAssets.register(on: router)
        IdentityRoute(auth: auth).register(on: router)
        AlarmRoutes(backend: backend, auth: auth).register(on: router)
        InspectionRoutes(backend: backend, auth: auth).register(on: router)
        ReloadRoute(backend: backend, auth: auth).register(on: router)
        ServiceStateRoutes(backend: backend, auth: auth).register(on: router)
        EnterpriseRoutes(backend: backend, auth: auth).register(on: router)
        StreamRoute(backend: backend, auth: auth, metrics: metrics, heartbeat: configuration.heartbeat)
            .register(on: router)
        return router
    }

    /// Starts listening in the background; returns once the port is bound (or throws why it could not be).
    public func start() async throws -> RunningConsole {
        let (ports, portFeed) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: WrappedApplication(app: application { portFeed.yield($0) }))],
                logger: logger))
        let task = Task {
            defer { portFeed.finish() }
            try await group.run()
        }
        for await port in ports { return RunningConsole(port: port, group: group, task: task) }
        try await task.value
        throw APIError(.internalServerError, "not_started", "the console server stopped before listening")
    }
}

/// Hides the opaque application type so it can sit in a `ServiceGroup`.
private struct WrappedApplication<App: ApplicationProtocol>: Service {
    let app: App
    func run() async throws { try await app.run() }
}

/// A console started with `ConsoleServer.start()`.
public final class RunningConsole: Sendable {
    /// The port it listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Stops accepting, ends event streams, waits for in-flight requests, then returns.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
