import HazmonStore
import Testing

/// Every table written through `commit` and read back through the query API, in memory and on a file.
@Suite struct RoundTripTests {
    enum Kind: String, CaseIterable { case memory, file }

    static func store(_ kind: Kind, options: StoreOptions = StoreOptions()) throws -> HazmonStore {
        switch kind {
        case .memory: try HazmonStore.inMemory(options: options)
        case .file: try HazmonStore.open(path: Fixture.tempPath(), options: options)
        }
    }

    @Test(arguments: Kind.allCases)
    func journalInSeqOrderAndByAlarm(kind: Kind) throws {
        let store = try Self.store(kind)
        let events = [Fixture.event(3, alarm: "E1/T2/H"), Fixture.event(1), Fixture.event(2), Fixture.event(4)]
        #expect(try store.commit(StoreBatch(events: events)) == 4)
        #expect(try store.events() == events.sorted { $0.seq < $1.seq })
        #expect(try store.events(afterSeq: 2, limit: 1).map(\.seq) == [3])
        #expect(try store.events(alarmID: "E1/T1/HH").map(\.seq) == [1, 2, 4])
        // Re-submitting a stored seq is skipped, not duplicated, and does not fail the batch.
        var again = events[0]
        again.json = "changed"
        try store.commit(StoreBatch(events: [again, Fixture.event(5)]))
        #expect(try store.events().map(\.seq) == [1, 2, 3, 4, 5])
        #expect(try store.events(alarmID: "E1/T2/H").first?.json == events[0].json)
    }

    @Test(arguments: Kind.allCases)
    func alarmStatesUpsertAndFilter(kind: Kind) throws {
        let store = try Self.store(kind)
        try store.commit(StoreBatch(alarmStates: [
            Fixture.state("E1/T1/HH", seq: 1), Fixture.state("E1/T2/H", seq: 2, priority: "low"),
            Fixture.state("E2/T1/HH", seq: 3, enterprise: "E2"),
        ]))
        var returned = Fixture.state("E1/T1/HH", seq: 4, state: "normal")
        returned.returnedAt = 9000
        returned.shelvedUntil = 12_000
        try store.commit(StoreBatch(alarmStates: [returned]))
        // An older state arriving late never overwrites a newer one.
        try store.commit(StoreBatch(alarmStates: [Fixture.state("E1/T1/HH", seq: 2, state: "ack")]))
        #expect(try store.alarmStates().map(\.alarmID) == ["E1/T1/HH", "E2/T1/HH", "E1/T2/H"])
        #expect(try store.alarmStates(filter: AlarmStateFilter(state: "normal")) == [returned])
        #expect(try store.alarmStates(filter: AlarmStateFilter(priority: "low")).map(\.alarmID) == ["E1/T2/H"])
        #expect(try store.alarmStates(filter: AlarmStateFilter(enterprise: "E2", condition: "HH")).count == 1)
        #expect(try store.alarmStates(filter: AlarmStateFilter(hazardSource: "HS9")).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func overlaysSetReplaceAndRemove(kind: Kind) throws {
        let store = try Self.store(kind)
        let shelve = OverlayRow(kind: .shelve, target: "E1/T1/HH", reason: "nuisance", actor: "op1", since: 1,
                                until: 43_200_001)
        let maintenance = OverlayRow(kind: .maintenance, target: "E1/HS1", reason: "turnaround", actor: "eng",
                                     since: 2, until: nil)
        try store.commit(StoreBatch(overlays: [.set(shelve), .set(maintenance)]))
        var longer = shelve
        longer.until = 50_000_000
        try store.commit(StoreBatch(overlays: [.set(longer), .remove(kind: .maintenance, target: "E1/HS1"),
                                               .remove(kind: .outOfService, target: "nothing")]))
        #expect(try store.overlays() == [longer])
    }

