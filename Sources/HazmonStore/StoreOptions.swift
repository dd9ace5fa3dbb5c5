/// How a store is opened.
public struct StoreOptions: Sendable, Hashable {
    /// Upper bound on the database size in bytes (`PRAGMA max_page_count`); nil for no cap. Past it,
    /// writes fail with "disk full" exactly as on a full volume, so operators can bound disk use.
    public var maxBytes: Int64?
    /// Opens for reading only (exports, `hazmon journal`): no migration, no write, the file must exist.
    public var readOnly: Bool
    /// How long a connection waits for a lock held by another connection before failing, in seconds.
    public var busyTimeoutSeconds: Double
    /// Dead letters kept; the oldest beyond it are deleted in the transaction that adds new ones.
    public var deadLetterCap: Int

    /// Options with documented defaults: no size cap, read-write, 5 s busy timeout, 10 000 dead letters.
    public init(maxBytes: Int64? = nil, readOnly: Bool = false, busyTimeoutSeconds: Double = 5,
                deadLetterCap: Int = 10_000) {
        self.maxBytes = maxBytes
        self.readOnly = readOnly
        self.busyTimeoutSeconds = busyTimeoutSeconds
        self.deadLetterCap = deadLetterCap
    }
}
