import Foundation
import HazmonCore
import HazmonStore
import Testing

/// Row factories and temp folders shared by the store tests.
enum Fixture {
    /// A fresh temporary folder (not created: the store must create it).
    static func tempPath(_ file: String = "hazmon.db") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-store-\(UUID().uuidString)")
            .appendingPathComponent("nested").appendingPathComponent(file).path
    }

    static func event(_ seq: UInt64, alarm: String = "E1/T1/HH", enterprise: String = "E1", padding: Int = 0)
        -> EventRow
    {
        let pad = String(repeating: "x", count: padding)
        return EventRow(
            seq: seq, alarmID: alarm, enterprise: enterprise, hazardSource: "HS1", tag: "T1", condition: "HH",
            transition: "activate", state: "unack", ts: 1_700_000_000_000 + Int64(seq),
            json: #"{"seq":\#(seq),"id":"\#(alarm)","pad":"\#(pad)"}"#)
    }

    static func state(_ alarm: String, seq: UInt64, state: String = "unack", priority: String = "high",
                      enterprise: String = "E1") -> AlarmStateRow {
        AlarmStateRow(
            alarmID: alarm, enterprise: enterprise, hazardSource: "HS1", tag: "T1", condition: "HH",
            priority: priority, state: state, flags: 16, activatedAt: 1000, returnedAt: nil, shelvedUntil: nil,
            lastSeq: seq, lastTs: 1000 + Int64(seq), json: #"{"seq":\#(seq)}"#)
    }

    static func inspection(_ id: String, status: String = "open", overdue: Bool = false, enterprise: String = "E1",
                           trigger: String = "critical_alarm") -> InspectionRow {
        InspectionRow(
            id: id, enterprise: enterprise, hazardSource: "HS1", trigger: trigger, status: status, priority: "critical",
            overdue: overdue, openedAt: 1000, dueAt: 8_200_000, updatedAt: 2000, json: #"{"id":"\#(id)"}"#)
    }

    static func risk(_ enterprise: String, ts: Millis, score: Double) -> RiskScoreRow {
        RiskScoreRow(enterprise: enterprise, ts: ts, score: score, grade: score >= 90 ? "blue" : "red",
                     supervisionClass: score >= 90 ? "D" : "A", json: #"{"score":\#(score)}"#)
    }

    static func checkpoint(nextSeq: UInt64) -> Checkpoint {
        Checkpoint(ts: 5000, nextSeq: nextSeq, engineState: [1, 2, 3, 0, 255], riskState: [9, 8], inspectionCounter: 42)
    }

    /// A batch of `count` events from `firstSeq`, with the alarm's state and a checkpoint.
    static func eventBatch(from firstSeq: UInt64, count: Int, padding: Int = 0) -> StoreBatch {
        let events = (0..<UInt64(count)).map { event(firstSeq + $0, padding: padding) }
        let last = firstSeq + UInt64(count) - 1
        return StoreBatch(events: events, alarmStates: [state("E1/T1/HH", seq: last)],
                          checkpoint: checkpoint(nextSeq: last + 1))
    }
}

/// Collects what a `StoreWriter` reports, thread-safely.
final class WriterLog: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(seqs: [UInt64], durable: Bool)] = []
    private var errors: [StoreError] = []
    private var recovered: [Int] = []

    func afterCommit(_ batches: [StoreBatch], _ durable: Bool) {
        lock.withLock { calls.append((batches.flatMap { $0.events.map(\.seq) }, durable)) }
    }

    func error(_ error: StoreError) { lock.withLock { errors.append(error) } }
    func recovered(_ count: Int) { lock.withLock { recovered.append(count) } }

    var callList: [(seqs: [UInt64], durable: Bool)] { lock.withLock { calls } }
    var errorList: [StoreError] { lock.withLock { errors } }
    var recoveredList: [Int] { lock.withLock { recovered } }

    func writer(_ store: HazmonStore, options: StoreWriter.Options = .init()) -> StoreWriter {
        StoreWriter(store: store, options: options, afterCommit: { self.afterCommit($0, $1) },
                    onError: { self.error($0) }, onRecovered: { self.recovered($0) })
    }
}
