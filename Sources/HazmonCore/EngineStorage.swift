/// The state every sample reads and writes, in exactly sized buffers aligned to cache lines.
///
/// Why not Swift arrays: every element mutation of an array stored in the engine struct costs an
/// out-of-line uniqueness check and a write-back of the buffer pointer, several times per sample.
/// Here `AlarmEngine` checks uniqueness once per public mutating call (`makeStorageUnique`) and
/// copies the whole storage when a copy of the engine shares it, so engines keep value semantics.
/// Indices into these buffers come from `TagLayout`s that `AlarmEngine.build` made, or are
/// validated by the public entry points; they are not checked again per access.
///
/// Only trivial (plain-data) element types are stored, so copying is a memcpy and freeing needs no
/// deinitialization.
final class EngineStorage: @unchecked Sendable {
    // @unchecked: the buffers are only mutated through an engine that holds the sole reference.

    /// Per alarm: the rule's per-sample fields and its delay tracker (one 64-byte line each).
    let rows: UnsafeMutableBufferPointer<HotRule>
    /// Per tag: where its alarms and ring live.
    let layouts: UnsafeMutableBufferPointer<TagLayout>
    /// Per tag: what the engine remembers between samples.
    let runtime: UnsafeMutableBufferPointer<TagRuntime>
    /// `ROC`/`WINDOW` sample history, `TagLayout.ringCapacity` entries per tag at `ringOffset`.
    let ring: UnsafeMutableBufferPointer<RingEntry>

    init(rows: [HotRule], layouts: [TagLayout], runtime: [TagRuntime], ringCount: Int) {
        // One cache line per row and per tag (see the types): a field added later shows up here.
        assert(MemoryLayout<HotRule>.stride == 64 && MemoryLayout<TagRuntime>.stride == 64)
        self.rows = Self.allocate(copying: rows)
        self.layouts = Self.allocate(copying: layouts)
        self.runtime = Self.allocate(copying: runtime)
        self.ring = Self.allocate(copying: repeatElement(RingEntry(ts: 0, value: 0), count: ringCount))
    }

    /// An empty storage, the placeholder until `AlarmEngine.build` has made the real one.
    convenience init() { self.init(rows: [], layouts: [], runtime: [], ringCount: 0) }

    /// A deep copy, for the engine that mutates while another copy still shares this storage.
    init(copying other: EngineStorage) {
        rows = Self.allocate(copying: other.rows)
        layouts = Self.allocate(copying: other.layouts)
        runtime = Self.allocate(copying: other.runtime)
        ring = Self.allocate(copying: other.ring)
    }

    deinit {
        Self.free(rows)
        Self.free(layouts)
        Self.free(runtime)
        Self.free(ring)
    }

    /// Line-aligned so a 64-byte `HotRule` or `TagRuntime` never spans two cache lines.
    private static func allocate<C: Collection>(copying source: C) -> UnsafeMutableBufferPointer<C.Element> {
        assert(_isPOD(C.Element.self), "storage elements must be plain data")
        let count = source.count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: Swift.max(1, count) * MemoryLayout<C.Element>.stride, alignment: 64)
        let buffer = UnsafeMutableBufferPointer(
            start: raw.bindMemory(to: C.Element.self, capacity: count), count: count)
        _ = buffer.initialize(from: source)
        return buffer
    }

    private static func free<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        UnsafeMutableRawPointer(buffer.baseAddress!).deallocate()
    }
}

/// The fields of one alarm that a sample reads and writes, packed into one 64-byte line: the
/// rule's constants with the clearing bound precomputed, and the alarm's delay tracker. The rest
/// of the rule (tag, enterprise, priority…) lives in `AlarmEngine.rules`, read only by events.
struct HotRule {
    var limit: Double
    /// Limits and `WINDOW`: `limit - deadband` (high) or `limit + deadband` (low), the bound of the
    /// clearing test, computed once exactly as the test would. `FROZEN`: its epsilon.
    var clearBound: Double
    /// `per` (`ROC`), `over` (`WINDOW`), `after` (`STALE`, `FROZEN`).
    var span: Millis
    var onDelay: Millis
    var offDelay: Millis
    var tracker: DelayTracker
    var condition: Condition
    var isHigh: Bool
    var direction: RocDirection
    var function: WindowFunction

    init(_ rule: AlarmRule) {
        limit = rule.limit
        clearBound =
            switch rule.condition {
            case .FROZEN: rule.deadband
            default: rule.isHigh ? rule.limit - rule.deadband : rule.limit + rule.deadband
            }
        span = rule.span
        onDelay = rule.onDelay
        offDelay = rule.offDelay
        tracker = DelayTracker()
        condition = rule.condition
        isHigh = rule.isHigh
        direction = rule.direction
        function = rule.function
    }
}

/// One sample kept for `ROC`/`WINDOW`: time and value side by side, so a lookup touches one line.
struct RingEntry {
    var ts: Millis
    var value: Double
}
