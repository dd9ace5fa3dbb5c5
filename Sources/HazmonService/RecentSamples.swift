public import HazmonCore
import Synchronization

/// The last few samples of every tag, for the console's trend view and the tag API (SPEC §9).
///
/// One flat ring per tag at a fixed stride, allocated once: `capacity` × 17 bytes per tag
/// (64 samples: ~1.1 KB per tag, ~110 MB for 100 k tags; see `console.recent_samples` in
/// `Config/README.md`). The engine thread appends a whole telemetry batch under one lock; readers
/// copy one tag's ring under the same lock.
public final class RecentSamples: Sendable {
    /// One remembered sample.
    public struct Point: Sendable, Hashable {
        public var ts: Millis
        public var value: Double
        public var quality: Quality
    }

    struct Rings: ~Copyable {
        var ts: [Millis]
        var value: [Double]
        var quality: [UInt8]
        /// Next write position and fill level per tag.
        var next: [Int32]
        var count: [Int32]
    }

    /// Samples kept per tag; 0 keeps none (no console: `hazmon run --http none`).
    public let capacity: Int
    let rings: Mutex<Rings>

    public init(tags: Int, capacity: Int = 64) {
        self.capacity = max(0, capacity)
        let slots = tags * self.capacity
        rings = Mutex(Rings(ts: Array(repeating: 0, count: slots), value: Array(repeating: 0, count: slots),
                            quality: Array(repeating: 0, count: slots), next: Array(repeating: 0, count: tags),
                            count: Array(repeating: 0, count: tags)))
    }

    /// Remembers every sample of a batch (engine thread).
    public func append(_ samples: some Collection<Sample>) {
        guard !samples.isEmpty, capacity > 0 else { return }
        let capacity = self.capacity
        rings.withLock { rings in
            for sample in samples {
                let tag = Int(sample.tag)
                guard rings.next.indices.contains(tag) else { continue }
                let slot = tag * capacity + Int(rings.next[tag])
                rings.ts[slot] = sample.ts
                rings.value[slot] = sample.value
                rings.quality[slot] = sample.quality.rawValue
                rings.next[tag] = rings.next[tag] + 1 == Int32(capacity) ? 0 : rings.next[tag] + 1
                if rings.count[tag] < Int32(capacity) { rings.count[tag] += 1 }
            }
        }
    }

    /// The tag's remembered samples, oldest first.
    public func points(ofTag tag: Int) -> [Point] {
        let capacity = self.capacity
        guard capacity > 0 else { return [] }
        return rings.withLock { rings in
            guard rings.count.indices.contains(tag) else { return [] }
            let count = Int(rings.count[tag])
            var start = Int(rings.next[tag]) - count
            if start < 0 { start += capacity }
            return (0..<count).map { i in
                let slot = tag * capacity + (start + i) % capacity
                return Point(ts: rings.ts[slot], value: rings.value[slot],
                             quality: Quality(rawValue: rings.quality[slot]) ?? .bad)
            }
        }
    }
}
