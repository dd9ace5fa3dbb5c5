public import HazmonCore

/// Parses the durations catalogs and configs are written in: `500ms`, `10s`, `5m`, `2h`, `1d`, `1.5s`, `0`.
///
/// Decimals are computed exactly in integer milliseconds (no binary floating point), so `0.1s` is 100 ms
/// on every machine; a value that is not a whole number of milliseconds (`0.5ms`) is refused.
public enum DurationParser {
    /// Milliseconds in one of each unit; `ms` is checked before `m` because it ends in `s` too.
    private static let units: [(suffix: String, millis: Millis)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The text as milliseconds, or nil when it is not a non-negative duration with a unit (`0` may omit it).
    public static func parse(_ text: String) -> Millis? {
        if text == "0" { return 0 }
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = text.dropLast(unit.suffix.count)
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        guard let wholeValue = Millis(whole) else { return nil }
        var (total, overflow) = wholeValue.multipliedReportingOverflow(by: unit.millis)
        guard !overflow else { return nil }
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(\.isASCIIDigit),
                let digits = Millis(fraction)
            else { return nil }
            var scale: Millis = 1
            for _ in 0..<fraction.count { scale *= 10 }
            let scaled = digits * unit.millis
            guard scaled % scale == 0 else { return nil }
            (total, overflow) = total.addingReportingOverflow(scaled / scale)
            guard !overflow else { return nil }
        }
        return total
    }

    /// Renders milliseconds the way a person would write them back (`90s`, `15m`, `1500ms`), for messages.
    public static func format(_ millis: Millis) -> String {
        if millis == 0 { return "0s" }
        for unit in units.reversed() where millis % unit.millis == 0 {
            return "\(millis / unit.millis)\(unit.suffix)"
        }
        return "\(millis)ms"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
