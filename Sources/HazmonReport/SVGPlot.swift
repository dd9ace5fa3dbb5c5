public import HazmonCore

/// One tag's trend as a standalone SVG: value line, limit lines with deadband bands, the window
/// limit, alarm spans shaded in their priority colour, and time / value axes. Pure: returns text.
public enum SVGPlot {
    /// Sizes in SVG user units (pixels).
    public struct Layout: Sendable, Hashable {
        public var width = 900
        public var height = 320
        public var left = 72
        public var right = 80
        public var top = 28
        public var bottom = 36
        /// Pixel columns of the plot area: the downsampler keeps two buckets per column at most.
        public var plotWidth: Int { width - left - right }
        public var plotHeight: Int { height - top - bottom }
        public init() {}
    }

    /// Console colours (SPEC §4) as SVG colours.
    public static func colour(_ priority: Priority) -> String {
        switch priority {
        case .critical: "#d62728"
        case .high: "#ff7f0e"
        case .medium: "#e6c300"
        case .low: "#1f77b4"
        }
    }

    /// Renders `trace` of tag `tag` over [from, to] (event time; the whole replay, so plots line up).
    public static func render(tag: TagSpec, enterprise: String, trace: TagTrace, from: Millis, to: Millis,
                              layout: Layout = Layout()) -> String {
        let points = trace.series.points
        let t0 = from
        let t1 = max(to, from + 1)
        var low = Double.infinity, high = -Double.infinity
        for p in points { low = min(low, p.value); high = max(high, p.value) }
        var lines: [(label: String, value: Double, band: (Double, Double)?, colour: String, dashed: Bool)] = []
        for limit in tag.limits {
            let band: (Double, Double)? = limit.deadband > 0
                ? (limit.condition.isHighLimit ? (limit.value - limit.deadband, limit.value)
                                               : (limit.value, limit.value + limit.deadband)) : nil
            let colour = limit.condition == .HH || limit.condition == .LL ? "#b00020" : "#e07000"
            lines.append(("\(limit.condition.rawValue) \(number(limit.value))", limit.value, band, colour, false))
        }
        if let w = tag.window {
            let band: (Double, Double)? = w.deadband > 0
                ? (w.isHigh ? (w.limit - w.deadband, w.limit) : (w.limit, w.limit + w.deadband)) : nil
            lines.append(("WINDOW \(w.function.rawValue) \(number(w.limit))", w.limit, band, "#7b3fa0", true))
        }
        for l in lines {
            low = min(low, l.value, l.band?.0 ?? l.value)
            high = max(high, l.value, l.band?.1 ?? l.value)
        }
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        if high - low < 1e-12 { low -= 1; high += 1 }
        let pad = (high - low) * 0.05
        low -= pad
        high += pad

        let px0 = Double(layout.left), pw = Double(layout.plotWidth)
        let py0 = Double(layout.top), ph = Double(layout.plotHeight)
        func x(_ t: Millis) -> Double { px0 + pw * Double(t - t0) / Double(t1 - t0) }
        func y(_ v: Double) -> Double { py0 + ph * (high - v) / (high - low) }
        func c(_ v: Double) -> String { Fmt.fixed(v, 1) }

        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(layout.width)\" height=\"\(layout.height)\" "
        s += "viewBox=\"0 0 \(layout.width) \(layout.height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let title = "\(enterprise)/\(tag.id)" + (tag.name.isEmpty ? "" : " \u{2014} \(tag.name)")
            + (tag.unit.isEmpty ? "" : " [\(tag.unit)]")
        s += "<title>\(escape(title))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(layout.left)\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
        s += "<clipPath id=\"plot\"><rect x=\"\(c(px0))\" y=\"\(c(py0))\" width=\"\(c(pw))\" height=\"\(c(ph))\"/></clipPath>\n"

        // Alarm spans first, so lines draw over them.
        s += "<g class=\"alarms\" clip-path=\"url(#plot)\">\n"
        for span in trace.spans {
            let xa = x(max(span.start, t0)), xb = x(min(span.end ?? t1, t1))
            let until = span.end.map { Fmt.time($0) } ?? "end"
            s += "<rect class=\"alarm\" data-condition=\"\(span.condition.rawValue)\" "
            s += "data-priority=\"\(span.priority.rawValue)\" x=\"\(c(xa))\" y=\"\(c(py0))\" "
            s += "width=\"\(c(max(1, xb - xa)))\" height=\"\(c(ph))\" fill=\"\(colour(span.priority))\" fill-opacity=\"0.25\">"
            s += "<title>\(span.condition.rawValue) \(span.priority.rawValue) \(Fmt.time(span.start)) .. \(until)</title></rect>\n"
        }
        s += "</g>\n"

        s += axes(layout: layout, t0: t0, t1: t1, low: low, high: high, x: x, y: y)

        s += "<g class=\"limits\">\n"
        for l in lines {
            if let band = l.band {
                let ya = y(band.1), yb = y(band.0)
                s += "<rect class=\"deadband\" x=\"\(c(px0))\" y=\"\(c(ya))\" width=\"\(c(pw))\" "
                s += "height=\"\(c(max(0.5, yb - ya)))\" fill=\"\(l.colour)\" fill-opacity=\"0.12\"/>\n"
            }
            let yl = y(l.value)
            let dash = l.dashed ? " stroke-dasharray=\"6 4\"" : ""
            s += "<line class=\"limit\" data-limit=\"\(escape(l.label))\" x1=\"\(c(px0))\" x2=\"\(c(px0 + pw))\" "
            s += "y1=\"\(c(yl))\" y2=\"\(c(yl))\" stroke=\"\(l.colour)\" stroke-width=\"1.2\"\(dash)/>\n"
            s += "<text x=\"\(c(px0 + pw + 4))\" y=\"\(c(yl + 4))\" fill=\"\(l.colour)\">\(escape(l.label))</text>\n"
        }
        s += "</g>\n"

        s += "<polyline class=\"value\" clip-path=\"url(#plot)\" fill=\"none\" stroke=\"#222\" stroke-width=\"1\" points=\""
        var first = true
        for p in points {
            if !first { s += " " }
            first = false
            s += "\(c(x(p.ts))),\(c(y(p.value)))"
        }
        s += "\"/>\n</svg>\n"
        return s
    }

