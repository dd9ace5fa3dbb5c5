internal import Foundation

/// The store's one writer: a background thread that commits what the engine submits, so the engine
/// never waits on a disk write.
///
/// Each turn takes every batch pending and commits them in ONE transaction, then calls
/// `afterCommit(batches, durable: true)` on the writer thread, in submission order. The service
/// publishes to MQTT from there, so nothing is published before it is durable.
///
/// When a commit fails (disk full, read-only, I/O): `onError` gets a `StoreError` saying what failed,
/// the path and what to do; `afterCommit(batches, durable: false)` is called right away so the service
/// keeps alarming; the batches are retained in memory and retried with backoff (together with newer
/// ones, in order, in one transaction) until a commit succeeds, then `onRecovered` is called with the
/// number of batches recovered. Each batch gets exactly one `afterCommit` call, never a second one on
/// recovery.
///
/// Retained batches are bounded by `Options.retainedRowCap` history rows: past it, the oldest retained
/// batch is folded into the next one, keeping its current-state rows (alarm states, overlays,
/// inspections, latest risk, checkpoint) and dropping its history rows (journal events, task history,
/// risk history, dead letters, audit), counted in `statistics.droppedRows`. So after the disk comes back
/// the restart state is right, and what is missing is visible as a gap in the journal's seq.
///
/// - Important: `submit` is safe from any thread and returns at once unless `Options.maxPendingBatches`
///   are already waiting for the writer (back-pressure: it then blocks until the writer takes them; while
///   the store fails, the writer takes them at once). `afterCommit`, `onError` and `onRecovered` run on the
///   writer thread and must not call `flush`, `retryNow` or `close`. The thread keeps the writer alive:
///   call `close()` when the service stops.
public final class StoreWriter: @unchecked Sendable {
    /// Limits and retry timing.
    public struct Options: Sendable, Hashable {
        /// Batches waiting for the writer before `submit` blocks.
        public var maxPendingBatches: Int
        /// History rows kept in memory while the store fails; beyond it the oldest are dropped (see type doc).
        public var retainedRowCap: Int
        /// First retry delay after a failure, in seconds; doubles up to `retryMaxSeconds`.
        public var retryInitialSeconds: Double
        /// Longest retry delay, in seconds.
        public var retryMaxSeconds: Double

        /// Defaults: 4096 pending batches, 200 000 retained history rows (~100 MB of event JSON), retries
        /// from 0.1 s doubling to 5 s.
        public init(maxPendingBatches: Int = 4096, retainedRowCap: Int = 200_000, retryInitialSeconds: Double = 0.1,
                    retryMaxSeconds: Double = 5) {
            self.maxPendingBatches = maxPendingBatches
            self.retainedRowCap = retainedRowCap
            self.retryInitialSeconds = retryInitialSeconds
            self.retryMaxSeconds = retryMaxSeconds
        }
    }

    /// Called on the writer thread once per batch, in submission order, with whether it is durable.
    public typealias AfterCommit = @Sendable (_ batches: [StoreBatch], _ durable: Bool) -> Void

    private let store: HazmonStore
    private let options: Options
    private let afterCommit: AfterCommit
    private let onError: @Sendable (StoreError) -> Void
    private let onRecovered: @Sendable (Int) -> Void

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [StoreBatch] = []
    private var submitted: UInt64 = 0
    private var settled: UInt64 = 0
    private var attempts: UInt64 = 0
    private var retryRequested = false
    private var closing = false
    private var finished = false
    private var stats = StoreWriterStatistics()

    // Owned by the writer thread.
    private var retained: [StoreBatch] = []
    private var retryAt: ContinuousClock.Instant?
    private var backoff: Double = 0
    private var lastErrorMessage: String?

    /// Starts the writer thread over `store`.
    public init(
        store: HazmonStore, options: Options = Options(), afterCommit: @escaping AfterCommit,
        onError: @escaping @Sendable (StoreError) -> Void, onRecovered: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.store = store
        self.options = options
        self.afterCommit = afterCommit
        self.onError = onError
        self.onRecovered = onRecovered
        let thread = Thread { [self] in run() }
        thread.name = "hazmon.store.writer"
        thread.start()
    }

    /// Queues `batch` for the next transaction; see the type's threading note for when it blocks.
    public func submit(_ batch: StoreBatch) {
        condition.lock()
        defer { condition.unlock() }
        if closing {
            stats.droppedBatches += 1
            return
        }
        while pending.count >= options.maxPendingBatches && !closing { condition.wait() }
        pending.append(batch)
        submitted += 1
        stats.pendingBatches = pending.count
        condition.broadcast()
    }

