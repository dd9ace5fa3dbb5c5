/// Where the service publishes: the MQTT client in production, a recorder in tests.
/// - Important: `publish` must not block on the network; libmosquitto's `mosquitto_publish` queues.
public protocol MessageSink: AnyObject, Sendable {
    func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) throws
}

/// The MQTT topics hazmon publishes on (SPEC §6).
public struct OutputTopics: Sendable, Hashable {
    /// Prefix of every topic, `hazmon` by default.
    public var root: String

    public init(root: String = "hazmon") { self.root = root }

    /// Every alarm transition, not retained.
    public func events(enterprise: String, tag: String) -> String { "\(root)/events/\(enterprise)/\(tag)" }
    /// The alarm's current state, retained; empty once it is back to normal.
    public func alarm(enterprise: String, tag: String, condition: String) -> String {
        "\(root)/alarms/\(enterprise)/\(tag)/\(condition)"
    }
    /// Inspection task changes (SPEC §7), not retained.
    public func inspections(enterprise: String) -> String { "\(root)/inspections/\(enterprise)" }
    /// The enterprise's current risk score and grade (SPEC §8), retained.
    public func risk(enterprise: String) -> String { "\(root)/risk/\(enterprise)" }
    /// `online` retained while the service runs, `offline` as the last will.
    public func status(instance: String) -> String { "\(root)/status/\(instance)" }
}
