public import HazmonIO
import Synchronization

/// Why a message, or one point of a batch, did not become a sample.
public struct Rejection: Sendable, Hashable, CustomStringConvertible {
    /// The counted reason (SPEC §3).
    public var reason: RejectReason
    /// What was wrong, for people: names the member, the value and the limit (`points[3]: …` in a batch).
    public var detail: String
    /// Position in the batch's `points` array; nil when the whole message was refused.
    public var point: Int?

    /// A rejection of a whole message (`point` nil) or of one batch point.
    public init(reason: RejectReason, detail: String, point: Int? = nil) {
        self.reason = reason
        self.detail = detail
        self.point = point
    }

    /// `reason: detail`, as logged.
    public var description: String { "\(reason.rawValue): \(detail)" }
}

/// Rejections per reason since start, for metrics and the store (SPEC §3).
///
/// - Important: Safe to share: the consumer task adds, any task reads a `snapshot()`. Each
///   counter is a relaxed atomic, so adding takes no lock; accepted samples never touch it.
public final class RejectionCounters: Sendable {
    private final class Cell: Sendable {
        let value = Atomic<UInt64>(0)
    }

    private let cells: [Cell]

    /// All counters at zero.
    public init() {
        cells = Self.reasons.map { _ in Cell() }
    }

    /// Counts `count` rejections for `reason`.
    public func add(_ reason: RejectReason, count: UInt64 = 1) {
        cells[Self.index(reason)].value.wrappingAdd(count, ordering: .relaxed)
    }

    /// Counts each of `rejections` under its reason.
    public func add(_ rejections: some Sequence<Rejection>) {
        for rejection in rejections { add(rejection.reason) }
    }

    /// The counts now. Counters are read one by one, so a snapshot taken while the consumer adds
    /// may hold some of a message's rejections and not yet the others; each counter only grows.
    public func snapshot() -> RejectionCounts {
        RejectionCounts(counts: cells.map { $0.value.load(ordering: .relaxed) })
    }

    /// `allCases` once: the synthesized property builds a new array on every call.
    static let reasons = RejectReason.allCases

    /// The reason's position in `allCases` (a short linear search: the enum is small).
    static func index(_ reason: RejectReason) -> Int {
        reasons.firstIndex(of: reason)!
    }
}

/// Rejection counts per reason at one moment.
public struct RejectionCounts: Sendable, Hashable {
    private var counts: [UInt64]

    init(counts: [UInt64]) { self.counts = counts }

    /// All zero.
    public init() { counts = Array(repeating: 0, count: RejectionCounters.reasons.count) }

    /// The count for `reason`.
    public subscript(reason: RejectReason) -> UInt64 {
        counts[RejectionCounters.index(reason)]
    }

    /// Every reason with its count, in `RejectReason.allCases` order (zeros included, for metrics).
    public var byReason: [(reason: RejectReason, count: UInt64)] {
        zip(RejectionCounters.reasons, counts).map { (reason: $0.0, count: $0.1) }
    }

    /// All rejections.
    public var total: UInt64 { counts.reduce(0, &+) }
}
