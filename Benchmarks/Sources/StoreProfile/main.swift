// StoreProfile: HazmonStore commit latency and throughput on a real file (WAL, synchronous=NORMAL).
//
//   swift run -c release --package-path Benchmarks StoreProfile [folder]
//
// For batches of 1, 100 and 1000 events (each event with its alarm-state upsert, ~420-byte JSON, and
// a 4 KiB checkpoint per batch, as the service writes them), commits batches directly and prints
// commit latency percentiles and events/s; then the same events of 1 through a StoreWriter, which
// merges what is pending into one transaction. The folder defaults to /tmp.
import Foundation
import HazmonStore

let folder = CommandLine.arguments.dropFirst().first ?? NSTemporaryDirectory()
let padding = String(repeating: "x", count: 300)
let engineBlob = [UInt8](repeating: 7, count: 4096)

func batch(from seq: UInt64, count: Int) -> StoreBatch {
    var b = StoreBatch()
    for s in seq..<(seq + UInt64(count)) {
        let alarm = "E\(s % 7)/T\(s % 1000)/HH"
        let json = #"{"seq":\#(s),"id":"\#(alarm)","transition":"activate","state":"unack","message":"\#(padding)"}"#
        b.events.append(EventRow(seq: s, alarmID: alarm, enterprise: "E\(s % 7)", hazardSource: "HS1",
                                 tag: "T\(s % 1000)", condition: "HH", transition: "activate", state: "unack",
                                 ts: 1_700_000_000_000 + Int64(s), json: json))
        b.alarmStates.append(AlarmStateRow(alarmID: alarm, enterprise: "E\(s % 7)", hazardSource: "HS1",
                                           tag: "T\(s % 1000)", condition: "HH", priority: "high", state: "unack",
                                           flags: 16, activatedAt: Int64(s), returnedAt: nil, shelvedUntil: nil,
                                           lastSeq: s, lastTs: Int64(s), json: json))
    }
    b.checkpoint = Checkpoint(ts: Int64(seq), nextSeq: seq + UInt64(count), engineState: engineBlob,
                              riskState: [], inspectionCounter: 0)
    return b
}

func seconds(_ d: Duration) -> Double { Double(d / .nanoseconds(1)) / 1e9 }
func ms(_ x: Double) -> String { String(format: "%.3f", x * 1000) }

func freshStore(_ name: String) throws -> HazmonStore {
    let path = (folder as NSString).appendingPathComponent("hazmon-storeprofile-\(name).db")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return try HazmonStore.open(path: path)
}

print("HazmonStore on \(folder): WAL, synchronous=NORMAL; each event = journal row + alarm-state upsert")
print("batch  commits  events  p50 ms  p99 ms  max ms  events/s")
for size in [1, 100, 1000] {
    let store = try freshStore("b\(size)")
    let total = size == 1 ? 5_000 : 50_000
    var latencies: [Double] = []
    let clock = ContinuousClock()
    let start = clock.now
    var seq: UInt64 = 1
    while seq <= UInt64(total) {
        let b = batch(from: seq, count: size)
        let t0 = clock.now
        try store.commit(b)
        latencies.append(seconds(clock.now - t0))
        seq += UInt64(size)
    }
    let wall = seconds(clock.now - start)
    latencies.sort()
    let p = { (q: Double) in latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] }
    print(String(format: "%5d  %7d  %6d  %6@  %6@  %6@  %8.0f", size, latencies.count, total, ms(p(0.5)),
                 ms(p(0.99)), ms(latencies.last!), Double(total) / wall))
}

// The writer: 50 000 single-event batches submitted as fast as possible; it merges what piles up.
let store = try freshStore("writer")
let writer = StoreWriter(store: store, afterCommit: { _, _ in }, onError: { print("error: \($0)") })
let clock = ContinuousClock()
let start = clock.now
for s in 1...50_000 { writer.submit(batch(from: UInt64(s), count: 1)) }
writer.flush()
let wall = seconds(clock.now - start)
let stats = writer.statistics
print(String(format: "writer: 50000 batches of 1 in %d commits (%.0f batches/commit), %.0f events/s, "
             + "avg commit %@ ms, max %@ ms", Int(stats.commits), Double(stats.batches) / Double(stats.commits),
             50_000 / wall, ms(stats.averageCommitSeconds), ms(stats.maxCommitSeconds)))
writer.close()
