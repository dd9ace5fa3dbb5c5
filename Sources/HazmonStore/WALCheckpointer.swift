internal import Foundation
internal import GRDB
internal import Synchronization

/// Moves the write-ahead log into the database file on a thread and connection of its own, so that
/// the writer's commits never wait for it.
///
/// SQLite checkpoints the WAL inside a commit once it passes 1 000 pages, and with
/// `synchronous=NORMAL` that is the only time a commit syncs the disk: the writer's latency tail
/// (8–12 ms p99 here) and with it the alarm events' publish latency, since events are published
/// after their commit. hazmon turns automatic checkpoints off on its writer connection and runs a
/// `PASSIVE` checkpoint every `interval` from this second connection instead: passive checkpoints
/// copy what they can without waiting for readers or the writer, and the writer keeps reusing the
/// WAL once it has been copied. Durability is unchanged: a commit is in the WAL either way.
final class WALCheckpointer: Sendable {
    private let connection: Mutex<DatabaseQueue?>
    private let stopped = Mutex(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Opens its own connection to `path` and starts checkpointing every `interval` seconds.
    init(path: String, interval: Double, busyTimeout: Double) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "hazmon.store.checkpointer"
        connection = Mutex(try DatabaseQueue(path: path, configuration: configuration))
        // The thread holds the checkpointer until `stop()`; the store calls it when it goes away.
        let thread = Thread { [self] in
            while !isStopped {
                _ = wake.wait(timeout: .now() + interval)
                if isStopped { break }
                // A busy or failing checkpoint is retried at the next turn; the WAL only grows meanwhile.
                let queue = connection.withLock { $0 }
                try? queue?.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            }
            finished.signal()
        }
        thread.name = "hazmon.store.checkpointer"
        thread.start()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    /// Stops the thread and closes the connection before returning, so the store's own connections
    /// are the last ones (SQLite then checkpoints and removes the WAL when they close).
    func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        wake.signal()
        finished.wait()
        connection.withLock { $0 = nil }
    }
}
