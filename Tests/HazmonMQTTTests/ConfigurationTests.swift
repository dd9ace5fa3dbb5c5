import Testing

@testable import HazmonMQTT

@Suite("Broker URLs and configuration")
struct ConfigurationTests {
    @Test(
        "valid URLs",
        arguments: [
            ("mqtt://broker.example", "broker.example", 1883, false),
            ("mqtts://broker.example", "broker.example", 8883, true),
            ("mqtt://127.0.0.1:18830", "127.0.0.1", 18830, false),
            ("MQTTS://10.0.0.5:443/", "10.0.0.5", 443, true),
            ("mqtt://[::1]:1884", "::1", 1884, false),
            ("mqtts://[fe80::1]", "fe80::1", 8883, true),
        ])
    func validURLs(url: String, host: String, port: Int, tls: Bool) throws {
        let address = try BrokerAddress(url: url)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.usesTLS == tls)
        #expect(try BrokerAddress(url: address.description) == address)
    }

    @Test(
        "invalid URLs say what is expected",
        arguments: [
            ("broker.example:1883", "no scheme"),
            ("http://broker.example", "unknown scheme 'http'"),
            ("tcp://broker.example:1883", "spelled mqtt"),
            ("ws://broker.example/mqtt", "WebSocket"),
            ("mqtt://", "no host"),
            ("mqtt://:1883", "no host"),
            ("mqtt://host:0", "port '0'"),
            ("mqtt://host:70000", "port '70000'"),
            ("mqtt://host:abc", "port 'abc'"),
            ("mqtt://user:secret@host", "credentials"),
            ("mqtt://host/topic", "path"),
            ("mqtt://[::1", "unclosed"),
        ])
    func invalidURLs(url: String, fragment: String) {
        #expect {
            try BrokerAddress(url: url)
        } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return error.kind == .invalidURL && error.message.contains(fragment)
                && error.message.contains("expected mqtt://host[:port]") && !error.message.contains("secret@")
        }
    }

    @Test("mqtts:// turns TLS on with the system's CAs")
    func urlConfiguration() throws {
        let configuration = try MQTTClient.Configuration(url: "mqtts://broker.example", clientID: "hazmon-1")
        #expect(configuration.tls == MQTTClient.TLS())
        #expect(configuration.port == 8883)
        #expect(configuration.cleanStart == false)
        #expect(configuration.protocolVersion == .v5)
        #expect(try MQTTClient.Configuration(url: "mqtt://b", clientID: "x").tls == nil)
    }

    @Test(
        "inconsistent settings are refused before connecting",
        arguments: [
            ("port", "outside 1…65535"),
            ("clientID", "stable clientID"),
            ("keepAlive", "keepAliveSeconds 2"),
            ("password", "needs a username"),
            ("caFile", "cannot be read"),
            ("certWithoutKey", "go together"),
            ("will", "not a valid topic name"),
            ("backoff", "0 < minimum"),
            ("receiveMaximum311", "MQTT 5 setting"),
            ("maxInflight", "maxInflight 0"),
        ])
    func invalidConfiguration(setting: String, fragment: String) {
        var configuration = MQTTClient.Configuration(clientID: "hazmon-test")
        switch setting {
        case "port": configuration.port = 0
        case "clientID": configuration.clientID = ""
        case "keepAlive": configuration.keepAliveSeconds = 2
        case "password": configuration.password = "secret"
        case "caFile": configuration.tls = .init(caFile: "/nonexistent/ca.crt")
        case "certWithoutKey": configuration.tls = .init(certFile: "/etc/hostname")
        case "will": configuration.will = .init(topic: "hazmon/status/+", payload: [])
        case "backoff": configuration.reconnect = .init(minimum: .zero)
        case "receiveMaximum311":
            configuration.protocolVersion = .v311
            configuration.receiveMaximum = 100
        case "maxInflight": configuration.maxInflight = 0
        default: Issue.record("unknown case \(setting)")
        }
        #expect {
            _ = try MQTTClient(configuration)
        } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return (error.kind == .invalidConfiguration || error.kind == .invalidTopic)
                && error.message.contains(fragment)
        }
    }

    @Test("a clean-start client may leave its id to the library")
    func anonymousCleanStart() throws {
        var configuration = MQTTClient.Configuration(clientID: "")
        configuration.cleanStart = true
        let client = try MQTTClient(configuration)
        #expect(client.state == .idle)
        #expect(client.stop())
        #expect(client.state == .stopped)
        #expect(throws: MQTTError.self) { try client.start() }
    }

    @Test("topics and filters are checked before anything is sent")
    func topicChecks() throws {
        let client = try MQTTClient(MQTTClient.Configuration(clientID: "hazmon-topics"))
        for filter in ["hz/#/x", "hz/a+", ""] {
            #expect { try client.subscribe([filter]) } throws: { ($0 as? MQTTError)?.kind == .invalidTopic }
        }
        try client.subscribe(["hz/+/T101.LT", "hz/#"])
        for topic in ["hz/+/x", "hz/#", ""] {
            #expect { try client.publish(topic: topic, payload: "1") } throws: {
                ($0 as? MQTTError)?.kind == .invalidTopic
            }
        }
    }

    @Test(
        "exponential backoff doubles from the minimum up to the maximum",
        arguments: [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (60, 1000)])
    func exponentialBackoff(failures: Int, milliseconds: Int) {
        let backoff = MQTTClient.Backoff(minimum: .milliseconds(100), maximum: .seconds(1), exponential: true)
        #expect(backoff.delay(afterFailures: failures) == .milliseconds(milliseconds))
    }

    @Test("constant backoff waits the minimum every time")
    func constantBackoff() {
        let backoff = MQTTClient.Backoff(minimum: .milliseconds(300), maximum: .seconds(5), exponential: false)
        #expect([1, 2, 10].map { backoff.delay(afterFailures: $0) } == Array(repeating: .milliseconds(300), count: 3))
        #expect(MQTTClient.libraryVersion.hasPrefix("2."))
    }
}
