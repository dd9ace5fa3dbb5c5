public import HazmonMQTT

/// Publishes through the MQTT client: the production `MessageSink`.
public final class MQTTSink: MessageSink {
    private let client: MQTTClient

    public init(client: MQTTClient) { self.client = client }

    public func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) throws {
        try client.publish(topic: topic, payload: payload, qos: qos == 0 ? .atMostOnce : .atLeastOnce, retain: retain)
    }
}
