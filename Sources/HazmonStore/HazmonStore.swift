internal import Foundation
internal import GRDB
internal import Synchronization

/// hazmon's SQLite database (GRDB): alarm journal, current alarm states, overlays, inspections, risk
/// history, dead letters, audit log and the restart checkpoint (SPEC §10).
///
/// A file store is one `DatabasePool` in WAL mode: one writer connection, concurrent readers, so the
/// HTTP API reads while `StoreWriter` commits. `synchronous=NORMAL`: a commit is in the WAL before
/// `commit` returns, so killing the process (`kill -9`) loses nothing committed; a power loss or OS
/// crash may lose the last commits since the WAL was last synced (at checkpoints), never corrupting
/// the file. `FULL` would close that window at the price of an fsync per commit.
///
/// - Important: thread-safe. Writes are serialized by GRDB; use one `StoreWriter` as the only writer in
///   the service, and one process per database file.
public final class HazmonStore: Sendable {
    /// The database file, or `:memory:`.
    public let path: String
    /// How it was opened.
    public let options: StoreOptions
    let database: any DatabaseWriter
    private let cap: PageCap
    /// Background WAL checkpoints of a file store opened for writing (nil otherwise).
    private let checkpointer = Mutex<WALCheckpointer?>(nil)

    private init(path: String, options: StoreOptions, database: any DatabaseWriter, cap: PageCap) {
        self.path = path
        self.options = options
        self.database = database
        self.cap = cap
    }

    deinit { checkpointer.withLock { $0?.stop() } }

    /// Every migration this build knows, in order (append-only).
    public static var migrationNames: [String] { Schema.migrationNames }

    /// Opens (creating the file and its parent folders unless `options.readOnly`) and migrates the
    /// database at `path`; a file another program wrote is refused rather than changed.
    public static func open(path: String, options: StoreOptions = StoreOptions()) throws(StoreError) -> HazmonStore {
        let fileManager = FileManager.default
        if options.readOnly {
            guard fileManager.fileExists(atPath: path) else { throw StoreError.missingFile(path) }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !fileManager.fileExists(atPath: folder) {
                do {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.io(
                        path, what: "creating the folder \(folder)", detail: "\(error.localizedDescription)")
                }
            }
        }
        let cap = PageCap(options.maxBytes)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration(options, cap: cap))
        } catch {
            throw StoreError.from(error, path: path, what: "opening the database")
        }
        let store = HazmonStore(path: path, options: options, database: pool, cap: cap)
        try store.prepareSchema()
        if !options.readOnly {
            do {
                let checkpointer = try WALCheckpointer(
                    path: path, interval: 1, busyTimeout: options.busyTimeoutSeconds)
                store.checkpointer.withLock { $0 = checkpointer }
            } catch {
                throw StoreError.from(error, path: path, what: "opening the checkpoint connection")
            }
        }
        return store
    }

    /// A fresh private in-memory database, migrated: for tests.
    public static func inMemory(options: StoreOptions = StoreOptions()) throws(StoreError) -> HazmonStore {
        var options = options
        options.readOnly = false
        let cap = PageCap(options.maxBytes)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(options, cap: cap))
        } catch {
            throw StoreError.from(error, path: ":memory:", what: "opening an in-memory database")
        }
        let store = HazmonStore(path: ":memory:", options: options, database: queue, cap: cap)
        try store.prepareSchema()
        return store
    }

    /// The migrations applied to this database, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("reading the migrations") { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Changes the size cap (nil lifts it), e.g. after an operator raised `store.max_size_mb`. A cap below the
    /// current size holds the file at its current size.
    public func setMaxBytes(_ maxBytes: Int64?) throws(StoreError) {
        cap.bytes.withLock { $0 = maxBytes }
        do {
            try database.writeWithoutTransaction { db in try Self.applyCap(maxBytes, db) }
        } catch {
            throw StoreError.from(error, path: path, what: "changing the size cap")
        }
    }

    /// Writes `batch` in one transaction; returns the rows written.
    @discardableResult
    public func commit(_ batch: StoreBatch) throws(StoreError) -> Int {
        try commit([batch])
    }

    /// Writes `batches` in ONE transaction, in order: all of them or, on error, none. Returns the rows written.
    @discardableResult
    public func commit(_ batches: [StoreBatch]) throws(StoreError) -> Int {
        let cap = options.deadLetterCap
        do {
            return try database.write { db in
                var rows = 0
                for batch in batches { rows += try BatchSQL.write(batch, to: db) }
                if batches.contains(where: { !$0.deadLetters.isEmpty }) { try BatchSQL.trimDeadLetters(db, cap: cap) }
                return rows
            }
        } catch {
            let what = batches.count == 1 ? "committing a batch" : "committing \(batches.count) batches"
            throw StoreError.from(error, path: path, what: what)
        }
    }

    /// Runs `body` in a read transaction (concurrent with the writer on a file store).
    func read<T: Sendable>(_ what: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError.from(error, path: path, what: what)
        }
    }

    /// Migrates a new or hazmon database; refuses any other SQLite file and newer hazmon schemas.
    private func prepareSchema() throws(StoreError) {
        let path = self.path
        let (appID, tables, applied) = try read("checking the schema") { db -> (Int32, Int, Set<String>) in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            let applied = appID == Schema.applicationID ? try Schema.migrator.appliedIdentifiers(db) : []
            return (appID, tables, applied)
        }
        if appID == Schema.applicationID {
            let unknown = applied.subtracting(Schema.migrationNames)
            if !unknown.isEmpty { throw StoreError.tooNew(path, unknown: unknown.sorted()) }
        } else if appID != 0 || tables > 0 {
            throw StoreError.notHazmon(path, detail: "application_id \(appID), \(tables) table(s)")
        } else if options.readOnly {
            throw StoreError.notHazmon(path, detail: "the file is an empty database")
        }
        guard !options.readOnly else { return }
        do {
            try Schema.migrator.migrate(database)
        } catch {
            throw StoreError.from(error, path: path, what: "migrating the schema")
        }
    }

    private static func configuration(_ options: StoreOptions, cap: PageCap) -> Configuration {
        var config = Configuration()
        config.readonly = options.readOnly
        config.busyMode = .timeout(options.busyTimeoutSeconds)
        config.label = "hazmon.store"
        let readOnly = options.readOnly
        config.prepareDatabase { db in
            if !readOnly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // WAL checkpoints run on their own connection (WALCheckpointer), not inside commits.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try applyCap(cap.bytes.withLock { $0 }, db)
            }
        }
        return config
    }

    private static func applyCap(_ maxBytes: Int64?, _ db: Database) throws {
        let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        // SQLite's own default ceiling when there is no cap.
        let pages = maxBytes.map { max(1, $0 / pageSize) } ?? 4_294_967_294
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
    }
}

/// The size cap, shared with the connection setup closure.
private final class PageCap: Sendable {
    let bytes: Mutex<Int64?>
    init(_ bytes: Int64?) { self.bytes = Mutex(bytes) }
}
