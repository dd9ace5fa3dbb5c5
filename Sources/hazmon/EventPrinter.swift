import HazmonCore
import HazmonIO

#if canImport(Glibc)
import Glibc
#endif

/// One terminal line per alarm event, coloured by priority when standard output is a terminal.
struct EventPrinter {
    let renderer: EventRenderer
    let colour: Bool = isatty(1) == 1

    func line(_ event: AlarmEvent) -> String {
        let names = renderer.names(event)
        let priority = names.priority.rawValue.uppercased()
        let padded = priority + String(repeating: " ", count: max(0, 8 - priority.count))
        let hidden = event.transition == .activate && !event.flags.contains(.annunciated) ? " (not annunciated)" : ""
        let text = "\(Timestamps.rfc3339(event.ts))  \(padded) \(names.enterprise)/\(names.tag) "
            + "\(event.transition.name): \(renderer.message(event, names: names))\(hidden)"
        guard colour else { return text }
        let code: String =
            switch names.priority {
            case .critical: "1;31"
            case .high: "38;5;208"
            case .medium: "33"
            case .low: "34"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
