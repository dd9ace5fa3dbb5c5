public import HazmonCore
public import HazmonIO

/// Publishes engine events (SPEC §6): each transition on `hazmon/events/…`, and the alarm's
/// current state retained on `hazmon/alarms/…` — cleared with an empty retained message once the
/// alarm is `normal` with no overlay left to show.
public final class EventPublisher: @unchecked Sendable {
    private let renderer: EventRenderer
    private let sink: any MessageSink
    private let topics: OutputTopics
    /// Publishes that the client refused (e.g. while disconnected with a full queue).
    public private(set) var failures: UInt64 = 0
    public private(set) var lastError: String?

    /// - Important: used by the engine's task only (not thread-safe).
    public init(renderer: EventRenderer, sink: any MessageSink, topics: OutputTopics = OutputTopics()) {
        self.renderer = renderer
        self.sink = sink
        self.topics = topics
    }

    /// Publishes one event and the alarm state it leaves.
    public func publish(_ event: AlarmEvent) {
        let names = renderer.names(event)
        let json = Array(renderer.json(event).utf8)
        send(topics.events(enterprise: names.enterprise, tag: names.tag), json, retain: false)
        guard event.alarm >= 0 else { return }
        let overlays = event.flags.subtracting([.annunciated, .flood])
        let cleared = event.state == .normal && overlays.isEmpty
        send(topics.alarm(enterprise: names.enterprise, tag: names.tag, condition: names.condition.rawValue),
             cleared ? [] : json, retain: true)
    }

    private func send(_ topic: String, _ payload: [UInt8], retain: Bool) {
        do {
            try sink.publish(topic: topic, payload: payload, qos: 1, retain: retain)
        } catch {
            failures &+= 1
            lastError = "\(error)"
        }
    }
}
