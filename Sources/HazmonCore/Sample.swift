/// One measurement of one tag, already resolved to the tag's dense index.
public struct Sample: Sendable, Hashable {
    /// Dense tag index (`EngineModel.tags` position).
    public var tag: Int32
    /// Event time, epoch milliseconds.
    public var ts: Millis
    /// The value; booleans are 1 and 0.
    public var value: Double
    public var quality: Quality

    public init(tag: Int32, ts: Millis, value: Double, quality: Quality = .good) {
        self.tag = tag
        self.ts = ts
        self.value = value
        self.quality = quality
    }
}

/// What became of a sample handed to the engine.
public enum SampleVerdict: UInt8, Sendable, Hashable {
    /// Evaluated.
    case accepted
    /// Older than the tag's last accepted sample: ignored (SPEC Appendix B).
    case late
    /// Same time as the tag's last accepted sample, e.g. a QoS 1 redelivery: ignored.
    case duplicate
    /// Not a tag of the loaded catalog.
    case unknownTag
}
