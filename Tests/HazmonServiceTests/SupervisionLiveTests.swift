import Foundation
import HazmonMQTT
import Testing

/// Inspections (SPEC §7) and risk (SPEC §8) in the live service: a critical gas alarm opens a
/// `critical_alarm` task on `hazmon/inspections/{enterprise}`, the enterprise's score moves on
/// `hazmon/risk/{enterprise}` (retained), and both are in the SQLite file.
@Suite("Inspections and risk in hazmon run", .serialized)
struct SupervisionLiveTests {
    @Test("a critical gas alarm opens an inspection task and lowers the risk score, on MQTT and in the store")
    func criticalAlarmOpensTaskAndMovesRisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-sup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("hazmon.db")

        let broker = try startBroker()
        defer { broker.stop() }
        let observer = try Observer(broker: broker, filters: ["hazmon/inspections/#", "hazmon/risk/#"])
        defer { observer.stop() }
        let publisher = try TelemetryPublisher(broker: broker)
        let service = try HazmonProcess(broker: broker, clientID: unique("sup"), instance: unique("sup"),
                                        database: database)
        defer { service.kill() }
        try service.waitUntilRunning()
        try service.waitUntilSubscribed(broker)

        // At start every enterprise is assessed once: the baseline score.
        #expect(observer.wait { !$0.messages(on: "hazmon/risk/E-DEMO-01").isEmpty }, "no initial risk score")
        let baseline = try #require(observer.messages(on: "hazmon/risk/E-DEMO-01").first.flatMap { json($0.payload) })
        let baselineScore = try #require(baseline["score"] as? Double)

        // GT101 (combustible gas, HH 50 %LEL, critical, no on-delay) at 62 %LEL.
        try publisher.sample("GT101", ts: nowMillis(), 62)
        try publisher.flush()
        let topic = "hazmon/inspections/E-DEMO-01"
        #expect(observer.wait { !$0.messages(on: topic).isEmpty }, "no inspection task; stderr:\n\(service.stderr)")
        let task = try #require(observer.messages(on: topic).first.flatMap { json($0.payload) })
        #expect(task["trigger"] as? String == "critical_alarm")
        #expect(task["status"] as? String == "open")
        #expect(task["priority"] as? String == "critical")
        #expect(task["hazard_source"] as? String == "HS01")
        let evidence = try #require(task["evidence"] as? [[String: Any]])
        #expect(evidence.first?["alarm_id"] as? String == "E-DEMO-01/GT101/HH")
        let taskID = try #require(task["id"] as? String)

        // The score drops below the baseline (a critical activation weighs on the live factor).
        #expect(observer.wait {
            $0.messages(on: "hazmon/risk/E-DEMO-01").contains { (json($0.payload)?["score"] as? Double ?? 100) < baselineScore }
        }, "the risk score did not move below \(baselineScore)")
        let retained = try #require(try retainedMessage(on: "hazmon/risk/E-DEMO-01", broker: broker))
        #expect(retained.retain, "risk scores are retained")

        service.terminate()
        #expect(service.waitForExit() == 0)
        // Both are in the store.
        let counts = try sqliteCounts(database.path, [
            "SELECT count(*) FROM inspections WHERE id = '\(taskID)' AND trigger = 'critical_alarm'",
            "SELECT count(*) FROM inspection_history WHERE task_id = '\(taskID)'",
            "SELECT count(*) FROM risk_scores WHERE enterprise = 'E-DEMO-01'",
            "SELECT count(*) FROM risk_latest WHERE enterprise = 'E-DEMO-01' AND score < \(baselineScore)",
        ])
        #expect(counts[0] == 1 && counts[1] >= 1 && counts[2] >= 2 && counts[3] == 1, "store rows: \(counts)")
    }
}

/// A JSON object from a payload.
private func json(_ payload: [UInt8]) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
}

/// Runs counting queries against a SQLite file with Python's sqlite3 (an independent reader).
func sqliteCounts(_ path: String, _ queries: [String]) throws -> [Int] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        for q in sys.argv[2:]: print(db.execute(q).fetchone()[0])
        """, path] + queries
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text.split(separator: "\n").compactMap { Int($0) }
}
