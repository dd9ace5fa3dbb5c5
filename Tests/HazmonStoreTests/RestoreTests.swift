import Foundation
import HazmonStore
import Testing

/// What a restart reads back, and reads running beside the writer.
@Suite struct RestoreTests {
    @Test func emptyStoreRestoresNothing() throws {
        let point = try HazmonStore.inMemory().loadRestorePoint()
        #expect(point.checkpoint == nil && point.maxSeq == nil && point.alarmStates.isEmpty)
        #expect(point.nextSeq == 1)
    }

    @Test func restorePointAfterReopeningAFile() throws {
        let path = Fixture.tempPath()
        let shelve = OverlayRow(kind: .shelve, target: "E1/T1/HH", reason: "r", actor: "op", since: 1, until: 99)
        do {
            let store = try HazmonStore.open(path: path)
            var batch = Fixture.eventBatch(from: 1, count: 7)
            batch.checkpoint = Fixture.checkpoint(nextSeq: 5)  // an older checkpoint: the journal wins
            batch.overlays = [.set(shelve)]
            batch.inspections = [Fixture.inspection("T-1"), Fixture.inspection("T-2", status: "closed"),
                                 Fixture.inspection("T-3", status: "in_progress"),
                                 Fixture.inspection("T-4", status: "cancelled")]
            batch.riskScores = [Fixture.risk("E1", ts: 1, score: 70), Fixture.risk("E1", ts: 2, score: 92)]
            try store.commit(batch)
        }
        let point = try HazmonStore.open(path: path).loadRestorePoint()
        #expect(point.checkpoint == Fixture.checkpoint(nextSeq: 5))
        #expect(point.maxSeq == 7)
        #expect(point.nextSeq == 8)
        #expect(point.alarmStates == [Fixture.state("E1/T1/HH", seq: 7)])
        #expect(point.overlays == [shelve])
        #expect(point.openInspections.map(\.id) == ["T-1", "T-3"])
        #expect(point.riskLatest == [Fixture.risk("E1", ts: 2, score: 92)])
    }

    /// Each batch is one transaction, so a reader always sees a whole prefix of the journal and a
    /// checkpoint that matches it, never half a batch.
    @Test func readsDuringWritesSeeWholeBatches() async throws {
        let path = Fixture.tempPath()
        let store = try HazmonStore.open(path: path)
        let log = WriterLog()
        let writer = log.writer(store)
        let batches = 200
        let reader = Task.detached { () -> (Int, [String]) in
            let readerStore = try HazmonStore.open(path: path, options: StoreOptions(readOnly: true))
            var reads = 0
            var problems: [String] = []
            while reads < 2000 {
                let point = try readerStore.loadRestorePoint()
                let count = try readerStore.events(limit: 100_000).count
                reads += 1
                if let max = point.maxSeq {
                    if max % 5 != 0 { problems.append("half a batch: max seq \(max)") }
                    if point.checkpoint?.nextSeq != max + 1 { problems.append("checkpoint behind journal at \(max)") }
                }
                if count < Int(point.maxSeq ?? 0) { problems.append("journal shrank") }
                if point.maxSeq == UInt64(batches * 5) { break }
            }
            return (reads, problems)
        }
        for batch in 0..<batches { writer.submit(Fixture.eventBatch(from: UInt64(1 + batch * 5), count: 5)) }
        writer.flush()
        let (reads, problems) = try await reader.value
        #expect(reads > 0)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(try store.events(limit: 100_000).count == batches * 5)
        writer.close()
    }
}
