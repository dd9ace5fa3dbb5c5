import ArgumentParser
import Foundation
import HazmonConsole
import HazmonMQTT

/// `hazmon demo`: a broker on loopback, the simulator playing a scenario script, and the service
/// printing alarms live, coloured by priority, until Ctrl-C.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a broker on loopback, the simulated demo plant and hazmon; show alarms live.",
        discussion: """
            Starts mosquitto on a free 127.0.0.1 port (max_queued_messages 0, so the broker never drops \
            telemetry queued for hazmon), then `hazmon run --print` (with the console on --http, a fresh \
            database var/demo.db and a fresh admin token in var/demo-tokens.jsonl, printed with the URL) and \
            `hazmon simulate --script …` against it as child processes. The default script plays a normal minute, a gas leak (one detector, then a \
            second: the 2-of-3 vote), a tank overfill, a stuck pressure transmitter and a gateway outage. \
            Ctrl-C stops the simulator, then hazmon (which drains what it received), then the broker.
            """
    )

    @Option(help: "Catalog file or folder (default Sensors/demo).")
    var sensors = "Sensors/demo"

    @Option(help: "Runtime config (default Config/hazmon.yaml if it exists).")
    var config: String?

    @Option(help: "Scenario script for the simulator, NAME:DURATION,… (see hazmon simulate --help).")
    var script = "normal:1m,leak:6m,normal:1m,overfill:5m,stuck-sensor:4m,gateway-offline:8m,normal"

    @Option(help: "Simulated seconds per wall-clock second.")
    var speedup: Double = 1

    @Option(help: "Stop by itself after this many wall-clock seconds (default: run until Ctrl-C).")
    var seconds: Double?

    @Option(help: "Console address host:port (default 127.0.0.1:8080), or none.")
    var http = "127.0.0.1:8080"

    func run() throws {
        let signals = SignalWaiter([SIGTERM, SIGINT])
        guard LoopbackBroker.isAvailable else {
            Console.err("hazmon demo needs mosquitto (/usr/sbin/mosquitto): run .ci/install-deps or apt-get install mosquitto")
            throw ExitCode(1)
        }
        let broker: LoopbackBroker
        do { broker = try LoopbackBroker() } catch {
            Console.err("could not start mosquitto: \(error)")
            throw ExitCode(1)
        }
        let url = broker.url
        let configArguments = config.map { ["--config", $0] } ?? []
        let instance = "demo-\(getpid())"
        Console.out("hazmon demo: broker \(url)  ·  catalog \(sensors)  ·  Ctrl-C to stop")
        Console.out("  watch the raw events:  mosquitto_sub -h 127.0.0.1 -p \(broker.port) -t 'hazmon/#' -v")
        // A fresh database and token each time: the demo tells the same story from the start.
        let database = "var/demo.db"
        let tokens = "var/demo-tokens.jsonl"
        for file in [database, database + "-wal", database + "-shm", tokens] { try? FileManager.default.removeItem(atPath: file) }
        try FileManager.default.createDirectory(atPath: "var", withIntermediateDirectories: true)
        if http != "none" {
            let token = try TokenFile.add(name: "demo", role: .admin, path: tokens, now: Int64(Date().timeIntervalSince1970 * 1000))
            Console.out("  console:  http://\(http)/   token (admin, this demo only): \(token)")
        }
        Console.out("  alarms also print below")
        Console.out("")
        let service = try Child.spawn(
            ["run", "--sensors", sensors, "--broker", url, "--instance", instance, "--client-id", instance, "--print",
             "--db", database, "--http", http, "--tokens", tokens]
                + configArguments, quietStderr: false)
        // Give the service its subscription before telemetry starts, so the first samples are seen.
        usleep(700_000)
        let simulator = try Child.spawn(
            ["simulate", "--sensors", sensors, "--broker", url, "--script", script, "--speedup", String(speedup),
             "--progress", "0", "--client-id", "\(instance)-sim"]
                // Faster than real time, stamp samples when they are published so the open-ended
                // script is allowed and hazmon's wall clock agrees with the telemetry.
                + (speedup == 1 ? [] : ["--timestamps", "wall"]) + configArguments, quietStderr: false)
        let started = Date()
        while signals.wait(milliseconds: 250) == nil {
            if let seconds, Date().timeIntervalSince(started) >= seconds { break }
            if !simulator.isRunning || !service.isRunning { break }
        }
        Console.out("")
        Console.out("hazmon demo: stopping")
        simulator.terminate()
        service.terminate()
        broker.stop()
    }
}

/// A child `hazmon` process sharing our terminal.
final class Child {
    private let process: Process

    private init(process: Process) { self.process = process }

    static func spawn(_ arguments: [String], quietStderr: Bool) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        if quietStderr { process.standardError = FileHandle.nullDevice }
        try process.run()
        return Child(process: process)
    }

    var isRunning: Bool { process.isRunning }

    /// SIGTERM, then wait for the child to finish its orderly shutdown.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