    @Test(arguments: Kind.allCases)
    func inspectionsWithHistoryAndFilters(kind: Kind) throws {
        let store = try Self.store(kind)
        try store.commit(StoreBatch(
            inspections: [Fixture.inspection("T-1"), Fixture.inspection("T-2", overdue: true, trigger: "data_outage"),
                          Fixture.inspection("T-3", status: "closed", enterprise: "E2")],
            inspectionHistory: [InspectionHistoryRow(taskID: "T-1", ts: 1000, change: "opened", json: "{}")]))
        var acknowledged = Fixture.inspection("T-1", status: "acknowledged")
        acknowledged.updatedAt = 3000
        try store.commit(StoreBatch(
            inspections: [acknowledged],
            inspectionHistory: [InspectionHistoryRow(taskID: "T-1", ts: 3000, change: "status:acknowledged",
                                                     json: #"{"by":"insp1"}"#)]))
        #expect(try store.inspection(id: "T-1") == acknowledged)
        #expect(try store.inspection(id: "T-9") == nil)
        #expect(try store.inspectionHistory(id: "T-1").map(\.change) == ["opened", "status:acknowledged"])
        #expect(try store.inspections().count == 3)
        #expect(try store.inspections(filter: InspectionFilter(overdue: true)).map(\.id) == ["T-2"])
        #expect(try store.inspections(filter: InspectionFilter(overdue: false, limit: 1)).count == 1)
        #expect(try store.inspections(filter: InspectionFilter(status: "closed")).map(\.id) == ["T-3"])
        #expect(try store.inspections(filter: InspectionFilter(enterprise: "E1", trigger: "data_outage")).map(\.id)
            == ["T-2"])
        #expect(try store.inspections(filter: InspectionFilter(hazardSource: "HS1")).count == 3)
    }

    @Test(arguments: Kind.allCases)
    func riskHistoryAndLatest(kind: Kind) throws {
        let store = try Self.store(kind)
        try store.commit(StoreBatch(riskScores: [Fixture.risk("E1", ts: 100, score: 95), Fixture.risk("E2", ts: 100, score: 50)]))
        try store.commit(StoreBatch(riskScores: [Fixture.risk("E1", ts: 200, score: 80)]))
        try store.commit(StoreBatch(riskScores: [Fixture.risk("E1", ts: 300, score: 55)]))
        #expect(try store.riskHistory(enterprise: "E1").map(\.ts) == [100, 200, 300])
        #expect(try store.riskHistory(enterprise: "E1", since: 200).map(\.score) == [80, 55])
        #expect(try store.riskHistory(enterprise: "E1", limit: 2).map(\.ts) == [200, 300])
        #expect(try store.riskLatest() == [Fixture.risk("E1", ts: 300, score: 55), Fixture.risk("E2", ts: 100, score: 50)])
    }

    @Test(arguments: Kind.allCases)
    func deadLettersAuditAndCheckpoint(kind: Kind) throws {
        let store = try Self.store(kind)
        let letter = DeadLetterRow(receivedAt: 7, topic: "sites/E1/T1", reason: "bad_json", detail: "line 1",
                                   payload: [0x7B, 0x00, 0xFF])
        let entry = AuditRow(ts: 8, actor: "op1", role: "operator", action: "shelve", target: "E1/T1/HH",
                             reason: "nuisance", details: #"{"minutes":60}"#, outcome: "ok")
        try store.commit(StoreBatch(deadLetters: [letter], audit: [entry], checkpoint: Fixture.checkpoint(nextSeq: 10)))
        try store.commit(StoreBatch(checkpoint: Fixture.checkpoint(nextSeq: 11)))
        let storedLetter = try #require(store.deadLetters().first)
        #expect(storedLetter.id != nil)
        #expect(storedLetter.payload == letter.payload && storedLetter.topic == letter.topic)
        var storedEntry = try #require(store.audit().first)
        #expect(storedEntry.id != nil)
        storedEntry.id = nil
        #expect(storedEntry == entry)
        #expect(try store.checkpoint() == Fixture.checkpoint(nextSeq: 11))
    }

    @Test func deadLettersAreCappedOldestFirst() throws {
        let store = try HazmonStore.inMemory(options: StoreOptions(deadLetterCap: 5))
        for round in 0..<3 {
            let letters = (0..<4).map { DeadLetterRow(receivedAt: Int64(round * 4 + $0), topic: "t", reason: "r",
                                                      detail: "", payload: []) }
            try store.commit(StoreBatch(deadLetters: letters))
        }
        #expect(try store.deadLetters(limit: 100).map(\.receivedAt) == [11, 10, 9, 8, 7])
    }

    @Test func aFailedBatchWritesNothing() throws {
        // A cap too small for the batch: the transaction fails and none of its rows are kept.
        let store = try HazmonStore.open(path: Fixture.tempPath())
        try store.commit(StoreBatch(events: [Fixture.event(1)]))
        try store.setMaxBytes(0)
        let error = #expect(throws: StoreError.self) {
            try store.commit(Fixture.eventBatch(from: 2, count: 200, padding: 2000))
        }
        #expect(error?.isDiskFull == true)
        #expect(error?.resultCode == 13)
        #expect(error?.description.contains("raise the cap") == true)
        try store.setMaxBytes(nil)
        #expect(try store.events().map(\.seq) == [1])
        #expect(try store.checkpoint() == nil)
    }
}
