import Foundation
import HazmonTestSupport
import Testing

/// `hazmon replay --inspections/--risk` on the demo site's simulated scenarios: the tasks and risk
/// grades the service's supervision gives on event time. Expectations are computed from the replay's
/// own events file (the simulator is seeded, but its exact timing belongs to HazmonSim), then checked
/// exactly against the inspection and risk lines, which must also follow their JSON schemas.
@Suite struct ReplaySupervisionTests {
    static let sensors = CLI.repo.appendingPathComponent("Sensors/demo").path
    static let minute: Int64 = 60_000
    /// Where every simulation starts: 2026-01-01T00:00:00Z.
    static let start: Int64 = 1_767_225_600_000

    /// What one supervised replay wrote.
    struct Run {
        var summary: String
        var events: [[String: Any]]
        var inspections: [[String: Any]]
        var risk: [[String: Any]]
        var eventsText: String

        /// The last line of each task, by id.
        var finalTasks: [String: [String: Any]] {
            var tasks: [String: [String: Any]] = [:]
            for line in inspections { tasks[line["id"] as! String] = line }
            return tasks
        }

        /// Tasks as first written (the opening line), in opening order.
        var openedTasks: [[String: Any]] {
            var seen = Set<String>()
            return inspections.filter { seen.insert($0["id"] as! String).inserted }
        }

        func activations(priority: String? = nil, condition: String? = nil) -> [[String: Any]] {
            events.filter {
                $0["transition"] as? String == "activate"
                    && (priority == nil || $0["priority"] as? String == priority)
                    && (condition == nil || $0["condition"] as? String == condition)
            }
        }

        /// The event time an alarm next returns after `after`, if it does.
        func returnTime(of id: String, after: Int64) -> Int64? {
            events.lazy.filter { $0["id"] as? String == id && $0["transition"] as? String == "return" }
                .compactMap { epochMillis($0["ts"]) }.first { $0 > after }
        }
    }

    /// Simulates `script` from a fixed start into a CSV, replays it with both flags, and checks every
    /// inspection and risk line against its schema.
    static func supervisedReplay(script: String, config: String? = nil, flags: [String] = ["--inspections", "--risk"])
        throws -> Run
    {
        let dir = try CLI.tempDir()
        let csv = dir.appendingPathComponent("samples.csv").path
        let simulated = try CLI.run(["simulate", "--sensors", sensors, "--script", script,
                                     "--start", "2026-01-01T00:00:00Z", "--output", csv])
        try #require(simulated.status == 0, "simulate failed: \(simulated.stderr)")
        let events = dir.appendingPathComponent("events.jsonl")
        let inspections = dir.appendingPathComponent("inspections.jsonl")
        let risk = dir.appendingPathComponent("risk.jsonl")
        var arguments = ["replay", "--sensors", sensors, "--input", csv, "--events", events.path]
        if let config { arguments += ["--config", config] }
        if flags.contains("--inspections") { arguments += ["--inspections", inspections.path] }
        if flags.contains("--risk") { arguments += ["--risk", risk.path] }
        let result = try CLI.run(arguments)
        try #require(result.status == 0, "replay failed: \(result.stderr)")
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        let run = Run(
            summary: result.stdout, events: try CLI.events(at: events),
            inspections: exists(inspections) ? try CLI.events(at: inspections) : [],
            risk: exists(risk) ? try CLI.events(at: risk) : [],
            eventsText: try String(contentsOf: events, encoding: .utf8))
        for (file, schema) in [(inspections, "inspection-task"), (risk, "risk-score")] where exists(file) {
            let check = try validate(file.path, schema: schema)
            #expect(check.status == 0, "\(schema) schema violations:\n\(check.stderr)")
        }
        return run
    }

    /// Validates every line of a JSON-lines file against `Alerts/NAME.schema.json` (python3-jsonschema).
    static func validate(_ path: String, schema name: String) throws -> CLI.Result {
        let schema = CLI.repo.appendingPathComponent("Alerts/\(name).schema.json").path
        let verdict = try SchemaValidator.validate(jsonLines: path, schema: schema)
        return CLI.Result(status: verdict.isValid ? 0 : 1, stdout: "\(verdict.checked)", stderr: verdict.messages)
    }

