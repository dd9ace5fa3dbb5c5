import ArgumentParser
import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonService

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

    func run() throws {
        let signals = SignalWaiter([SIGTERM, SIGINT])
        let loaded = try catalog.load(orElse: "not started")
        let settings = loaded.config.service
        let service = try LiveService(
            model: loaded.model, connection: try connection.resolve(settings),
            ingest: try ingestConfiguration(settings), qos: qos ?? settings.qos ?? 1,
            queueCapacity: settings.queueCapacity ?? MessageQueue.defaultCapacity,
            deadLetters: settings.deadLetters ?? 1000, printEvents: print)
        try service.runUntilSignalled(signals)
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
