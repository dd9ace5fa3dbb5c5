public import HazmonCore

/// What a tag's plot needs, gathered while the engine runs: downsampled values and alarm spans.
public struct TagTrace: Sendable, Hashable {
    /// One activation of one of the tag's alarms, from its activation to its return (or the end).
    public struct Span: Sendable, Hashable {
        public var condition: Condition
        public var priority: Priority
        public var start: Millis
        /// nil while still active.
        public var end: Millis?
    }

    public var series: SeriesDownsampler
    public var spans: [Span] = []
    /// Spans past this many are not kept (a chattering alarm must not grow the trace without bound).
    public static let maxSpans = 2000

    init(columns: Int) { series = SeriesDownsampler(capacity: columns * 2) }
}

/// Collects one `TagTrace` per tag from samples and events, for `SVGPlot`.
public struct PlotRecorder: Sendable {
    public let alarms: [AlarmFacts]
    public private(set) var traces: [TagTrace]
    /// Per alarm: index of its open span in its tag's trace, -1 when none.
    private var open: [Int]

    /// A recorder for every tag of a catalog (`tags` tags), plots `columns` pixels wide.
    public init(alarms: [AlarmFacts], tags: Int, columns: Int = SVGPlot.Layout().plotWidth) {
        self.alarms = alarms
        traces = Array(repeating: TagTrace(columns: columns), count: tags)
        open = Array(repeating: -1, count: alarms.count)
    }

    /// Adds one accepted sample of tag `tag`.
    public mutating func record(tag: Int, ts: Millis, value: Double) {
        traces[tag].series.add(ts, value)
    }

    /// Opens or closes the span of the event's alarm (votes and floods have no tag: skipped).
    public mutating func record(_ event: AlarmEvent) {
        guard event.alarm >= 0 else { return }
        let a = Int(event.alarm)
        let facts = alarms[a]
        guard facts.tag >= 0 else { return }
        if event.state.isActive, open[a] < 0 {
            let start = event.activatedAt == AlarmEvent.never ? event.ts : event.activatedAt
            if traces[facts.tag].spans.count < TagTrace.maxSpans {
                traces[facts.tag].spans.append(TagTrace.Span(condition: facts.condition, priority: facts.priority,
                                                             start: start, end: nil))
                open[a] = traces[facts.tag].spans.count - 1
            }
        } else if !event.state.isActive, open[a] >= 0 {
            traces[facts.tag].spans[open[a]].end = event.ts
            open[a] = -1
        }
    }

    /// Tags with at least one sample; with `onlyAlarmed`, only those that also have a span.
    public func plottedTags(onlyAlarmed: Bool) -> [Int] {
        traces.indices.filter { t in traces[t].series.samples > 0 && (!onlyAlarmed || !traces[t].spans.isEmpty) }
    }
}
