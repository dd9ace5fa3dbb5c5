import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HazmonMQTT
import Testing

/// The whole chain in a real browser (issue 5's acceptance test): `hazmon run` with its console,
/// fed by `hazmon simulate` playing a gas leak, a real headless Chromium driven by Selenium
/// (`Tests/HazmonConsoleTests/console_browser.py`) logs in with an operator token, sees the alarm
/// marked unacknowledged, acknowledges it on the page, and the API and the journal say `ack`.
/// Screenshots go to `test-artifacts/console-e2e/`.
@Suite("Console end to end: simulator → hazmon run → Chromium", .serialized)
struct ConsoleEndToEndTests {
    static let python = "/usr/bin/python3"
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        && FileManager.default.isExecutableFile(atPath: python)

    @Test(.enabled(if: available, "chromium, chromium-driver or python3-selenium missing (apt-get install -y chromium chromium-driver python3-selenium)"))
    func operatorAcknowledgesASimulatedLeakInTheBrowser() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokens = directory.appendingPathComponent("tokens.jsonl").path
        let added = try runHazmonCapturing(["token", "add", "--name", "e2e-operator", "--role", "operator",
                                            "--tokens", tokens])
        let token = try #require(added.split(separator: "\n").last.map(String.init), "no token printed")
        #expect(token.hasPrefix("hzm_"))

        let broker = try startBroker()
        defer { broker.stop() }
        let database = directory.appendingPathComponent("hazmon.db")
        let service = try HazmonProcess(broker: broker, clientID: unique("e2e"), instance: unique("e2e"),
                                        database: database, extra: ["--http", "127.0.0.1:0", "--tokens", tokens])
        defer { service.kill() }
        try service.waitUntilRunning()
        try service.waitUntilSubscribed(broker)
        let port = try #require(service.stderr.firstMatch(of: #/console at http://127\.0\.0\.1:(\d+)//#).map { Int($0.1) }
            ?? nil, "no console address in: \(service.stderr)")
        let base = "http://127.0.0.1:\(port)"

        // The simulator plays a leak 30× faster than real time, stamping samples with the wall clock.
        let simulator = Process()
        simulator.executableURL = hazmonBinary
        simulator.arguments = ["simulate", "--sensors", "Sensors/demo", "--broker", broker.url, "--script",
                               "leak:8m", "--speedup", "30", "--timestamps", "wall", "--progress", "0",
                               "--client-id", unique("e2e-sim")]
        simulator.currentDirectoryURL = repositoryRoot
        simulator.standardOutput = FileHandle.nullDevice
        simulator.standardError = FileHandle.nullDevice
        try simulator.run()
        defer { if simulator.isRunning { simulator.terminate(); simulator.waitUntilExit() } }

        // Wait for the leak's first unacknowledged alarm through the API.
        var alarmID: String?
        _ = eventually(timeout: .seconds(60)) {
            alarmID = (try? apiAlarms(base, token))?.first { $0["state"] as? String == "unack" }?["id"] as? String
            return alarmID != nil
        }
        let id = try #require(alarmID, "no unacknowledged alarm appeared; hazmon stderr:\n\(service.stderr)")

        let out = repositoryRoot.appendingPathComponent("test-artifacts/console-e2e").path
        let script = repositoryRoot.appendingPathComponent("Tests/HazmonConsoleTests/console_browser.py").path
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: Self.python)
        browser.arguments = [script, base, token, "--alarm-id", id, "--out", out]
        let pipe = Pipe()
        browser.standardOutput = pipe
        browser.standardError = pipe
        try browser.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, "browser run failed:\n\(output)\nhazmon:\n\(service.stderr)")
        #expect(output.contains("ok: console acknowledged \(id)"), "\(output)")

        // The API and the journal agree: acknowledged by the operator's token.
        let state = try apiAlarms(base, token).first { $0["id"] as? String == id }?["state"] as? String
        #expect(state == "ack" || state == "normal", "the alarm should be acknowledged, is \(state ?? "gone")")
        service.terminate()
        #expect(service.waitForExit() == 0)
        let journal = directory.appendingPathComponent("journal.jsonl")
        #expect(try runHazmon(["journal", "--db", database.path, "--events", journal.path]) == 0)
        let acks = try jsonLines(journal).filter { $0.string("id") == id && $0.transition == "ack" }
        #expect(acks.count == 1, "the journal should hold exactly one ack of \(id)")
        #expect(FileManager.default.fileExists(atPath: out + "/02-console-1366x768.png"))
    }
}

/// Runs `hazmon` to completion and returns its standard output (throws on a non-zero exit).
func runHazmonCapturing(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = hazmonBinary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw HarnessFailure("hazmon \(arguments) exited \(process.terminationStatus)") }
    return text
}

/// `GET /api/v1/alarms` with a bearer token: the alarm objects.
func apiAlarms(_ base: String, _ token: String) throws -> [[String: Any]] {
    var request = URLRequest(url: URL(string: base + "/api/v1/alarms")!)
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var body: Data?
    URLSession.shared.dataTask(with: request) { data, _, _ in
        body = data
        done.signal()
    }.resume()
    done.wait()
    guard let body, let object = try JSONSerialization.jsonObject(with: body) as? [String: Any],
        let alarms = object["alarms"] as? [[String: Any]]
    else { throw HarnessFailure("GET /api/v1/alarms gave no alarm list") }
    return alarms
}
