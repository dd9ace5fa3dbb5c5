import Foundation
import HazmonConsole
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonRisk
import HazmonService
import HazmonStore
import Logging

/// Wires the live service together: the store and what it restores, the telemetry client and its
/// queue, the engine thread, the durable output stage with the publishing client and its status
/// will, and the orderly shutdown.
final class LiveService: @unchecked Sendable {
    let telemetry: MQTTClient
    let publisher: MQTTClient
    let loop: EngineLoop
    let store: HazmonStore
    let output: DurableOutput
    let view: LiveView
    /// Where the console listens (`nil`: no HTTP) and the tokens file it checks bearer tokens against.
    let http: (host: String, port: Int, tokens: String)?
    private var console: RunningConsole?
    let statusTopic: String
    private let filters: [String]
    private let qos: QoS
    private var engineThread: Thread?
    private let engineDone = DispatchSemaphore(value: 0)
    private var announcedConnects = 0

    init(model: EngineModel, supervision: (inspections: InspectionSettings, risk: RiskSettings), database: String,
         storeOptions: StoreOptions, http: (host: String, port: Int, tokens: String)?, recentSamples: Int,
         connection: BrokerOptions.Resolved, ingest: TelemetryDecoder.Configuration, qos: Int, queueCapacity: Int,
         options: EngineLoop.Options, printEvents: Bool) throws {
        self.http = http
        statusTopic = OutputTopics().status(instance: connection.instance)
        var input = try connection.configuration(clientID: "in")
        input.cleanStart = false
        input.sessionExpirySeconds = connection.sessionExpirySeconds
        input.queueCapacity = queueCapacity
        var outgoing = try connection.configuration(clientID: "out")
        outgoing.cleanStart = true
        outgoing.will = MQTTClient.Will(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        telemetry = try MQTTClient(input)
        publisher = try MQTTClient(outgoing)
        filters = ingest.topics.subscriptionFilters
        self.qos = qos == 0 ? .atMostOnce : .atLeastOnce
        var observer: EngineLoop.EventObserver?
        if printEvents {
            observer = { event, renderer in Console.out(EventPrinter(renderer: renderer).line(event)) }
        }
        let clock: @Sendable () -> Millis = { WallClock.millis() }
        store = try HazmonStore.open(path: database, options: storeOptions)
        view = LiveView()
        output = DurableOutput(store: store, sink: MQTTSink(client: publisher), view: view,
                               log: { Console.err($0) })
        let restored = try RestoredState.restore(
            model: model, inspectionSettings: supervision.inspections, riskSettings: supervision.risk, store: store,
            now: clock(), warn: { Console.err($0) })
        Console.err("hazmon: restored from \(database): \(restored.summary)")
        view.restore(alarms: restored.alarms, inspections: restored.inspections, risk: restored.risk,
                     floods: restored.floods, lastSeq: restored.engine.nextSeq - 1)
        var options = options
        options.recentSamples = http == nil ? 0 : recentSamples  // the rings only serve the console
        loop = EngineLoop(
            engine: restored.engine, supervisor: restored.supervisor, decoder: ingest, queue: telemetry.messages,
            output: output, options: options, now: clock, observer: observer)
    }

    /// Connects both clients and starts the engine thread.
    func start() throws {
        try publisher.start()
        try telemetry.subscribe(filters, qos: qos)
        try telemetry.start()
        let thread = Thread { [loop, engineDone] in
            loop.run()
            engineDone.signal()
        }
        thread.name = "hazmon-engine"
        thread.stackSize = 8 << 20
        engineThread = thread
        thread.start()
        if let http { try startConsole(http) }
        view.setReady(true)
    }

    /// Starts the HTTP API and console (SPEC §9) on its own event loops.
    private func startConsole(_ http: (host: String, port: Int, tokens: String)) throws {
        var records: [TokenRecord] = []
        if FileManager.default.fileExists(atPath: http.tokens) {
            records = try TokenFile.load(path: http.tokens)
        } else {
            Console.err("hazmon: no tokens file at \(http.tokens): the API refuses every request until one is added "
                + "with `hazmon token add --name NAME --role operator --tokens \(http.tokens)`")
        }
        var logger = Logger(label: "hazmon.http")
        logger.logLevel = .warning
        let server = ConsoleServer(
            backend: ServiceConsoleBackend(view: view, loop: loop, store: store,
                                           output: output, telemetry: telemetry, publisher: publisher),
            tokens: TokenVerifier(records: records),
            configuration: ConsoleServer.Configuration(host: http.host, port: http.port), logger: logger)
        let running = try runBlocking { try await server.start() }
        console = running
        Console.err("hazmon: console at http://\(http.host):\(running.port)/ (API /api/v1, metrics /metrics)")
    }

    /// Publishes `online` (retained) each time the publishing connection comes up: after a broker
    /// restart the broker has published our will, so the status must be set again.
    func announceIfReconnected() {
        let connects = publisher.statistics.connects
        guard connects > announcedConnects else { return }
        announcedConnects = connects
        _ = try? publisher.publish(topic: statusTopic, payload: Array("online".utf8), qos: .atLeastOnce, retain: true)
    }

    /// Orderly shutdown: stop taking telemetry, evaluate and publish everything received, wait for
    /// the broker's acknowledgements, say `offline`, disconnect.
    func stop() {
        view.setReady(false)
        if let console {
            try? runBlocking { await console.stop() }
            self.console = nil
        }
        _ = telemetry.stop()  // closes the queue: the engine drains it, checkpoints and returns
        engineDone.wait()
        let notDurable = output.close()  // everything committed, then published
        if notDurable > 0 {
            Console.err("hazmon: \(notDurable) batch(es) could not be written to \(store.path); they were published")
        }
        _ = publisher.waitForAcknowledgements(timeout: .seconds(10))
        _ = try? publisher.publish(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        _ = publisher.stop(drainTimeout: .seconds(5))
    }

    /// Starts, then blocks until SIGTERM or SIGINT, then stops in order.
    /// - Important: create `signals` before any thread starts (first thing in `run()`), so every
    ///   thread inherits the blocked mask and the signal reaches `sigtimedwait` only.
    /// SIGHUP, if among `signals`, calls `onHangup` (config reload) instead of stopping.
    func runUntilSignalled(_ signals: SignalWaiter, onTick: (() -> Void)? = nil,
                           onHangup: (() -> Void)? = nil) throws {
        try start()
        Console.err("hazmon: running; telemetry on \(filters.joined(separator: ", ")), status on \(statusTopic)")
        var signal = signals.wait(milliseconds: 500)
        while signal == nil || signal == SIGHUP {
            if signal == SIGHUP { onHangup?() }
            announceIfReconnected()
            onTick?()
            signal = signals.wait(milliseconds: 500)
        }
        Console.err("hazmon: stopping: draining the queue")
        stop()
        let stats = loop.statistics
        let rejected = loop.rejections.snapshot()
        Console.err("hazmon: stopped after \(stats.messages) messages, \(stats.samples) samples (\(stats.accepted) "
            + "evaluated, \(stats.late) late, \(stats.duplicate) duplicate), \(rejected.total) rejected, "
            + "\(stats.events) events")
    }
}
