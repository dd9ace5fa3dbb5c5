/// MQTT delivery guarantee of a publish or subscription.
public enum QoS: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Fire and forget (QoS 0).
    case atMostOnce = 0
    /// Acknowledged, possibly delivered twice (QoS 1).
    case atLeastOnce = 1
    /// Four-way handshake, delivered once (QoS 2).
    case exactlyOnce = 2

    /// `QoS 0`, `QoS 1` or `QoS 2`.
    public var description: String { "QoS \(rawValue)" }
}

/// One message received from the broker, as the engine consumes it.
///
/// Each message owns one topic string and one payload array and nothing else.
public struct MQTTMessage: Sendable, Hashable {
    /// The topic it was published on (never a wildcard).
    public var topic: String
    /// The payload bytes, exactly as published.
    public var payload: [UInt8]
    /// The QoS it was delivered with (the lower of the publisher's and the subscription's).
    public var qos: QoS
    /// Whether the broker delivered it from its retained store (a value published before we subscribed).
    public var retain: Bool
    /// Wall-clock time it was taken off the socket, in milliseconds since the Unix epoch.
    public var receivedAt: Int64

    /// Creates a message (tests and replay; the client builds its own).
    public init(topic: String, payload: [UInt8], qos: QoS, retain: Bool, receivedAt: Int64) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.receivedAt = receivedAt
    }

    /// A slot filler for the queue's ring: an empty string and an empty array allocate nothing.
    static let vacant = MQTTMessage(topic: "", payload: [], qos: .atMostOnce, retain: false, receivedAt: 0)
}