    /// A copy of `Config/hazmon.yaml` with `data_outage.after` set (the simulated outage lasts minutes).
    static func config(dataOutageAfter after: String) throws -> String {
        let original = try String(contentsOf: CLI.repo.appendingPathComponent("Config/hazmon.yaml"), encoding: .utf8)
        try #require(original.components(separatedBy: "after: 4h").count == 2, "data_outage.after is no longer 4h")
        let config = CLI.repo.appendingPathComponent("Config").path
        let text = original.replacingOccurrences(of: "after: 4h", with: "after: \(after)")
            .replacingOccurrences(of: "profiles: profiles.yaml", with: "profiles: \(config)/profiles.yaml")
            .replacingOccurrences(of: "risk: risk.yaml", with: "risk: \(config)/risk.yaml")
        let file = try CLI.tempDir().appendingPathComponent("hazmon.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func ts(_ line: [String: Any], _ key: String = "ts") throws -> Int64 {
        try #require(epochMillis(line[key]), "no time in \(key): \(line)")
    }

    static func alarmIDs(_ task: [String: Any]) -> [String] {
        (task["evidence"] as? [[String: Any]] ?? []).compactMap { $0["alarm_id"] as? String }
    }

    // MARK: Scenarios

    @Test func leakOpensCriticalRepeatedSustainedAndEscalation() throws {
        let run = try Self.supervisedReplay(script: "normal:2m,leak:40m,normal:5m")
        let critical = run.activations(priority: "critical")
        try #require(critical.count >= 2, "the leak raises the vote and GT101 HH: \(run.events)")
        let firstCritical = try Self.ts(critical[0])
        let medium = run.activations().filter { ["critical", "high", "medium"].contains($0["priority"] as? String) }
        let third = try Self.ts(medium[2])

        let opened = run.openedTasks
        #expect(opened.map { $0["trigger"] as? String }
            == ["critical_alarm", "repeated_alarms", "sustained_alarm", "risk_escalation"])
        #expect(opened.map { $0["id"] as? String } == (1...4).map { "INS-E-DEMO-01-\($0)" })
        let tasks = run.finalTasks
        let byTrigger = Dictionary(uniqueKeysWithValues: tasks.values.map { ($0["trigger"] as! String, $0) })

        // critical_alarm: at the first critical activation; every critical activation is its evidence.
        let criticalTask = try #require(byTrigger["critical_alarm"])
        #expect(try Self.ts(criticalTask, "opened_at") == firstCritical)
        #expect(criticalTask["priority"] as? String == "critical")
        #expect(criticalTask["hazard_source"] as? String == "HS01")
        #expect(Self.alarmIDs(criticalTask) == critical.map { $0["id"] as! String })

        // repeated_alarms: at the third medium-or-higher activation on HS01, with all of them.
        let repeated = try #require(byTrigger["repeated_alarms"])
        #expect(try Self.ts(repeated, "opened_at") == third)
        #expect(repeated["evidence_count"] as? Int == medium.count)

        // sustained_alarm: 30 min after the first critical activation, one evidence per alarm of high or
        // higher priority that stayed active 30 min.
        let sustained = try #require(byTrigger["sustained_alarm"])
        #expect(try Self.ts(sustained, "opened_at") == firstCritical + 30 * Self.minute)
        var lasting: [String] = []
        for event in run.activations() where ["critical", "high"].contains(event["priority"] as? String) {
            let start = try Self.ts(event)
            let end = run.returnTime(of: event["id"] as! String, after: start) ?? .max
            if end >= start + 30 * Self.minute { lasting.append(event["id"] as! String) }
        }
        #expect(Self.alarmIDs(sustained) == lasting)
        #expect(!lasting.isEmpty)

        // Risk: nobody acknowledges, so the first critical alarm forces red 30 min after it activated
        // (the sustained task's opening reassesses the enterprise at that very time); red opens
        // risk_escalation then, and the grade leaves red when the alarm returns (no longer active unacked).
        let demo1 = run.risk.filter { $0["enterprise"] as? String == "E-DEMO-01" }
        let firstRed = try #require(demo1.first { $0["grade"] as? String == "red" }, "never red: \(demo1.count) lines")
        #expect(try Self.ts(firstRed) == firstCritical + 30 * Self.minute)
        #expect(firstRed["forced_red_codes"] as? [String] == ["unacked_critical"])
        #expect(demo1.prefix { $0["grade"] as? String != "red" }.allSatisfy { $0["grade"] as? String == "yellow" })
        let escalation = try #require(byTrigger["risk_escalation"])
        #expect(try Self.ts(escalation, "opened_at") == Self.ts(firstRed))
        #expect(escalation["hazard_source"] is NSNull)
        let criticalReturn = try #require(run.returnTime(of: critical[0]["id"] as! String, after: firstCritical))
        let last = try #require(demo1.last)
        #expect(last["grade"] as? String == "yellow")
        #expect(try Self.ts(last) == criticalReturn)
        #expect(run.summary.contains("E-DEMO-01: final grade yellow"), "\(run.summary)")
        #expect(run.summary.contains("inspections: 4 task(s) opened, \(run.inspections.count) change(s)"))
        #expect(run.summary.contains("risk:      \(run.risk.count) assessment(s)"))
    }

