import CMosquitto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MQTTClient {
    /// The MQTT protocol version spoken to the broker.
    public enum ProtocolVersion: Sendable, Hashable {
        /// MQTT 5: session expiry, reason codes, retain handling.
        case v5
        /// MQTT 3.1.1, for brokers without MQTT 5.
        case v311
    }

    /// TLS settings; a configuration with `tls` set connects only over TLS.
    public struct TLS: Sendable, Hashable {
        /// PEM file of the CA(s) that sign the broker's certificate; `nil` with `caPath` `nil` trusts the
        /// operating system's CAs.
        public var caFile: String?
        /// Directory of hashed CA certificates (`openssl rehash`), as an alternative to `caFile`.
        public var caPath: String?
        /// PEM client certificate, for brokers that require one (`require_certificate true`).
        public var certFile: String?
        /// PEM private key of `certFile`, unencrypted.
        public var keyFile: String?
        /// Skip the check that the broker's certificate names the host connected to (the chain is still
        /// verified). Only for test set-ups with certificates for another name.
        public var insecure: Bool

        /// TLS with the given files; all optional (no files: the OS trust store, no client certificate).
        public init(
            caFile: String? = nil, caPath: String? = nil, certFile: String? = nil, keyFile: String? = nil,
            insecure: Bool = false
        ) {
            self.caFile = caFile
            self.caPath = caPath
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecure = insecure
        }
    }

    /// The message the broker publishes for us when the connection dies without a DISCONNECT.
    public struct Will: Sendable, Hashable {
        /// The topic, e.g. `hazmon/status/{instance}`.
        public var topic: String
        /// The payload, e.g. `offline`.
        public var payload: [UInt8]
        /// Its QoS.
        public var qos: QoS
        /// Whether the broker keeps it as the topic's retained value.
        public var retain: Bool

        /// A will message.
        public init(topic: String, payload: [UInt8], qos: QoS = .atLeastOnce, retain: Bool = true) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    /// How long to wait before each reconnect attempt.
    public struct Backoff: Sendable, Hashable {
        /// The first delay, and the only one when not exponential.
        public var minimum: Duration
        /// The longest delay.
        public var maximum: Duration
        /// Double the delay after each failed attempt, up to `maximum`.
        public var exponential: Bool

        /// A backoff policy.
        public init(minimum: Duration = .seconds(1), maximum: Duration = .seconds(30), exponential: Bool = true) {
            self.minimum = minimum
            self.maximum = maximum
            self.exponential = exponential
        }

        /// The delay before attempt `failures + 1`, after `failures` consecutive failures (≥ 1).
        func delay(afterFailures failures: Int) -> Duration {
            guard exponential, failures > 1 else { return min(minimum, maximum) }
            var delay = minimum
            for _ in 1..<min(failures, 40) {
                delay *= 2
                if delay >= maximum { return maximum }
            }
            return delay
        }
    }

    /// Everything the client needs to know before it connects. Checked by ``MQTTClient/init(_:)``.
    public struct Configuration: Sendable {
        /// Broker host name or IP address.
        public var host: String
        /// Broker TCP port (1883 plain, 8883 TLS by convention).
        public var port: Int
        /// The client id; the broker keys the persistent session by it, so it must be stable across
        /// restarts and unique among the broker's clients.
        public var clientID: String
        /// Protocol version.
        public var protocolVersion: ProtocolVersion
        /// Seconds between keepalive pings (5…65535); the broker drops us after 1.5× this without traffic.
        public var keepAliveSeconds: Int
        /// `false` (the default) resumes the broker-side session: subscriptions and QoS 1 messages
        /// published while we were away. `true` starts afresh each connect.
        public var cleanStart: Bool
        /// MQTT 5: how long the broker keeps the session after we disconnect (0 ends it at disconnect,
        /// `UInt32.max` never). MQTT 3.1.1 has no expiry: `cleanStart == false` keeps the session as long
        /// as the broker's `persistent_client_expiration` allows.
        public var sessionExpirySeconds: UInt32
        /// User name, if the broker requires one.
        public var username: String?
        /// Password; requires `username`. Never logged or put in error messages.
        public var password: String?
        /// TLS settings; `nil` connects in plain TCP.
        public var tls: TLS?
        /// The last will, e.g. `offline` on `hazmon/status/{instance}`.
        public var will: Will?
        /// Reconnect delays.
        public var reconnect: Backoff
        /// Outgoing QoS 1/2 messages in flight at once (1…65535); more wait in libmosquitto.
        public var maxInflight: Int
        /// MQTT 5: incoming QoS 1/2 messages the broker may have unacknowledged towards us (1…65535).
        /// `nil` keeps libmosquitto's default (20). MQTT 3.1.1 brokers use their own `max_inflight_messages`.
        public var receiveMaximum: Int?
        /// Publishes awaiting the broker's acknowledgement before `publish` refuses more
        /// (``MQTTError/Kind-swift.struct/backlogFull``): libmosquitto would otherwise buffer without limit
        /// while the broker is away.
        public var maxPendingPublishes: Int
        /// Capacity of the incoming ``MessageQueue``.
        public var queueCapacity: Int
        /// Disable Nagle's algorithm, so small publishes and acknowledgements leave at once.
        public var tcpNoDelay: Bool

        /// A configuration for `host:port`; everything else has its documented default.
        public init(host: String = "127.0.0.1", port: Int = 1883, clientID: String) {
            self.host = host
            self.port = port
            self.clientID = clientID
            self.protocolVersion = .v5
            self.keepAliveSeconds = 30
            self.cleanStart = false
            self.sessionExpirySeconds = 86_400
            self.username = nil
            self.password = nil
            self.tls = nil
            self.will = nil
            self.reconnect = Backoff()
            self.maxInflight = 100
            self.receiveMaximum = nil
            self.maxPendingPublishes = 100_000
            self.queueCapacity = MessageQueue.defaultCapacity
            self.tcpNoDelay = true
        }

        /// A configuration from a broker URL: `mqtt://host[:port]` (default port 1883) or
        /// `mqtts://host[:port]` (TLS with the operating system's CAs, default port 8883). IPv6 literals
        /// go in brackets: `mqtt://[::1]:1883`.
        public init(url: String, clientID: String) throws(MQTTError) {
            let address = try BrokerAddress(url: url)
            self.init(host: address.host, port: address.port, clientID: clientID)
            if address.usesTLS { tls = TLS() }
        }

        /// Every problem that makes the configuration unusable, checked before anything touches the network.
        func validate() throws(MQTTError) {
            if host.isEmpty { throw .configuration("host is empty: set the broker's host name or IP address.") }
            if !(1...65_535).contains(port) { throw .configuration("port \(port) is outside 1…65535.") }
            if !cleanStart && clientID.isEmpty {
                throw .configuration(
                    "a persistent session (cleanStart false) needs a stable clientID; set one, e.g. hazmon-<site>."
                )
            }
            if clientID.utf8.count > 65_535 { throw .configuration("clientID is longer than 65535 bytes.") }
            if !(5...65_535).contains(keepAliveSeconds) {
                throw .configuration("keepAliveSeconds \(keepAliveSeconds) is outside 5…65535 (libmosquitto's range).")
            }
            if password != nil && username == nil {
                throw .configuration("a password needs a username (MQTT allows no password without a user name).")
            }
            if let tls {
                for (name, path) in [("caFile", tls.caFile), ("certFile", tls.certFile), ("keyFile", tls.keyFile)] {
                    if let path, access(path, R_OK) != 0 {
                        throw .configuration("tls.\(name) \(path) cannot be read: \(String(cString: strerror(errno))).")
                    }
                }
                if let caPath = tls.caPath, access(caPath, R_OK | X_OK) != 0 {
                    throw .configuration("tls.caPath \(caPath) cannot be read: \(String(cString: strerror(errno))).")
                }
                if (tls.certFile == nil) != (tls.keyFile == nil) {
                    throw .configuration(
                        "tls.certFile and tls.keyFile go together: set both for a client certificate, or neither.")
                }
            }
            if let will {
                if will.topic.isEmpty || mosquitto_pub_topic_check2(will.topic, will.topic.utf8.count) != 0 {
                    throw MQTTError(
                        kind: .invalidTopic,
                        message: "will topic '\(will.topic)' is not a valid topic name (no +, # or empty topic).")
                }
                if will.payload.count > 65_535 { throw .configuration("will payload is longer than 65535 bytes.") }
            }
            if reconnect.minimum <= .zero || reconnect.maximum < reconnect.minimum {
                throw .configuration("reconnect backoff needs 0 < minimum ≤ maximum.")
            }
            if !(1...65_535).contains(maxInflight) {
                throw .configuration("maxInflight \(maxInflight) is outside 1…65535.")
            }
            if let receiveMaximum, !(1...65_535).contains(receiveMaximum) {
                throw .configuration("receiveMaximum \(receiveMaximum) is outside 1…65535.")
            }
            if receiveMaximum != nil && protocolVersion == .v311 {
                throw .configuration("receiveMaximum is an MQTT 5 setting; remove it or use protocol .v5.")
            }
            if maxPendingPublishes < 1 { throw .configuration("maxPendingPublishes must be at least 1.") }
            if queueCapacity < 1 { throw .configuration("queueCapacity must be at least 1.") }
        }
    }
}

/// A broker address parsed from a URL.
public struct BrokerAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Whether the scheme was `mqtts`.
    public var usesTLS: Bool

    /// Parses `mqtt://host[:port]` or `mqtts://host[:port]`; anything else is an
    /// ``MQTTError/Kind-swift.struct/invalidURL`` that says what is expected.
    public init(url: String) throws(MQTTError) {
        // Never echo a password someone put in the URL.
        var shown = url
        if let schemeEnd = url.firstRange(of: "://"), let at = url[schemeEnd.upperBound...].lastIndex(of: "@") {
            shown = String(url[..<schemeEnd.upperBound]) + "***" + String(url[at...])
        }
        func invalid(_ why: String) -> MQTTError {
            MQTTError(
                kind: .invalidURL,
                message: "broker URL '\(shown)': \(why); expected mqtt://host[:port] or mqtts://host[:port].")
        }
        guard let schemeEnd = url.firstRange(of: "://") else { throw invalid("no scheme") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "mqtt": usesTLS = false
        case "mqtts": usesTLS = true
        case "tcp", "ssl", "tls": throw invalid("scheme '\(scheme)' is spelled mqtt (plain) or mqtts (TLS) here")
        case "ws", "wss": throw invalid("WebSocket transport is not supported")
        default: throw invalid("unknown scheme '\(scheme)'")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("@") {
            throw invalid("credentials do not belong in the URL (it gets logged); set username and password instead")
        }
        if rest.contains("/") || rest.contains("?") || rest.contains("#") { throw invalid("unexpected path or query") }
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed '[' in IPv6 address") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after ']'") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        if host.isEmpty { throw invalid("no host") }
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw invalid("port '\(portText)' is not a number in 1…65535")
            }
            port = number
        } else {
            port = usesTLS ? 8883 : 1883
        }
    }

    /// Back as a URL, e.g. `mqtts://broker.example:8883`.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "mqtts" : "mqtt")://\(shownHost):\(port)"
    }
}
