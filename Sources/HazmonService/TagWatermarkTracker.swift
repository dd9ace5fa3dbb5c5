public import HazmonCore
public import HazmonStore

/// Remembers which tags took a sample since the last journal batch, so each batch can carry their
/// last evaluated sample (`tag_watermarks`): after a `kill -9`, samples up to it are duplicates.
///
/// Tags are marked with a flag array and a list (no hashing per sample); a batch carries each
/// marked tag once.
public struct TagWatermarkTracker {
    private var marked: [Bool] = []
    private var dirty: [Int32] = []
    /// Wall time of the last `take`.
    public private(set) var lastFlush: Millis = .min

    public init() {}

    /// Marks the tags of accepted samples.
    public mutating func note(_ samples: [Sample]) {
        for sample in samples {
            let tag = Int(sample.tag)
            if tag >= marked.count { marked += Array(repeating: false, count: tag + 1 - marked.count) }
            if !marked[tag] {
                marked[tag] = true
                dirty.append(sample.tag)
            }
        }
    }

    /// The marked tags' last samples as rows, and a clean slate.
    public mutating func take(engine: AlarmEngine, at now: Millis) -> [TagWatermarkRow] {
        lastFlush = now
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
