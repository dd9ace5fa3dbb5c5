public import HazmonCore

/// The `mqtt` and `ingest` sections of the runtime config: how `hazmon run` and `hazmon simulate`
/// reach the broker and read telemetry. Every field is optional; command-line flags override them.
public struct ServiceSettings: Sendable, Hashable {
    /// `mqtt://host:port` or `mqtts://host:port`.
    public var broker: String?
    public var clientID: String?
    /// Names this instance in `hazmon/status/{instance}`.
    public var instance: String?
    /// `5` or `3.1.1`.
    public var protocolVersion: String?
    /// QoS of the telemetry subscription, 0 or 1.
    public var qos: Int?
    public var keepAlive: Millis?
    /// How long the broker keeps our session (and queues QoS 1 telemetry) while we are away.
    public var sessionExpiry: Millis?
    public var username: String?
    /// A file holding the password (never the password itself in config).
    public var passwordFile: String?
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?

    /// Topic pattern of single samples, e.g. `hz/{enterprise}/{tag}`.
    public var sampleTopic: String?
    /// Topic pattern of batches, e.g. `hz/{enterprise}`.
    public var batchTopic: String?
    /// Samples stamped further ahead of the receive time are rejected.
    public var maxFutureSkew: Millis?
    public var maxPayloadBytes: Int?
    /// Messages buffered between the network thread and the engine.
    public var queueCapacity: Int?
    /// Rejected messages kept for inspection.
    public var deadLetters: Int?

    public init() {}

    static let mqttKeys = [
        "broker", "client_id", "instance", "protocol", "qos", "keepalive", "session_expiry", "username",
        "password_file", "ca_file", "cert_file", "key_file",
    ]
    static let ingestKeys = ["sample_topic", "batch_topic", "max_future_skew", "max_payload", "queue_capacity",
                             "dead_letters"]
}
