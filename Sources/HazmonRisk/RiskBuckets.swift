import HazmonCore

/// Hourly buckets over the last 7 days: the tracker's bounded memory for its 24 h and 7 d windows.
///
/// 169 slots (7 × 24 full hours plus the current one); hour `h` lives in slot `h mod 169` and is
/// tagged with `h`, so a slot still holding an hour older than the newest write is simply
/// overwritten: nothing ever has to be "expired".
/// A window of `W` hours at time `t` is the `W` full hours before the current hour plus the current
/// (partial) one: at least `W` hours, at most `W + 1`. An activation 24 h ago still counts in "24 h".
struct HourRing<Value: Hashable & Sendable>: Hashable, Sendable {
    /// One week of full hours and the current one: the longest window the model reads.
    static var slots: Int { 169 }

    private(set) var hours: [Int64]
    private(set) var values: [Value]
    let zero: Value

    init(zero: Value) {
        self.zero = zero
        hours = Array(repeating: .min, count: Self.slots)
        values = Array(repeating: zero, count: Self.slots)
    }

    /// The slot of an hour (floor modulo, so hours before 1970 work too).
    private static func slot(_ hour: Int64) -> Int {
        let s = hour % Int64(slots)
        return Int(s < 0 ? s + Int64(slots) : s)
    }

    /// Changes the value of `hour`, starting it from zero if its slot held an older hour. A write to an
    /// hour older than what its slot holds is more than a week behind the newest write and is dropped.
    mutating func update(hour: Int64, _ body: (inout Value) -> Void) {
        let slot = Self.slot(hour)
        if hours[slot] < hour {
            hours[slot] = hour
            values[slot] = zero
        }
        if hours[slot] == hour { body(&values[slot]) }
    }

    /// Calls `body` with every stored hour in `first...last`.
    func forEach(from first: Int64, through last: Int64, _ body: (Value) -> Void) {
        for slot in 0..<Self.slots where hours[slot] >= first && hours[slot] <= last { body(values[slot]) }
    }

    /// Stored hours whose value is not zero, oldest first (for encoding).
    var entries: [(hour: Int64, value: Value)] {
        (0..<Self.slots).filter { hours[$0] != .min && values[$0] != zero }.map { (hours[$0], values[$0]) }
            .sorted { $0.hour < $1.hour }
    }
}

/// One hour of one enterprise's live figures.
struct RiskBucket: Hashable, Sendable {
    /// Annunciated activations per priority (index = `Priority.rank`).
    var activations: SIMD4<UInt32> = .zero
    /// Milliseconds annunciated alarms were active, per priority.
    var activeMillis: SIMD4<Int64> = .zero
    /// Sum over tags of the milliseconds each was STALE or BAD.
    var offlineMillis: Int64 = 0
}

/// Hour arithmetic shared by the tracker and its ring.
enum Hours {
    static let millis: Millis = 3_600_000

    /// The hour containing `t` (floor division).
    static func of(_ t: Millis) -> Int64 {
        let h = t / millis
        return t % millis < 0 ? h - 1 : h
    }

    /// The first millisecond of the window of `hours` full hours before the hour of `now` (plus that hour).
    static func windowStart(_ now: Millis, hours: Int64) -> Millis { (of(now) - hours) * millis }

    /// Splits `[from, to)` at hour boundaries; at most the last week of it is visited.
    static func split(from: Millis, to: Millis, _ body: (_ hour: Int64, _ millis: Millis) -> Void) {
        var start = max(from, to - Int64(HourRing<Int64>.slots) * millis)
        while start < to {
            let hour = of(start)
            let end = min(to, (hour + 1) * millis)
            body(hour, end - start)
            start = end
        }
    }

    /// Length of `[from, to)` ∩ `[windowStart, ∞)`.
    static func clipped(from: Millis, to: Millis, windowStart: Millis) -> Millis { max(0, to - max(from, windowStart)) }
}