    private static func axes(layout: Layout, t0: Millis, t1: Millis, low: Double, high: Double,
                             x: (Millis) -> Double, y: (Double) -> Double) -> String {
        func c(_ v: Double) -> String { Fmt.fixed(v, 1) }
        let px0 = Double(layout.left), px1 = Double(layout.left + layout.plotWidth)
        let py0 = Double(layout.top), py1 = Double(layout.top + layout.plotHeight)
        var s = "<g class=\"axes\" stroke=\"#999\">\n"
        s += "<rect x=\"\(c(px0))\" y=\"\(c(py0))\" width=\"\(c(px1 - px0))\" height=\"\(c(py1 - py0))\" fill=\"none\"/>\n"
        let step = timeStep(t1 - t0)
        var t = floorDiv(t0, step) * step
        if t < t0 { t += step }
        while t <= t1 {
            let xt = x(t)
            s += "<line x1=\"\(c(xt))\" x2=\"\(c(xt))\" y1=\"\(c(py1))\" y2=\"\(c(py1 + 4))\"/>"
            s += "<text class=\"time\" x=\"\(c(xt))\" y=\"\(c(py1 + 16))\" text-anchor=\"middle\" stroke=\"none\" "
            s += "fill=\"#333\">\(timeLabel(t, step: step))</text>\n"
            t += step
        }
        let vstep = valueStep(high - low)
        var v = (low / vstep).rounded(.up) * vstep
        let digits = decimals(vstep)
        while v <= high {
            let yv = y(v)
            s += "<line x1=\"\(c(px0 - 4))\" x2=\"\(c(px0))\" y1=\"\(c(yv))\" y2=\"\(c(yv))\"/>"
            s += "<text x=\"\(c(px0 - 6))\" y=\"\(c(yv + 4))\" text-anchor=\"end\" stroke=\"none\" "
            s += "fill=\"#333\">\(Fmt.fixed(v, digits))</text>\n"
            v += vstep
        }
        s += "</g>\n"
        return s
    }

    /// The smallest round time step giving at most 8 ticks.
    static func timeStep(_ span: Millis) -> Millis {
        let steps: [Millis] = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800]
            .map { $0 * 1000 }
        return steps.first { span / $0 <= 8 } ?? (span / 8 / 604_800_000 + 1) * 604_800_000
    }

    /// `HH:MM` (or `HH:MM:SS`), with the date at midnight and for steps of a day or more.
    static func timeLabel(_ t: Millis, step: Millis) -> String {
        let text = Fmt.time(t)  // 2026-01-01T08:00:00.000Z
        let date = String(text.prefix(10))
        let clock = String(text.dropFirst(11).prefix(step < 60_000 ? 8 : 5))
        if step >= 86_400_000 { return date }
        return clock == "00:00" || clock == "00:00:00" ? "\(date.dropFirst(5)) \(clock)" : clock
    }

    /// A 1-2-5 step giving about five value ticks.
    static func valueStep(_ range: Double) -> Double {
        let raw = range / 5
        var mag = 1.0
        while mag * 10 <= raw { mag *= 10 }
        while mag > raw { mag /= 10 }
        for m in [1.0, 2.0, 5.0] where mag * m >= raw { return mag * m }
        return mag * 10
    }

    /// Decimals needed to print multiples of `step` exactly.
    static func decimals(_ step: Double) -> Int {
        var d = 0
        var s = step
        while d < 9, abs(s - s.rounded()) > 1e-9 * max(1, s) { s *= 10; d += 1 }
        return d
    }

    /// A limit value without trailing noise: integers plain, others with up to 6 significant decimals.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var text = Fmt.fixed(v, 6)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Escapes text for SVG content and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
