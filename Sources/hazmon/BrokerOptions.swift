import ArgumentParser
import Foundation
import HazmonCatalog
import HazmonMQTT

/// Broker connection flags shared by `run` and `simulate`; each overrides the config's `mqtt` section.
struct BrokerOptions: ParsableArguments {
    @Option(help: "Broker URL, mqtt://HOST:PORT or mqtts://HOST:PORT (default: config, else mqtt://127.0.0.1:1883).")
    var broker: String?

    @Option(help: "Instance name in hazmon/status/<instance> (default: config, else hazmon).")
    var instance: String?

    @Option(help: "Client id prefix; must be stable across restarts for the persistent session (default hazmon-<instance>).")
    var clientId: String?

    @Option(help: "MQTT protocol version: 5 or 3.1.1 (default 5).")
    var mqttVersion: String?

    @Option(help: "User name for the broker.")
    var username: String?

    @Option(help: "File holding the broker password (or set HAZMON_MQTT_PASSWORD). Never given on the command line.")
    var passwordFile: String?

    @Option(help: "CA certificate (PEM) for mqtts://.")
    var caFile: String?

    @Option(help: "Client certificate (PEM) for brokers that require one.")
    var certFile: String?

    @Option(help: "Private key (PEM) of --cert-file.")
    var keyFile: String?

    /// Everything needed to connect, flags first, then the config file, then defaults.
    struct Resolved {
        var url: String
        var instance: String
        var clientID: String
        var version: MQTTClient.ProtocolVersion
        var keepAliveSeconds: Int
        var sessionExpirySeconds: UInt32
        var username: String?
        var password: String?
        var tls: MQTTClient.TLS?

        /// A client configuration with this connection's settings.
        func configuration(clientID suffix: String) throws -> MQTTClient.Configuration {
            var config = try MQTTClient.Configuration(url: url, clientID: "\(clientID)-\(suffix)")
            config.protocolVersion = version
            config.keepAliveSeconds = keepAliveSeconds
            config.username = username
            config.password = password
            if let tls { config.tls = tls }
            return config
        }
    }

    func resolve(_ settings: ServiceSettings) throws -> Resolved {
        let instance = instance ?? settings.instance ?? "hazmon"
        let versionText = mqttVersion ?? settings.protocolVersion ?? "5"
        let version: MQTTClient.ProtocolVersion
        switch versionText {
        case "5": version = .v5
        case "3.1.1", "311": version = .v311
        default: throw ValidationError("--mqtt-version must be 5 or 3.1.1, not '\(versionText)'")
        }
        var password: String?
        if let file = passwordFile ?? settings.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read the password file '\(file)'")
            }
            password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["HAZMON_MQTT_PASSWORD"] {
            password = fromEnvironment
        }
        let ca = caFile ?? settings.caFile
        let cert = certFile ?? settings.certFile
        let key = keyFile ?? settings.keyFile
        var tls: MQTTClient.TLS?
        if ca != nil || cert != nil || key != nil {
            tls = MQTTClient.TLS(caFile: ca, certFile: cert, keyFile: key)
        }
        return Resolved(
            url: broker ?? settings.broker ?? "mqtt://127.0.0.1:1883", instance: instance,
            clientID: clientId ?? settings.clientID ?? "hazmon-\(instance)", version: version,
            keepAliveSeconds: Int((settings.keepAlive ?? 30_000) / 1000),
            sessionExpirySeconds: UInt32(clamping: (settings.sessionExpiry ?? 86_400_000) / 1000),
            username: username ?? settings.username, password: password, tls: tls)
    }
}