    @Test func overfillOpensSustainedAlarmOnly() throws {
        let run = try Self.supervisedReplay(script: "normal:2m,overfill:40m,normal:5m")
        let hh = try #require(run.activations(condition: "HH").first, "no HH: \(run.events)")
        #expect(hh["priority"] as? String == "high")
        #expect(run.activations(priority: "critical").isEmpty)
        #expect(run.inspections.count == 1)
        let task = try #require(run.inspections.first)
        #expect(task["trigger"] as? String == "sustained_alarm")
        #expect(task["priority"] as? String == "high")
        #expect(task["hazard_source"] as? String == "HS01")
        #expect(try Self.ts(task, "opened_at") == Self.ts(hh) + 30 * Self.minute)
        #expect(Self.alarmIDs(task) == [hh["id"] as! String])
        #expect(!run.risk.isEmpty)
        #expect(run.risk.allSatisfy { $0["grade"] as? String != "red" })
        #expect(run.summary.contains("    sustained_alarm: 1"), "\(run.summary)")

        // Supervision never changes the events: the plain replay writes the same file.
        let dir = try CLI.tempDir()
        let csv = dir.appendingPathComponent("samples.csv").path
        _ = try CLI.run(["simulate", "--sensors", Self.sensors, "--script", "normal:2m,overfill:40m,normal:5m",
                         "--start", "2026-01-01T00:00:00Z", "--output", csv])
        let plain = dir.appendingPathComponent("plain.jsonl")
        let result = try CLI.run(["replay", "--sensors", Self.sensors, "--input", csv, "--events", plain.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: plain, encoding: .utf8) == run.eventsText)
        #expect(!result.stdout.contains("inspections:"))
    }

    @Test func normalOperationOpensNothingAndKeepsTheGrade() throws {
        // --risk alone runs the inspection policy too (it feeds the score), writing only the risk file.
        let run = try Self.supervisedReplay(script: "normal:30m", flags: ["--risk"])
        #expect(run.events.isEmpty)
        #expect(run.summary.contains("inspections: 0 task(s) opened, 0 change(s)\n"), "\(run.summary)")
        // One assessment per enterprise at the start, none after: nothing moves the score.
        #expect(run.risk.map { $0["enterprise"] as? String } == ["E-DEMO-01", "E-DEMO-02"])
        #expect(try run.risk.allSatisfy { try Self.ts($0) == Self.start })
        for line in run.risk {
            let grade = try #require(line["grade"] as? String)
            #expect(run.summary.contains("\(line["enterprise"]!): final grade \(grade)"), "\(run.summary)")
        }
    }

    /// `gateway-offline` silences a hazard source for minutes, so `data_outage.after` is shortened to
    /// reach it; the default 4 h opens nothing. A STALE alarm's timer fires when it stayed active at
    /// least `after` (a timer due at the very time of the return still fires: advance comes first).
    @Test(arguments: [
        ("gateway-offline@V101.LT", "4h", 4 * 3_600_000),  // grade 2, too short an outage
        ("gateway-offline@V101.LT", "2m", 120_000),  // only the tags with the shortest stale_after
        ("gateway-offline@V101.LT", "61s", 61_000),  // every tag: the last STALE returns exactly 61 s later
        ("gateway-offline@V101.LT", "62s", 62_000),
        ("gateway-offline", "30s", 30_000),  // E-DEMO-02/HS01 is grade 3: never watched
    ] as [(String, String, Int64)])
    func gatewayOfflineOpensDataOutage(scenario: String, after: String, afterMillis: Int64) throws {
        let run = try Self.supervisedReplay(
            script: "normal:2m,\(scenario):10m,normal:2m", config: try Self.config(dataOutageAfter: after))
        let stale = run.activations(condition: "STALE")
        try #require(!stale.isEmpty)
        var lasting: [(ts: Int64, id: String)] = []
        for event in stale {
            let start = try Self.ts(event)
            let end = try #require(run.returnTime(of: event["id"] as! String, after: start), "STALE never returned")
            if end - start >= afterMillis { lasting.append((start + afterMillis, event["id"] as! String)) }
        }
        let watched = !scenario.hasSuffix("offline")  // E-DEMO-01/HS01 is grade 2
        let expected = watched ? lasting.sorted { ($0.ts, $0.id) < ($1.ts, $1.id) } : []
        if !watched { #expect(!lasting.isEmpty, "the grade-3 outage must be long enough to matter") }
        let tasks = run.finalTasks.values.filter { $0["trigger"] as? String == "data_outage" }
        #expect(run.finalTasks.count == tasks.count, "only data_outage: \(run.finalTasks.keys)")
        if expected.isEmpty {
            #expect(tasks.isEmpty)
            return
        }
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task["priority"] as? String == "high")
        #expect(task["hazard_source"] as? String == "HS01")
        #expect(task["enterprise"] as? String == "E-DEMO-01")
        #expect(try Self.ts(task, "opened_at") == expected[0].ts)
        #expect(Set(Self.alarmIDs(task)) == Set(expected.map(\.id)))
        #expect(task["evidence_count"] as? Int == expected.count)
    }
}
