public import HazmonCore

/// A time series kept as min/max per time bucket, with bounded memory whatever its length.
///
/// Buckets start 1 s wide from the first sample; when more than `capacity` would be needed,
/// neighbours merge pairwise and the width doubles. A plot `columns` pixels wide built with
/// `capacity = 2 × columns` then has at least one bucket per pixel column and at most two, so
/// drawing each bucket's min and max keeps every spike while a 48 h run stays a few kB.
public struct SeriesDownsampler: Sendable, Hashable {
    /// One bucket: its extremes with their times, and how many samples fell in it.
    public struct Bucket: Sendable, Hashable {
        public var minValue: Double
        public var minTs: Millis
        public var maxValue: Double
        public var maxTs: Millis
        public var count: Int

        mutating func absorb(_ other: Bucket) {
            if other.minValue < minValue { minValue = other.minValue; minTs = other.minTs }
            if other.maxValue > maxValue { maxValue = other.maxValue; maxTs = other.maxTs }
            count += other.count
        }
    }

    public let capacity: Int
    public private(set) var origin: Millis?
    public private(set) var width: Millis = 1000
    /// Buckets in time order; nil where no sample fell.
    public private(set) var buckets: [Bucket?] = []
    public private(set) var samples = 0

    /// A downsampler keeping at most `capacity` buckets (at least 2).
    public init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    /// Adds one finite value; non-finite values are skipped (they are `BAD`, not a level).
    public mutating func add(_ ts: Millis, _ value: Double) {
        guard value.isFinite else { return }
        samples += 1
        let origin = self.origin ?? ts
        self.origin = origin
        // Samples older than the first one (another tag's clock, a late file row) go to bucket 0.
        var index = Int(max(0, (ts - origin) / width))
        while index >= capacity {
            halve()
            index = Int(max(0, (ts - origin) / width))
        }
        if index >= buckets.count { buckets.append(contentsOf: repeatElement(nil, count: index - buckets.count + 1)) }
        let sample = Bucket(minValue: value, minTs: ts, maxValue: value, maxTs: ts, count: 1)
        if buckets[index] == nil { buckets[index] = sample } else { buckets[index]!.absorb(sample) }
    }

    private mutating func halve() {
        var merged: [Bucket?] = []
        merged.reserveCapacity(buckets.count / 2 + 1)
        var i = 0
        while i < buckets.count {
            var b = buckets[i]
            if i + 1 < buckets.count, let next = buckets[i + 1] {
                if b == nil { b = next } else { b!.absorb(next) }
            }
            merged.append(b)
            i += 2
        }
        buckets = merged
        width *= 2
    }

    /// The points to draw, in time order: each bucket's min and max at their own times.
    public var points: [(ts: Millis, value: Double)] {
        var out: [(ts: Millis, value: Double)] = []
        out.reserveCapacity(buckets.count * 2)
        for case let b? in buckets {
            if b.minTs == b.maxTs {
                out.append((b.minTs, b.minValue))
            } else if b.minTs < b.maxTs {
                out.append((b.minTs, b.minValue)); out.append((b.maxTs, b.maxValue))
            } else {
                out.append((b.maxTs, b.maxValue)); out.append((b.minTs, b.minValue))
            }
        }
        return out
    }
}
