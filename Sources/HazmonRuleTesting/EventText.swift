import HazmonCatalog
public import HazmonCore

/// How events, times and values read in `hazmon test` output.
public enum EventText {
    /// `E-DEMO-01/V101.LT/H activate at 60s`, times after the case start.
    public static func describe(_ e: ObservedEvent, start: Millis) -> String {
        "\(e.enterprise)/\(e.tag)/\(e.condition.rawValue) \(e.transition.name) at \(time(e.ts, start: start))"
    }

    /// `E-DEMO-01/V101.LT/H activate at 60s` for an expectation.
    public static func describe(_ e: ExpectedEvent, start: Millis) -> String {
        "\(e.enterprise)/\(e.tag)/\(e.condition.rawValue) \(e.transition.name) at \(time(e.ts, start: start))"
    }

    /// The fields a user may state, for unexpected events and `--verbose` (annunciation only where it tells
    /// something: on activations).
    public static func details(_ e: ObservedEvent) -> String {
        "state \(e.state.name), priority \(e.priority.rawValue), value \(number(e.value))"
            + (e.transition == .activate && !e.annunciated ? ", not annunciated" : "")
    }

    /// A time as the test file writes it: a duration after the start (`90s`, `1500ms`), `-5s` before it.
    public static func time(_ ts: Millis, start: Millis) -> String {
        let offset = ts - start
        return offset < 0 ? "-" + DurationParser.format(-offset) : DurationParser.format(offset)
    }

    /// `86`, `86.5`, `nan`: without the `.0` Swift prints for whole doubles.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let text = "\(v)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
