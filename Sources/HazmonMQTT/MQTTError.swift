import CMosquitto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything that can go wrong between hazmon and the broker, with a message that says what to fix.
///
/// Match on ``kind``; ``code`` keeps the libmosquitto error code or the MQTT reason code behind it.
/// Every libmosquitto return code and every broker reason code becomes an `MQTTError` here and
/// nowhere else (``library(_:_:errno:)``, ``refused(_:protocol:)``, ``reason(_:_:)``).
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case invalidURL, invalidConfiguration, invalidTopic, connectionFailed, connectionRefused
            case connectionLost, tls, subscriptionRefused, publishRefused, backlogFull, misuse, library
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A broker URL that is not `mqtt://host[:port]` or `mqtts://host[:port]`.
        public static let invalidURL = Kind(.invalidURL)
        /// A setting out of range or inconsistent with another (found before connecting).
        public static let invalidConfiguration = Kind(.invalidConfiguration)
        /// A topic or filter MQTT does not allow (wildcards where they may not be, bad UTF-8, too long).
        public static let invalidTopic = Kind(.invalidTopic)
        /// The TCP connection could not be made (refused, unreachable, name not found).
        public static let connectionFailed = Kind(.connectionFailed)
        /// The broker answered CONNECT with a refusal (credentials, client id, protocol version).
        public static let connectionRefused = Kind(.connectionRefused)
        /// An established connection went away (broker stopped, network, keepalive timeout).
        public static let connectionLost = Kind(.connectionLost)
        /// TLS setup or handshake failed (files, certificate chain, host name).
        public static let tls = Kind(.tls)
        /// The broker refused a subscription (SUBACK failure, usually its ACL).
        public static let subscriptionRefused = Kind(.subscriptionRefused)
        /// The broker refused a publish (MQTT 5 PUBACK reason code ≥ 0x80, usually its ACL).
        public static let publishRefused = Kind(.publishRefused)
        /// Too many publishes await the broker's acknowledgement; the broker is unreachable or slow.
        public static let backlogFull = Kind(.backlogFull)
        /// The client was used out of order (started twice, used after `stop()`).
        public static let misuse = Kind(.misuse)
        /// Any other libmosquitto failure.
        public static let library = Kind(.library)

        /// The kind's name, e.g. `connectionRefused`.
        public var description: String { "\(base)" }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// The libmosquitto `MOSQ_ERR_*` code, or the MQTT CONNACK/reason code for refusals; `nil` when
    /// the error was found in Swift before any C call.
    public let code: Int32?
    /// What went wrong and what to do about it, in one or two sentences.
    public let message: String

    /// Creates an error; the client creates its own, this is for code that wraps the client.
    public init(kind: Kind, code: Int32? = nil, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

// MARK: - The one place C codes become errors

extension MQTTError {
    /// Throws unless `rc` is `MOSQ_ERR_SUCCESS`; `context` says what was being done, e.g. "subscribe to hz/#".
    @inline(__always)
    static func check(_ rc: Int32, _ context: @autoclosure () -> String) throws(MQTTError) {
        if rc != MOSQ_ERR_SUCCESS.rawValue { throw library(rc, context(), errno: errno) }
    }

    /// The error for a libmosquitto return code. `errno` matters only for `MOSQ_ERR_ERRNO` and must be
    /// read right after the failing call, on the same thread.
    static func library(_ rc: Int32, _ context: String, errno savedErrno: Int32 = 0) -> MQTTError {
        let text = sentence(mosquitto_strerror(rc))
        let kind: Kind
        let hint: String
        switch mosq_err_t(rawValue: rc) {
        case MOSQ_ERR_ERRNO:
            let reason = savedErrno != 0 ? String(cString: strerror(savedErrno)) : text
            kind = .connectionFailed
            switch savedErrno {
            case ECONNREFUSED: hint = "\(reason): is the broker running and listening on that host and port?"
            case ETIMEDOUT, EHOSTUNREACH, ENETUNREACH: hint = "\(reason): check the host, the port and firewalls."
            case EPROTO:
                hint = "\(reason): TLS or protocol failure; check that the port is a TLS listener for mqtts://."
            default: hint = reason
            }
            return MQTTError(kind: kind, code: rc, message: "\(context): \(hint)")
        case MOSQ_ERR_EAI, MOSQ_ERR_LOOKUP:
            kind = .connectionFailed
            hint = "the host name could not be resolved; check the broker host."
        case MOSQ_ERR_NO_CONN:
            kind = .connectionLost
            hint = "the client reconnects by itself; retry once it is connected."
        case MOSQ_ERR_CONN_LOST:
            kind = .connectionLost
            hint = "reconnecting."
        case MOSQ_ERR_KEEPALIVE:
            kind = .connectionLost
            hint = "the broker did not answer within the keepalive interval; reconnecting."
        case MOSQ_ERR_CONN_REFUSED:
            kind = .connectionRefused
            hint = "see the broker's reason in the error before this one."
        case MOSQ_ERR_TLS, MOSQ_ERR_TLS_HANDSHAKE, MOSQ_ERR_OCSP:
            kind = .tls
            hint = """
                check caFile/certFile/keyFile, that the broker's certificate is signed by that CA and names \
                the host you connect to (or set tls.insecure), and that the port is a TLS listener.
                """
        case MOSQ_ERR_AUTH:
            kind = .connectionRefused
            hint = "check username and password."
        case MOSQ_ERR_ACL_DENIED:
            kind = .publishRefused
            hint = "the broker's access control list denies this; grant the client's user access to the topic."
        case MOSQ_ERR_MALFORMED_UTF8:
            kind = .invalidTopic
            hint = "the topic is not valid UTF-8."
        case MOSQ_ERR_PAYLOAD_SIZE, MOSQ_ERR_OVERSIZE_PACKET:
            kind = .library
            hint = "the message is larger than MQTT (256 MiB) or the broker's maximum packet size allows."
        case MOSQ_ERR_QOS_NOT_SUPPORTED, MOSQ_ERR_RETAIN_NOT_SUPPORTED:
            kind = .publishRefused
            hint = "the broker does not support this QoS or retain; lower the QoS or publish without retain."
        case MOSQ_ERR_NOT_SUPPORTED:
            kind = .invalidConfiguration
            hint = "not supported with this protocol version or by this libmosquitto build."
        case MOSQ_ERR_PROTOCOL, MOSQ_ERR_MALFORMED_PACKET:
            kind = .connectionLost
            hint = "the broker sent something libmosquitto could not accept; check the protocol version setting."
        case MOSQ_ERR_INVAL:
            kind = .invalidConfiguration
            hint = "libmosquitto rejected an argument; check host, port, keepAlive (5…65535 s) and topics."
        case MOSQ_ERR_NOMEM:
            kind = .library
            hint = "out of memory."
        default:
            kind = .library
            hint = "libmosquitto error \(rc)."
        }
        return MQTTError(kind: kind, code: rc, message: "\(context): \(text); \(hint)")
    }

    /// The error for a refused CONNECT: a CONNACK return code (3.1.1) or reason code (5).
    static func refused(_ code: Int32, protocol version: MQTTClient.ProtocolVersion) -> MQTTError {
        let text: String
        let hint: String
        switch version {
        case .v311:
            text = sentence(mosquitto_connack_string(code))
            switch code {
            case 1: hint = "set protocol to .v5 or upgrade the broker."
            case 2: hint = "the broker rejects the client id; choose another clientID."
            case 3: hint = "the broker is unavailable; the client keeps retrying."
            case 4: hint = "check username and password."
            case 5: hint = "check the credentials and the broker's ACL/allow_anonymous setting."
            default: hint = "unknown CONNACK code."
            }
        case .v5:
            text = sentence(mosquitto_reason_string(code))
            switch code {
            case 132: hint = "set protocol to .v311 or upgrade the broker."
            case 133: hint = "the broker rejects the client id; choose another clientID."
            case 134: hint = "check username and password."
            case 135: hint = "check the credentials and the broker's ACL/allow_anonymous setting."
            case 136, 137, 159: hint = "the broker is unavailable or busy; the client keeps retrying."
            case 138: hint = "the broker has banned this client."
            default: hint = "see the broker's log."
            }
        }
        return MQTTError(
            kind: .connectionRefused, code: code, message: "broker refused the connection: \(text); \(hint)")
    }

    /// The error for an MQTT 5 reason code ≥ 0x80 on a PUBACK, SUBACK or DISCONNECT.
    static func reason(_ code: Int32, _ context: String) -> MQTTError {
        let text = sentence(mosquitto_reason_string(code))
        let kind: Kind
        let hint: String
        switch code {
        case 135:
            kind = context.hasPrefix("subscribe") ? .subscriptionRefused : .publishRefused
            hint = "grant the client's user access to the topic in the broker's ACL."
        case 142:
            kind = .connectionLost
            hint = "another client connected with the same clientID; give every instance its own clientID."
        case 141:
            kind = .connectionLost
            hint = "the broker saw no traffic within the keepalive interval; reconnecting."
        case 139:
            kind = .connectionLost
            hint = "the broker is shutting down; reconnecting."
        default:
            kind = context.hasPrefix("subscribe") ? .subscriptionRefused : .library
            hint = "see the broker's log."
        }
        return MQTTError(kind: kind, code: code, message: "\(context): \(text); \(hint)")
    }

    /// libmosquitto's text without its final period, so it can be followed by "; what to do".
    private static func sentence(_ text: UnsafePointer<CChar>) -> String {
        var sentence = String(cString: text)
        while sentence.hasSuffix(".") { sentence.removeLast() }
        return sentence
    }

    static func configuration(_ message: String) -> MQTTError {
        MQTTError(kind: .invalidConfiguration, message: message)
    }
}
