/// What a timer does when the clock reaches it.
enum TimerKind: UInt8, Comparable {
    /// A tag may have gone stale (index: tag). Checked against the tag's real deadline when it fires.
    case stale = 0
    /// A shelve may expire (index: alarm).
    case shelveExpiry = 1
    /// A chattering alarm may have stayed normal long enough (index: alarm).
    case chatterClear = 2
    /// An enterprise flood may end (index: enterprise).
    case floodEnd = 3

    static func < (lhs: TimerKind, rhs: TimerKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A deadline. Timers are never cancelled: the handler checks whether it still applies, so the
/// per-sample path never touches the heap (a stale deadline moves only in the tag's own state).
struct Timer: Comparable {
    var deadline: Millis
    var kind: TimerKind
    var index: Int32

    static func < (lhs: Timer, rhs: Timer) -> Bool {
        if lhs.deadline != rhs.deadline { return lhs.deadline < rhs.deadline }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.index < rhs.index
    }
}

/// A binary min-heap of timers, ordered by deadline, then kind, then index, so that timers due
/// at the same instant always fire in the same order.
struct TimerHeap {
    private(set) var items: [Timer] = []

    var isEmpty: Bool { items.isEmpty }
    var first: Timer? { items.first }
    var count: Int { items.count }

    mutating func reserve(_ n: Int) { items.reserveCapacity(n) }

    mutating func push(_ timer: Timer) {
        items.append(timer)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Timer? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < items.count else { break }
                var smallest = left
                if left + 1 < items.count && items[left + 1] < items[left] { smallest = left + 1 }
                guard items[smallest] < items[parent] else { break }
                items.swapAt(smallest, parent)
                parent = smallest
            }
        }
        return top
    }
}
