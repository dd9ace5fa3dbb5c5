import HazmonCore

/// Number and duration text for explanations: short and stable (no locale, no Foundation).
enum RiskText {
    /// `3`, `2.5`, `0.25`: at most two decimals, no trailing zeros.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let rounded = (x * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// `45 s`, `42 min`, `2 h 5 min`, `3 d 4 h`.
    static func duration(_ ms: Millis) -> String {
        let seconds = ms / 1000
        if seconds < 60 { return "\(seconds) s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 24 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }

    /// `1 accident`, `2 accidents`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
