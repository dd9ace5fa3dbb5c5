import Foundation
import HazmonStore
import Testing

/// The background writer: merging, ordering, failures, retries and the retention cap.
@Suite struct WriterTests {
    @Test func mergesPendingBatchesAndReportsThemInOrder() throws {
        let store = try HazmonStore.inMemory()
        let gate = DispatchSemaphore(value: 0)
        let log = WriterLog()
        let held = Flag()
        // The first callback blocks the writer thread, so the next four batches pile up and are merged.
        let writer = StoreWriter(store: store, afterCommit: { batches, durable in
            log.afterCommit(batches, durable)
            if held.setOnce() { gate.wait() }
        }, onError: { log.error($0) })
        writer.submit(Fixture.eventBatch(from: 1, count: 2))
        while log.callList.isEmpty { usleep(1000) }
        for first in stride(from: 3, through: 9, by: 2) { writer.submit(Fixture.eventBatch(from: UInt64(first), count: 2)) }
        #expect(writer.statistics.pendingBatches == 4)
        gate.signal()
        writer.flush()
        #expect(log.callList.map(\.seqs) == [[1, 2], Array(3...10)])
        #expect(log.callList.allSatisfy { $0.durable })
        let stats = writer.statistics
        #expect(stats.commits == 2 && stats.batches == 5 && stats.failures == 0 && !stats.failing)
        #expect(stats.rows == 5 * 4)
        #expect(stats.maxCommitSeconds >= stats.lastCommitSeconds && stats.averageCommitSeconds > 0)
        #expect(try store.events(limit: 100).map(\.seq) == Array(1...10))
        #expect(try store.checkpoint()?.nextSeq == 11)
        #expect(writer.close() == 0)
        #expect(log.errorList.isEmpty)
    }

    @Test func diskFullIsReportedAndRetriedWithNothingLost() throws {
        let store = try HazmonStore.open(path: Fixture.tempPath())
        let log = WriterLog()
        let writer = log.writer(store, options: StoreWriter.Options(retryInitialSeconds: 3600, retryMaxSeconds: 3600))
        writer.submit(Fixture.eventBatch(from: 1, count: 5))
        writer.flush()
        // Cap the file at its current size: the next batches fail with SQLITE_FULL.
        try store.setMaxBytes(0)
        for batch in 0..<4 { writer.submit(Fixture.eventBatch(from: UInt64(6 + batch * 50), count: 50, padding: 4000)) }
        writer.flush()
        let error = try #require(log.errorList.first)
        #expect(error.isDiskFull && error.isTransient && error.resultCode == 13)
        #expect(error.description.contains(store.path) && error.description.contains("free space"))
        #expect(log.errorList.count == 1, "one report per cause, not per retry")
        #expect(log.callList.first?.durable == true)
        #expect(log.callList.dropFirst().allSatisfy { !$0.durable })
        #expect(log.callList.flatMap(\.seqs) == Array(1...205), "every batch reported once, in order")
        let failing = writer.statistics
        #expect(failing.failing && failing.retainedBatches == 4 && failing.failures >= 1)
        #expect(try store.maxSeq() == 5)

        try store.setMaxBytes(nil)
        let callsBefore = log.callList.count
        #expect(writer.retryNow())
        #expect(try store.events(limit: 1000).map(\.seq) == Array(1...205))
        #expect(try store.checkpoint()?.nextSeq == 206)
        #expect(log.recoveredList == [4])
        #expect(log.callList.count == callsBefore, "no second afterCommit for recovered batches")
        let recovered = writer.statistics
        #expect(!recovered.failing && recovered.retainedBatches == 0 && recovered.droppedRows == 0)
        #expect(writer.close() == 0)
    }

    @Test func readOnlyStoreGivesAClearErrorAndKeepsAlarming() throws {
        let path = Fixture.tempPath()
        _ = try HazmonStore.open(path: path)
        let store = try HazmonStore.open(path: path, options: StoreOptions(readOnly: true))
        let direct = #expect(throws: StoreError.self) { try store.commit(Fixture.eventBatch(from: 1, count: 1)) }
        #expect(direct?.isReadOnly == true)
        #expect(direct?.description.contains("read-only") == true)
        #expect(direct?.description.contains(path) == true)

        let log = WriterLog()
        let writer = log.writer(store, options: StoreWriter.Options(retryInitialSeconds: 3600))
        writer.submit(Fixture.eventBatch(from: 1, count: 3))
        writer.flush()
        #expect(log.errorList.first?.isReadOnly == true)
        #expect(log.callList.map(\.durable) == [false])
        #expect(log.callList.first?.seqs == [1, 2, 3])
        #expect(!writer.retryNow())
        #expect(writer.close() == 1)
        #expect(try store.maxSeq() == nil)
    }

    @Test func retainedBacklogOverTheCapDropsHistoryButKeepsState() throws {
        let store = try HazmonStore.open(path: Fixture.tempPath())
        let log = WriterLog()
        let writer = log.writer(store, options: StoreWriter.Options(retainedRowCap: 25, retryInitialSeconds: 3600,
                                                                   retryMaxSeconds: 3600))
        try store.setMaxBytes(0)
        // 5 batches of 10 events: only the newest that fit under 25 retained history rows keep their events.
        for batch in 0..<5 {
            var b = Fixture.eventBatch(from: UInt64(1 + batch * 10), count: 10, padding: 4000)
            b.alarmStates.append(Fixture.state("E1/T\(batch)/H", seq: UInt64(10 + batch * 10)))
            b.riskScores = [Fixture.risk("E\(batch % 2)", ts: Int64(batch), score: Double(60 + batch))]
            writer.submit(b)
            writer.flush()
        }
        let stats = writer.statistics
        #expect(stats.droppedRows == 33, "3 oldest batches × (10 events + 1 risk row) dropped")
        try store.setMaxBytes(nil)
        #expect(writer.retryNow())
        #expect(try store.events(limit: 1000).map(\.seq) == Array(31...50))
        // Current state survived the drop: every alarm's latest state, the latest checkpoint, latest risk.
        let states = try store.alarmStates()
        #expect(Set(states.map(\.alarmID)) == ["E1/T1/HH", "E1/T0/H", "E1/T1/H", "E1/T2/H", "E1/T3/H", "E1/T4/H"])
        #expect(states.first { $0.alarmID == "E1/T1/HH" }?.lastSeq == 50)
        #expect(try store.checkpoint()?.nextSeq == 51)
        #expect(try store.riskLatest().map(\.score) == [64, 63])
        writer.close()
    }

    @Test func submitsAfterCloseAreCountedAsDropped() throws {
        let log = WriterLog()
        let writer = log.writer(try HazmonStore.inMemory())
        writer.close()
        writer.submit(Fixture.eventBatch(from: 1, count: 1))
        #expect(writer.statistics.droppedBatches == 1)
        #expect(log.callList.isEmpty)
    }
}

/// True the first time only.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    func setOnce() -> Bool { lock.withLock { defer { set = true }; return !set } }
}
