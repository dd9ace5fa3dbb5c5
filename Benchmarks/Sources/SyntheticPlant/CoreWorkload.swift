public import HazmonCore

/// An engine over a `SyntheticPlant`, its pre-generated sample stream and a cursor into it, so a
/// benchmark can time `AlarmEngine.process` chunk by chunk while the engine's state carries over
/// (timestamps only move forward: the stream cannot be replayed into the same engine).
public struct CoreWorkload {
    public private(set) var engine: AlarmEngine
    /// What `process(count:)` reads: the timed rounds, once `init` has returned.
    public private(set) var samples: [Sample] = []
    /// Index of the next sample to process.
    public private(set) var cursor: Int
    /// The caller-owned event buffer, emptied after every sample.
    var events: [AlarmEvent] = []

    /// What one chunk did.
    public struct Chunk: Sendable {
        public var processed = 0
        /// Events appended by `process`, summed over the chunk.
        public var events = 0
        /// Samples the engine did not accept (late, duplicate, unknown tag); 0 with this stream.
        public var rejected = 0
        /// The events by kind.
        public var activations = 0
        public var returns = 0
        public var chatter = 0
        public var flood = 0
        public var other = 0

        public init() {}

        mutating func count(_ events: [AlarmEvent]) {
            self.events &+= events.count
            for event in events {
                switch event.transition {
                case .activate: activations &+= 1
                case .return: returns &+= 1
                case .chatter: chatter &+= 1
                case .floodStart, .floodEnd: flood &+= 1
                default: other &+= 1
                }
            }
        }

        public static func += (lhs: inout Chunk, rhs: Chunk) {
            lhs.processed += rhs.processed
            lhs.events += rhs.events
            lhs.rejected += rhs.rejected
            lhs.activations += rhs.activations
            lhs.returns += rhs.returns
            lhs.chatter += rhs.chatter
            lhs.flood += rhs.flood
            lhs.other += rhs.other
        }
    }

    /// What the warm-up did.
    public private(set) var warmup = Chunk()
    /// Events since warm-up by the condition of their alarm, in `Condition.allCases` order
    /// (allocated once, so counting allocates nothing in the timed loop).
    public private(set) var eventsByCondition = [Int](repeating: 0, count: Condition.allCases.count)

    /// Builds the engine, feeds it `warmupRounds` rounds generated a batch at a time, then
    /// generates the `timedRounds` rounds that follow into `samples`, which `process(count:)` reads.
    ///
    /// Warm-up must outlast the longest window the engine keeps timers for (flood and chatter
    /// clearing, 600 s by default) or the timer heap is still growing when timing starts.
    public init(plant: SyntheticPlant, warmupRounds: Int, timedRounds: Int) {
        engine = AlarmEngine(model: plant.model)
        events.reserveCapacity(4_096)
        cursor = 0
        var round = 0
        while round < warmupRounds {
            let batch = min(10, warmupRounds - round)
            samples = plant.stream(rounds: round..<(round + batch))
            cursor = 0
            warmup += process(count: samples.count)
            round += batch
        }
        samples = plant.stream(rounds: warmupRounds..<(warmupRounds + timedRounds))
        cursor = 0
        for i in eventsByCondition.indices { eventsByCondition[i] = 0 }
    }

    /// Samples left after the cursor.
    public var remaining: Int { samples.count - cursor }

    /// Processes the next `count` samples (fewer if the stream ends): the timed loop.
    @inline(never)
    public mutating func process(count: Int) -> Chunk {
        let samples = self.samples
        let end = min(cursor + count, samples.count)
        var chunk = Chunk()
        var i = cursor
        while i < end {
            if engine.process(samples[i], into: &events) != .accepted { chunk.rejected += 1 }
            if !events.isEmpty {
                chunk.count(events)
                countByCondition(events)
                events.removeAll(keepingCapacity: true)
            }
            i += 1
        }
        chunk.processed = end - cursor
        cursor = end
        return chunk
    }

    private mutating func countByCondition(_ events: [AlarmEvent]) {
        for event in events {
            let condition = event.alarm >= 0 ? engine.rules[Int(event.alarm)].condition : .FLOOD
            eventsByCondition[Condition.allCases.firstIndex(of: condition)!] += 1
        }
    }

    /// The floor to compare with: reads the same samples in the same order and sums their values,
    /// which is all memory traffic and no rule.
    @inline(never)
    public static func sumValues(of samples: [Sample], from start: Int, count: Int) -> Double {
        let end = min(start + count, samples.count)
        var sum = 0.0
        var i = start
        while i < end {
            sum += samples[i].value
            i += 1
        }
        return sum
    }
}
