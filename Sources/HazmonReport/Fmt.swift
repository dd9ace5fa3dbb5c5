public import HazmonCore
import HazmonIO

/// Number and time formatting for the report's text (no Foundation in this module).
public enum Fmt {
    /// `x` with exactly `digits` decimals, rounded half away from zero.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled - Double(whole) * scale)
        let sign = x < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fracText = String(frac)
        return "\(sign)\(whole).\(String(repeating: "0", count: digits - fracText.count))\(fracText)"
    }

    /// A share (0…1) as a percentage with one decimal: `12.5 %`.
    public static func percent(_ share: Double) -> String { fixed(share * 100, 1) + " %" }

    /// A duration as `H:MM`, or `H:MM:SS` when it has seconds (hours may exceed 24).
    public static func duration(_ ms: Millis) -> String {
        let sign = ms < 0 ? "-" : ""
        let totalSeconds = abs(ms) / 1000
        let hours = totalSeconds / 3600
        let minutes = (totalSeconds % 3600) / 60
        let seconds = totalSeconds % 60
        let mm = minutes < 10 ? "0\(minutes)" : "\(minutes)"
        guard seconds != 0 else { return "\(sign)\(hours):\(mm)" }
        let ss = seconds < 10 ? "0\(seconds)" : "\(seconds)"
        return "\(sign)\(hours):\(mm):\(ss)"
    }

    /// An event time in RFC 3339 with milliseconds (UTC), as events carry it.
    public static func time(_ ms: Millis) -> String { Timestamps.rfc3339(ms) }

    /// `text` padded with spaces to `width` characters (left-aligned).
    public static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `text` padded on the left to `width` characters (right-aligned).
    public static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