    /// Waits until every batch submitted so far has had its `afterCommit` call (durable or not).
    public func flush() {
        condition.lock()
        defer { condition.unlock() }
        let target = submitted
        while settled < target && !finished { condition.wait() }
    }

    /// Flushes, then retries retained batches now instead of at the next backoff; true when nothing is
    /// retained afterwards (everything submitted is durable).
    @discardableResult
    public func retryNow() -> Bool {
        flush()
        condition.lock()
        defer { condition.unlock() }
        guard stats.retainedBatches > 0, !finished else { return stats.retainedBatches == 0 }
        let before = attempts
        retryRequested = true
        condition.broadcast()
        while attempts == before && !finished { condition.wait() }
        return stats.retainedBatches == 0
    }

    /// Flushes, makes one last attempt at retained batches, and stops the thread. Returns the batches that
    /// are still not durable (lost unless the service saves them elsewhere). Later submits are dropped.
    @discardableResult
    public func close() -> Int {
        retryNow()
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        return stats.retainedBatches
    }

    /// A snapshot of the counters.
    public var statistics: StoreWriterStatistics {
        condition.lock()
        defer { condition.unlock() }
        return stats
    }

    // MARK: - Writer thread

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !closing && !retryDue() {
                if let retryAt {
                    let wait = Double((retryAt - ContinuousClock.now) / .milliseconds(1)) / 1000
                    _ = condition.wait(until: Date(timeIntervalSinceNow: max(0, wait)))
                } else {
                    condition.wait()
                }
            }
            if closing && pending.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let fresh = pending
            pending.removeAll(keepingCapacity: true)
            stats.pendingBatches = 0
            let retry = retryDue()
            retryRequested = false
            condition.broadcast()  // wakes submitters blocked on a full backlog
            condition.unlock()

            let attempted = retained.isEmpty || retry
            if attempted {
                attempt(fresh)
            } else {
                hold(fresh)
            }
            condition.lock()
            if attempted { attempts += 1 }
            settled += UInt64(fresh.count)
            stats.retainedBatches = retained.count
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Called with `condition` held.
    private func retryDue() -> Bool {
        guard !retained.isEmpty else { return false }
        if retryRequested { return true }
        return retryAt.map { ContinuousClock.now >= $0 } ?? true
    }

    /// Commits retained then fresh batches in one transaction.
    private func attempt(_ fresh: [StoreBatch]) {
        let all = retained + fresh
        guard !all.isEmpty else { return }
        let start = ContinuousClock.now
        do {
            let rows = try store.commit(all)
            let seconds = Double((ContinuousClock.now - start) / .microseconds(1)) / 1_000_000
            let recovered = retained.count
            retained.removeAll()
            retryAt = nil
            backoff = 0
            lastErrorMessage = nil
            record { stats in
                stats.commits += 1
                stats.batches += UInt64(all.count)
                stats.rows += UInt64(rows)
                stats.lastCommitSeconds = seconds
                stats.totalCommitSeconds += seconds
                stats.maxCommitSeconds = max(stats.maxCommitSeconds, seconds)
                stats.failing = false
            }
            if !fresh.isEmpty { afterCommit(fresh, true) }
            if recovered > 0 { onRecovered(recovered) }
        } catch {
            record { stats in
                stats.failures += 1
                stats.failing = true
            }
            // Report the first failure and every change of cause, not every retry of the same one.
            if error.message != lastErrorMessage {
                lastErrorMessage = error.message
                onError(error)
            }
            backoff = backoff == 0 ? options.retryInitialSeconds : min(backoff * 2, options.retryMaxSeconds)
            retryAt = ContinuousClock.now + .milliseconds(Int64(backoff * 1000))
            hold(fresh)
        }
    }

    /// Reports `fresh` as not durable and keeps it for the next retry, within the cap.
    private func hold(_ fresh: [StoreBatch]) {
        guard !fresh.isEmpty else { return }
        afterCommit(fresh, false)
        retained += fresh
        var historyRows = retained.reduce(0) { $0 + $1.historyRowCount }
        var dropped = 0
        while historyRows > options.retainedRowCap && retained.count > 1 {
            let oldest = retained.removeFirst()
            dropped += oldest.historyRowCount
            historyRows -= oldest.historyRowCount
            retained[0] = oldest.compacted(into: retained[0])
        }
        if dropped > 0 { record { $0.droppedRows += UInt64(dropped) } }
    }

    private func record(_ change: (inout StoreWriterStatistics) -> Void) {
        condition.lock()
        change(&stats)
        stats.retainedBatches = retained.count
        condition.unlock()
    }
}
