import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonSim

/// Paths and the demo catalog the tests run the simulator on.
enum Demo {
    /// `Tests/HazmonSimTests/TestSupport.swift` → three levels up is the package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sensors = root.appendingPathComponent("Sensors/demo").path
    static let config = root.appendingPathComponent("Config/hazmon.yaml").path

    /// Sensors/demo with Config/hazmon.yaml (its profiles set the demo tags' delays and stale_after).
    static func catalog() throws -> LoadedCatalog {
        try CatalogLoader.load(sensors: sensors, config: config)
    }

    /// A fixed simulated start: 2026-07-15 12:00 in Zibo (04:00 UTC), a summer day heading for its peak.
    static let start: Millis = Timestamps.parse("2026-07-15T04:00:00Z")!
}

/// An engine event with the catalog's names.
struct NamedEvent: Hashable, CustomStringConvertible {
    var enterprise: String
    var tag: String
    var condition: Condition
    var transition: Transition
    var ts: Millis
    var value: Double

    var description: String {
        "\(Timestamps.rfc3339(ts)) \(enterprise)/\(tag) \(condition.rawValue) \(transition.name) \(value)"
    }
}

extension Array where Element == NamedEvent {
    var activations: [NamedEvent] { filter { $0.transition == .activate } }
    var returns: [NamedEvent] { filter { $0.transition == .return } }

    func first(_ tag: String, _ condition: Condition, _ transition: Transition = .activate) -> NamedEvent? {
        first { $0.tag == tag && $0.condition == condition && $0.transition == transition }
    }
}

/// Runs the simulator's samples for [start, end) every `step` ms straight into an engine (event time).
func runThroughEngine(
    _ simulator: PlantSimulator, until end: Millis, step: Millis = 1000,
    inspect: (Sample) -> Void = { _ in }
) -> [NamedEvent] {
    var engine = AlarmEngine(model: simulator.model)
    let renderer = EventRenderer(engine: engine)
    var events: [AlarmEvent] = []
    var samples: [Sample] = []
    var t = simulator.start
    while t < end {
        samples.removeAll(keepingCapacity: true)
        simulator.samples(at: t, into: &samples)
        for sample in samples {
            inspect(sample)
            _ = engine.process(sample, into: &events)
        }
        t += step
    }
    return events.map { event in
        let names = renderer.names(event)
        return NamedEvent(
            enterprise: names.enterprise, tag: names.tag, condition: names.condition,
            transition: event.transition, ts: event.ts, value: event.value)
    }
}

let oneSecond: Millis = 1000
let oneMinute: Millis = 60_000
let oneHour: Millis = 3_600_000
