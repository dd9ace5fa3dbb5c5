/// What the writer has done so far, for `/metrics` and logs.
public struct StoreWriterStatistics: Sendable, Hashable {
    /// Transactions committed.
    public var commits: UInt64 = 0
    /// Batches made durable.
    public var batches: UInt64 = 0
    /// Rows written by those transactions.
    public var rows: UInt64 = 0
    /// Duration of the last successful commit, in seconds.
    public var lastCommitSeconds: Double = 0
    /// Mean duration of successful commits, in seconds.
    public var averageCommitSeconds: Double { commits == 0 ? 0 : totalCommitSeconds / Double(commits) }
    /// Longest successful commit, in seconds.
    public var maxCommitSeconds: Double = 0
    /// Sum of successful commit durations, in seconds.
    public var totalCommitSeconds: Double = 0
    /// Batches submitted and not yet attempted.
    public var pendingBatches: Int = 0
    /// Batches whose commit failed, kept in memory and retried.
    public var retainedBatches: Int = 0
    /// Failed commit attempts.
    public var failures: UInt64 = 0
    /// History rows (events, task history, risk history, dead letters, audit) given up because the retained
    /// backlog exceeded its cap while the database could not be written; current state was kept.
    public var droppedRows: UInt64 = 0
    /// Batches submitted after `close()`, never written.
    public var droppedBatches: UInt64 = 0
    /// True while the last attempt failed (the store is not durable right now).
    public var failing = false

    /// Empty statistics.
    public init() {}
}
