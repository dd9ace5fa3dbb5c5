import ArgumentParser
import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonService
import HazmonStore

/// `hazmon run`: the live service — telemetry in from MQTT, the engine, events out (SPEC §3, §6).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the alarm service against an MQTT broker.",
        discussion: """
            Two connections: telemetry comes in on a persistent session (client id <client-id>-in, QoS 1 by \
            default, so the broker queues what arrives while hazmon is down) and events go out on another \
            (<client-id>-out, carrying the will 'offline' on hazmon/status/<instance>). SIGTERM or SIGINT \
            stops the telemetry connection, evaluates and publishes everything already received, waits for \
            the broker to acknowledge it, publishes 'offline' and exits. Flags override the config file.
            """
    )

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var connection: BrokerOptions

    @Option(help: "Telemetry topic pattern for single samples (default hz/{enterprise}/{tag}).")
    var sampleTopic: String?

    @Option(help: "Telemetry topic pattern for batches (default hz/{enterprise}).")
    var batchTopic: String?

    @Option(help: "Telemetry subscription QoS, 0 or 1 (default 1).")
    var qos: Int?

    @Flag(help: "Print every event on the terminal, coloured by priority.")
    var print = false

    @Option(help: "SQLite database: alarm journal, states, inspections, risk history, audit (created if missing; default var/hazmon.db).")
    var db: String?

    @Option(help: "Cap on the database size in MB; past it writes fail like a full disk while alarms keep flowing.")
    var dbMaxSizeMb: Int?

    @Option(help: "HTTP API and console address host:port, or 'none' (default 127.0.0.1:8080; port 0 picks a free one).")
    var http: String?

    @Option(help: "Bearer tokens file (hashes only; default var/tokens.jsonl). Add tokens with `hazmon token add`.")
    var tokens: String?

    @Option(help: "Seconds between checkpoints of the engine's whole state into the database (default 10).")
    var checkpointEvery: Double?

    func run() throws {
        let signals = SignalWaiter([SIGTERM, SIGINT, SIGHUP])  // SIGHUP: reload (ConfigWatcher)
        let loaded = try catalog.load(orElse: "not started")
        let settings = loaded.config.service
        var options = EngineLoop.Options()
        options.deadLetters = settings.deadLetters ?? 1000
        let store = loaded.config.store
        options.checkpointEvery = checkpointEvery.map { Millis($0 * 1000) } ?? store.checkpointEvery ?? 10_000
        var storeOptions = StoreOptions()
        storeOptions.maxBytes = dbMaxSizeMb.map { Int64($0) << 20 } ?? store.maxBytes
        let service: LiveService
        do {
            service = try LiveService(
                model: loaded.model, supervision: (loaded.config.inspections, loaded.config.risk), database: db ?? store.path ?? "var/hazmon.db",
                storeOptions: storeOptions, http: try httpEndpoint(loaded.config.http),
                recentSamples: loaded.config.http.recentSamples ?? 64,
                connection: try connection.resolve(settings), ingest: try ingestConfiguration(settings),
                qos: qos ?? settings.qos ?? 1, queueCapacity: settings.queueCapacity ?? MessageQueue.defaultCapacity,
                options: options, printEvents: print)
        } catch let error as StoreError {
            Console.err("hazmon: \(error); not started")
            throw ExitCode(1)
        }
        let watcher = ConfigWatcher(catalog: catalog, loaded: loaded, service: service)
        try service.runUntilSignalled(signals, onTick: watcher.poll, onHangup: { watcher.reload(because: "SIGHUP") })
    }

    /// `--http`, else the config's `http.listen`, else 127.0.0.1:8080; nil for `none`.
    private func httpEndpoint(_ settings: HTTPSettings) throws -> (host: String, port: Int, tokens: String)? {
        let listen = http ?? settings.listen ?? "127.0.0.1:8080"
        if listen == "none" { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port), colon != listen.startIndex
        else {
            throw ValidationError("--http / http.listen must be host:port or none, not '\(listen)'")
        }
        return (String(listen[..<colon]), port, tokens ?? settings.tokens ?? "var/tokens.jsonl")
    }

    private func ingestConfiguration(_ settings: ServiceSettings) throws -> TelemetryDecoder.Configuration {
        do {
            let topics = try TopicPatterns(
                sample: sampleTopic ?? settings.sampleTopic ?? TopicPatterns.defaultSample,
                batch: batchTopic ?? settings.batchTopic ?? TopicPatterns.defaultBatch)
            return TelemetryDecoder.Configuration(
                topics: topics, maxFutureSkew: settings.maxFutureSkew ?? 300_000,
                maxPayloadBytes: settings.maxPayloadBytes ?? 262_144)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
