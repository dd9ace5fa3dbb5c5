public import HazmonCore
public import HazmonStore

/// Remembers which tags had an alarm event in the current engine step, so the step's journal batch
/// carries their last evaluated sample (`tag_watermarks`).
///
/// Why only those tags: after a `kill -9` the engine restarts from its checkpoint, with the alarm
/// states journaled since laid on top. A tag without events since the checkpoint is restored
/// exactly as it was, so samples arriving again replay to the same (no) events. A tag with events
/// since then has a newer lifecycle than the rest of its restored state: its watermark makes the
/// samples it had already evaluated duplicates, so they cannot raise the same transitions twice.
/// Writing one row per tag with events (instead of one per tag heard) keeps the store's load
/// proportional to alarms, not telemetry.
public struct TagWatermarkTracker {
    private var marked: [Bool] = []
    private var dirty: [Int32] = []

    public init() {}

    /// Marks the tags of a step's events (votes and floods have no tag of their own).
    public mutating func note(_ events: [AlarmEvent], rules: [AlarmRule]) {
        for event in events where event.alarm >= 0 {
            let tag = rules[Int(event.alarm)].tag
            guard tag >= 0 else { continue }
            let t = Int(tag)
            if t >= marked.count { marked += Array(repeating: false, count: t + 1 - marked.count) }
            if !marked[t] {
                marked[t] = true
                dirty.append(tag)
            }
        }
    }

    /// The marked tags' last samples as rows, and a clean slate.
    public mutating func take(engine: AlarmEngine) -> [TagWatermarkRow] {
        guard !dirty.isEmpty else { return [] }
        let model = engine.model
        let rows = dirty.map { tag in
            let spec = model.tags[Int(tag)]
            return TagWatermarkRow(enterprise: model.enterprises[spec.enterprise].id, tag: spec.id,
                                   ts: engine.lastSampleTime(ofTag: Int(tag)), value: engine.lastValue(ofTag: Int(tag)))
        }
        for tag in dirty { marked[Int(tag)] = false }
        dirty.removeAll(keepingCapacity: true)
        return rows
    }
}
