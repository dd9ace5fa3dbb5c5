import ArgumentParser
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonSim

#if canImport(Glibc)
    import Glibc
#endif

/// `hazmon simulate`: realistic telemetry for a catalog, with alarm scenarios, published on MQTT in
/// real time (SPEC §9); or a recorded file replayed onto MQTT at its recorded pace.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Publish simulated plant telemetry (with alarm scenarios) or a recording onto MQTT.",
        discussion: """
            Simulation: every tag of the catalog publishes --rate samples per simulated second, paced on the \
            wall clock (--speedup N runs simulated time N times faster). Scenarios: normal, overfill, leak, \
            stuck-sensor, gateway-offline; --script runs several in sequence, e.g. normal:2m,leak:5m,normal:2m, and \
            a step may name its tag, e.g. overfill@T201.LT:6m (else --tag, else the scenario picks one). \
            Each scenario's timeline counts from its phase's start (overfill: a level climbs from +30s through \
            H and HH by +3m30s; leak: a gas detector rises from +1m past H, a second of its vote from +2m (VOTE), \
            the first past HH from +4m; stuck-sensor: a pressure transmitter repeats its +30s value, FROZEN after \
            frozen.after; gateway-offline: a hazard source is silent from +30s for its longest stale_after + 60s). \
            The same --seed gives the same telemetry.

            Timestamps (--timestamps simulated, the default): samples carry simulated time, which starts now. With \
            --speedup above 1 it runs ahead of the wall clock, so the run is back-dated to end now (needs \
            --duration or a script with every duration; --start sets the start yourself); hazmon run then sees \
            history arriving late, and judges STALE by its own clock. --timestamps wall stamps each sample with \
            the wall-clock time it is published instead: with --speedup the plant moves N times faster while \
            hazmon run sees real time (on-delays, STALE and FROZEN then count in real time); any script works.

            Replay (--replay FILE, CSV or JSON lines as hazmon replay reads): samples are published at their \
            recorded spacing divided by --speedup, stamped with their recorded times; --shift-to-now moves the \
            whole recording so that its last sample is stamped when it is published (spacing kept, nothing in \
            the future).

            Messages: one per sample on hz/{enterprise}/{tag}, or with --batch one per enterprise and time on \
            hz/{enterprise} (the config's ingest topics). SIGINT or SIGTERM stops publishing, waits up to 10 s \
            for the broker to acknowledge what was sent (QoS 1), and disconnects. --output FILE writes the \
            simulated samples to a replay file at full speed instead, without a broker.
            """
    )

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var connection: BrokerOptions

    @Option(help: "Scenario: normal, overfill, leak, stuck-sensor or gateway-offline (default normal).")
    var scenario: String?

    @Option(
        help:
            "Scenarios in sequence, NAME[@TAG]:DURATION,…, e.g. normal:2m,leak:5m,overfill@T201.LT:6m,normal (the last may omit its duration)."
    )
    var script: String?

    @Option(help: "The tag a scenario acts on, TAG or ENTERPRISE/TAG (default: chosen per scenario).")
    var tag: String?

    @Option(help: "Samples per tag per simulated second (default 1).")
    var rate: Double?

    @Flag(help: "Publish one batch per enterprise and timestamp on the batch topic instead of one message per sample.")
    var batch = false

    @Option(
        help:
            "Stop after this much simulated (or recorded) time, e.g. 10m (default: the script's length, else until stopped)."
    )
    var duration: String?

    @Option(help: "Simulated or recorded seconds per wall-clock second.")
    var speedup: Double = 1

    @Option(help: "Seed of the simulated plant; the same seed gives the same telemetry (default 1).")
    var seed: UInt64?

    @Option(help: "QoS of the publishes, 0 or 1.")
    var qos: Int = 1

    @Option(help: "Simulated start time, RFC 3339 or epoch ms (default: now; back-dated with --speedup above 1).")
    var start: String?

    @Option(help: "Sample timestamps: simulated (the plant's time) or wall (when published).")
    var timestamps: TimestampSource = .simulated

    @Option(
        help:
            "Write the simulated samples to this replay file (.csv, or .jsonl for JSON lines; '-' for stdout) at full speed instead of publishing."
    )
    var output: String?

    @Option(
        help: "Publish this recording (.csv, or .jsonl for JSON lines, as hazmon replay reads) instead of simulating.")
    var replay: String?

    @Flag(help: "With --replay: shift the recording so its last sample is stamped with the time it is published.")
    var shiftToNow = false

    @Option(help: "Wall-clock seconds between progress lines; 0 prints only phase changes and the summary.")
    var progress: Double = 1

    func validate() throws {
        if let rate, !(rate > 0 && rate <= 1000) {
            throw ValidationError("--rate must be above 0 and at most 1000 samples per second")
        }
        guard speedup > 0, speedup.isFinite else { throw ValidationError("--speedup must be a positive number") }
        guard qos == 0 || qos == 1 else { throw ValidationError("--qos must be 0 or 1") }
        guard progress >= 0, progress.isFinite else {
            throw ValidationError("--progress must be 0 or a positive number of seconds")
        }
        if scenario != nil && script != nil { throw ValidationError("give --scenario or --script, not both") }
        if let duration, DurationParser.parse(duration) == nil || DurationParser.parse(duration) == 0 {
            throw ValidationError("--duration '\(duration)' is not a positive duration such as 90s, 10m or 2h")
        }
        if let start, Timestamps.parse(start) == nil {
            throw ValidationError(
                "--start '\(start)' is neither RFC 3339 (2026-01-01T08:00:00Z) nor epoch milliseconds")
        }
        if replay == nil {
            let plan: ScenarioScript
            do { plan = try self.plan() } catch { throw ValidationError(error.description) }
            let length = [plan.totalDuration, duration.flatMap(DurationParser.parse)].compactMap { $0 }.min()
            if length == nil && output != nil {
                throw ValidationError("--output needs --duration or a script whose steps all have durations")
            }
            if length == nil && start == nil && output == nil && speedup > 1 && timestamps == .simulated {
                throw ValidationError(
                    """
                    --speedup above 1 runs simulated time ahead of the clock, and hazmon refuses samples more than \
                    5 min in the future: give --duration (or a script whose steps all have durations) so the run can \
                    be back-dated to end now, set --start yourself, or use --timestamps wall
                    """)
            }
            if timestamps == .wall && 1000 / (rate ?? 1) / speedup < 1 {
                throw ValidationError(
                    "--timestamps wall needs at least 1 ms between samples of a tag: lower --rate or --speedup")
            }
            if timestamps == .wall && (output != nil || start != nil) {
                throw ValidationError(
                    "--timestamps wall stamps samples when they are published: not with --output or --start")
            }
        }
        if replay != nil {
            let simulationOnly: [(String, Bool)] = [
                ("--scenario", scenario != nil), ("--script", script != nil), ("--tag", tag != nil),
                ("--rate", rate != nil), ("--seed", seed != nil), ("--start", start != nil),
                ("--output", output != nil),
                ("--timestamps", timestamps != .simulated),
            ]
            if let (flag, _) = simulationOnly.first(where: \.1) {
                throw ValidationError("\(flag) is for simulation; --replay publishes the file's own samples")
            }
        } else if shiftToNow {
            throw ValidationError("--shift-to-now goes with --replay")
        }
    }

    func run() throws {
        // Before any thread starts, so every thread inherits the blocked mask (see SignalWaiter).
        let signals = SignalWaiter([SIGTERM, SIGINT])
        let loaded = try catalog.load(orElse: "nothing simulated")
        let settings = loaded.config.service
        let encoder: TelemetryEncoder
        do {
            encoder = try makeEncoder(model: loaded.model, settings: settings)
        } catch {
            Console.err("simulate: \(error)")
            throw ExitCode(1)
        }
        if let replay {
            let publisher = try connect(settings: settings)
            try RecordingPublisher(
                model: loaded.model, encoder: encoder, batch: batch, speedup: speedup,
                limit: duration.flatMap(DurationParser.parse), shiftToNow: shiftToNow, progress: progress
            ).run(path: replay, publisher: publisher, signals: signals)
            try publisher.finish()
            return
        }
        let simulator: PlantSimulator
        do {
            simulator = try makeSimulator(model: loaded.model)
        } catch {
            Console.err("simulate: \(error)")
            throw ExitCode(1)
        }
        let step = max(1, Millis((1000 / (rate ?? 1)).rounded()))
        warnAboutRate(step: step, model: loaded.model)
        let end = [simulator.end, duration.flatMap(DurationParser.parse).map { simulator.start + $0 }]
            .compactMap { $0 }.min()
        if let output {
            try write(simulator, to: output, step: step, end: end)
            return
        }
        let publisher = try connect(settings: settings)
        let tags = loaded.model.tags.count
        Console.err(
            "simulate: \(tags) tags of \(loaded.model.enterprises.count) enterprise(s), a sample each every "
                + "\(SimulationLoop.format(step)) of simulated time (seed \(simulator.seed), speedup "
                + "\(SimulationLoop.number(speedup))), from \(Timestamps.rfc3339(simulator.start))"
                + (end.map { " to \(Timestamps.rfc3339($0))" } ?? " until stopped"))
        // Simulated time that starts in the future (the next whole second) is waited for.
        let lead = max(0, simulator.start - WallClock.millis())
        SimulationLoop(
            simulator: simulator, encoder: encoder, batch: batch, step: step, end: end, speedup: speedup,
            progress: progress, wallTimestamps: timestamps == .wall
        ).run(publisher: publisher, signals: signals, lead: lead)
        try publisher.finish()
    }

    // MARK: - Set-up

    private func makeEncoder(model: EngineModel, settings: ServiceSettings) throws(SimulationSetupError)
        -> TelemetryEncoder
    {
        let patterns: TopicPatterns
        do {
            patterns = try TopicPatterns(
                sample: settings.sampleTopic ?? TopicPatterns.defaultSample,
                batch: settings.batchTopic ?? TopicPatterns.defaultBatch)
        } catch {
            throw SimulationSetupError(description: "the config's ingest topics: \(error)")
        }
        if batch && patterns.batch == nil {
            throw SimulationSetupError(
                description: "--batch needs a batch topic; the config sets none (ingest.batch_topic)")
        }
        return TelemetryEncoder(
            model: model, sampleTopic: patterns.sample, batchTopic: patterns.batch ?? TopicPatterns.defaultBatch)
    }

    private func makeSimulator(model: EngineModel) throws(SimulationError) -> PlantSimulator {
        let plan = try self.plan()
        let length = [plan.totalDuration, duration.flatMap(DurationParser.parse)].compactMap { $0 }.min()
        let now = WallClock.millis()
        let first: Millis
        if let start {
            first = Timestamps.parse(start)!  // checked in validate()
        } else if output != nil {
            first = now - now % 1000
        } else if speedup <= 1 || timestamps == .wall {
            // The next whole second: the loop waits for it, so samples are stamped when they are sent.
            first = now - now % 1000 + 1000
        } else {
            // Back-dated so that the last sample is stamped "now" when it is published (validate()
            // made sure the run has a length).
            let span = length ?? 0
            let backdated = now - span + Millis((Double(span) / speedup).rounded())
            first = backdated - backdated % 1000
        }
        return try PlantSimulator(
            model: model, seed: seed ?? 1, start: first, script: plan, target: tag.map(TagReference.init))
    }

    /// Says which rules the sample interval will trip or blunt by itself, so nobody mistakes them for the scenario.
    private func warnAboutRate(step: Millis, model: EngineModel) {
        let stale = model.tags.filter { ($0.stale?.after ?? .max) <= step }
        if !stale.isEmpty {
            Console.err(
                "simulate: warning: a sample every \(SimulationLoop.format(step)) is no faster than stale_after of "
                    + "\(stale.map(\.id).joined(separator: ", ")): they will show STALE")
        }
        let crowded = model.tags.filter { tag in
            let span = max(tag.roc?.per ?? 0, tag.window?.over ?? 0)
            return span > 0 && span / step + 1 > Millis(tag.windowCapacity)
        }
        if !crowded.isEmpty {
            Console.err(
                "simulate: note: at a sample every \(SimulationLoop.format(step)), the ROC/WINDOW spans of "
                    + "\(crowded.map(\.id).joined(separator: ", ")) hold more samples than engine.window_samples; hazmon "
                    + "keeps the newest (raise window_samples, or lower --rate, for exact windows)")
        }
    }

    /// The script from --script, or the one scenario of --scenario (default normal).
    private func plan() throws(SimulationError) -> ScenarioScript {
        if let script { return try ScenarioScript(parsing: script, duration: DurationParser.parse) }
        return ScenarioScript(try Scenario(name: scenario ?? "normal"))
    }

    private func connect(settings: ServiceSettings) throws -> TelemetryPublisher {
        let resolved = try connection.resolve(settings)
        var configuration = try resolved.configuration(clientID: "sim-\(getpid())")
        // A publisher needs no session: nothing waits for it at the broker.
        configuration.cleanStart = true
        configuration.sessionExpirySeconds = 0
        let publisher = try TelemetryPublisher(configuration, qos: qos == 0 ? .atMostOnce : .atLeastOnce)
        Console.err("simulate: connecting to \(resolved.url) as \(configuration.clientID)")
        guard publisher.client.waitUntilConnected(timeout: .seconds(10)) else {
            let reason = publisher.client.statistics.lastError.map { ": \($0)" } ?? ""
            _ = publisher.client.stop()
            Console.err("simulate: cannot connect to \(resolved.url) within 10 s\(reason)")
            throw ExitCode(1)
        }
        return publisher
    }

    /// `--output`: every tick to a replay file, no pacing, no broker.
    private func write(_ simulator: PlantSimulator, to path: String, step: Millis, end: Millis?) throws {
        guard let end else { preconditionFailure("validate() requires a length with --output") }
        let recording = RecordingEncoder(model: simulator.model, path: path)
        let file = try OutputFile(path: path)
        if let header = recording.header { try file.writeLine(header) }
        var samples: [Sample] = []
        var count = 0
        var t = simulator.start
        while t < end {
            samples.removeAll(keepingCapacity: true)
            simulator.samples(at: t, into: &samples)
            for sample in samples { try file.writeLine(recording.line(sample)) }
            count += samples.count
            t += step
        }
        try file.flush()
        for phase in simulator.phases { Console.err("simulate: \(Timestamps.rfc3339(phase.start)) \(phase.summary)") }
        Console.err("simulate: wrote \(count) samples to \(path)")
    }
}

/// A setting from the config that `simulate` cannot work with.
struct SimulationSetupError: Error, CustomStringConvertible {
    var description: String
}

/// Which time a simulated sample carries.
enum TimestampSource: String, ExpressibleByArgument, Sendable {
    /// The plant's simulated time (event-time rules see the scenario as simulated).
    case simulated
    /// The wall-clock time it is published (hazmon run's own clock agrees).
    case wall
}

// MARK: - Publishing

/// The MQTT connection of `simulate`, with its counters.
final class TelemetryPublisher {
    let client: MQTTClient
    let qos: QoS
    private(set) var messages = 0
    private(set) var samples = 0
    private(set) var failures = 0
    private var lastFailure: MQTTError?

    init(_ configuration: MQTTClient.Configuration, qos: QoS) throws {
        client = try MQTTClient(configuration)
        self.qos = qos
        try client.start()
    }

    /// Publishes one message, waiting while libmosquitto's backlog is full; false if a signal came meanwhile.
    func publish(_ message: TelemetryMessage, signals: SignalWaiter) -> Bool {
        while true {
            do {
                try client.publish(topic: message.topic, payload: message.payload, qos: qos)
                messages += 1
                samples += message.samples
                return true
            } catch  where error.kind == .backlogFull {
                // The broker is slower than we publish: let acknowledgements come back before more.
                _ = client.waitForAcknowledgements(timeout: .milliseconds(100))
                if signals.wait(milliseconds: 0) != nil { return false }
            } catch {
                if failures == 0 { Console.err("simulate: publish failed: \(error)") }
                failures += 1
                lastFailure = error
                return true
            }
        }
    }

    /// `sent 1234 messages (1234 samples), acked 1200, pending 34`.
    var status: String {
        let stats = client.statistics
        var text = "sent \(messages) messages (\(samples) samples)"
        if qos != .atMostOnce { text += ", acked \(stats.publishesAcknowledged), pending \(stats.publishesPending)" }
        if failures > 0 { text += ", failed \(failures)" }
        return text
    }

    /// Waits up to 10 s for the broker's acknowledgements, disconnects and prints the summary.
    /// - Throws: `ExitCode(1)` when publishes failed or stayed unacknowledged.
    func finish() throws {
        let drained = client.waitForAcknowledgements(timeout: .seconds(10))
        let summary = status
        _ = client.stop(drainTimeout: .seconds(1))
        Console.err("simulate: done: \(summary)")
        if failures > 0 {
            Console.err("simulate: \(failures) publishes failed; the last: \(lastFailure.map { "\($0)" } ?? "?")")
            throw ExitCode(1)
        }
        if !drained {
            Console.err("simulate: the broker did not acknowledge every message within 10 s")
            throw ExitCode(1)
        }
    }
}

/// Absolute deadlines on the monotonic clock, waited for in `sigtimedwait`: no drift, no polling,
/// and SIGINT/SIGTERM end a wait at once.
struct Pacer {
    let signals: SignalWaiter
    let speedup: Double
    /// Monotonic nanoseconds when simulated (or recorded) offset 0 is due.
    let origin: Int64
    private var lastPoll: Int64

    /// Offset 0 is due `lead` ms of wall time from now.
    init(signals: SignalWaiter, speedup: Double, lead: Millis = 0) {
        self.signals = signals
        self.speedup = speedup
        origin = Self.monotonicNanos() + Int64(lead) * 1_000_000
        lastPoll = origin
    }

    /// Waits until simulated offset `elapsed` (ms) is due; returns the signal that ended the wait early, if any.
    mutating func wait(untilOffset elapsed: Millis) -> Int32? {
        let deadline = origin + Int64(Double(elapsed) * 1_000_000 / speedup)
        var now = Self.monotonicNanos()
        if now >= deadline {
            // Behind schedule (a burst, or a slow broker): publish at once, but still notice signals.
            guard now - lastPoll >= 50_000_000 else { return nil }
            lastPoll = now
            return signals.wait(milliseconds: 0)
        }
        while now < deadline {
            let milliseconds = Int((deadline - now + 999_999) / 1_000_000)
            if let signal = signals.wait(milliseconds: milliseconds) { return signal }
            now = Self.monotonicNanos()
        }
        lastPoll = now
        return nil
    }

    /// Monotonic wall time since `origin`, in seconds.
    var seconds: Double { Double(Self.monotonicNanos() - origin) / 1e9 }

    static func monotonicNanos() -> Int64 { Clock.monotonicNanos() }
}

/// Prints a progress line every `every` seconds of wall time.
struct ProgressLine {
    let every: Double
    private var next: Double

    init(every: Double) {
        self.every = every
        next = every
    }

    mutating func due(at seconds: Double) -> Bool {
        guard every > 0, seconds >= next else { return false }
        while next <= seconds { next += every }
        return true
    }
}

/// The simulation's publishing loop: tick, samples, messages, pace.
struct SimulationLoop {
    let simulator: PlantSimulator
    let encoder: TelemetryEncoder
    let batch: Bool
    let step: Millis
    let end: Millis?
    let speedup: Double
    let progress: Double
    /// Stamp samples with their scheduled wall-clock time (simulated start + elapsed / speedup).
    let wallTimestamps: Bool

    /// Publishes until `end` or a signal; the first tick is due `lead` ms of wall time from now.
    func run(publisher: TelemetryPublisher, signals: SignalWaiter, lead: Millis = 0) {
        var pacer = Pacer(signals: signals, speedup: speedup, lead: lead)
        var line = ProgressLine(every: progress)
        var samples: [Sample] = []
        var messages: [TelemetryMessage] = []
        var shownPhase = -1
        var t = simulator.start
        var stoppedBy: Int32?
        ticks: while end.map({ t < $0 }) ?? true {
            if let signal = pacer.wait(untilOffset: t - simulator.start) {
                stoppedBy = signal
                break
            }
            if let phase = simulator.phaseIndex(at: t), phase != shownPhase {
                shownPhase = phase
                Console.err(
                    "simulate: \(Timestamps.rfc3339(t)) phase \(phase + 1)/\(simulator.phases.count): "
                        + simulator.phases[phase].summary)
            }
            samples.removeAll(keepingCapacity: true)
            simulator.samples(at: t, into: &samples)
            if wallTimestamps {
                let wall = simulator.start + Millis((Double(t - simulator.start) / speedup).rounded(.down))
                for i in samples.indices { samples[i].ts = wall }
            }
            messages.removeAll(keepingCapacity: true)
            encoder.encode(samples, batch: batch, into: &messages)
            for message in messages where !publisher.publish(message, signals: signals) {
                stoppedBy = SIGINT
                break ticks
            }
            if line.due(at: pacer.seconds) {
                let phase = simulator.phaseIndex(at: t).map { simulator.phases[$0].scenario.rawValue } ?? "-"
                Console.err(
                    "simulate: \(Timestamps.rfc3339(t)) +\(Self.format(t - simulator.start)) [\(phase)] "
                        + publisher.status)
            }
            t += step
        }
        if let stoppedBy {
            Console.err(
                "simulate: \(stoppedBy == SIGTERM ? "SIGTERM" : "SIGINT"): stopping, waiting for acknowledgements")
        }
    }

    /// `1h02m03s`-style offsets: `45s`, `2m05s`, `1h00m00s`; under a second as `250ms`.
    static func format(_ ms: Millis) -> String {
        if ms < 1000 { return "\(ms)ms" }
        let s = ms / 1000
        let two = { (n: Millis) in n < 10 ? "0\(n)" : "\(n)" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s / 3600)h\(two(s / 60 % 60))m\(two(s % 60))s"
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

/// `--replay`: a recording onto MQTT at its recorded pace divided by the speedup.
struct RecordingPublisher {
    let model: EngineModel
    let encoder: TelemetryEncoder
    let batch: Bool
    let speedup: Double
    /// Stop after this much recorded time.
    let limit: Millis?
    let shiftToNow: Bool
    let progress: Double

    func run(path: String, publisher: TelemetryPublisher, signals: SignalWaiter) throws {
        let file = SampleFile(path: path, directory: TagDirectory(model: model))
        var shift: Millis = 0
        if shiftToNow {
            // First pass: the recording's span, so its last sample lands on the wall time it is published.
            var first: Millis?
            var last = Millis.min
            try read(file) { sample in
                if first == nil { first = sample.ts }
                last = max(last, sample.ts)
            } reject: { _ in
            }
            if let first {
                let span = min(last - first, limit ?? .max)
                shift = WallClock.millis() + Millis((Double(span) / speedup).rounded()) - (first + span)
            }
        }
        var pacer = Pacer(signals: signals, speedup: speedup)
        var line = ProgressLine(every: progress)
        var first: Millis?
        var horizon = Millis.min
        var pending: [Sample] = []
        var messages: [TelemetryMessage] = []
        var stopped = false
        var rejected = 0
        Console.err(
            "simulate: replaying \(path) at \(SimulationLoop.number(speedup))× recorded speed"
                + (shiftToNow
                    ? ", shifted by \(SimulationLoop.format(abs(shift))) \(shift >= 0 ? "later" : "earlier")" : ""))

        func flush() {
            guard !stopped, let head = pending.first, let origin = first else { return }
            if let signal = pacer.wait(untilOffset: max(head.ts, horizon) - origin) {
                Console.err(
                    "simulate: \(signal == SIGTERM ? "SIGTERM" : "SIGINT"): stopping, waiting for acknowledgements")
                stopped = true
                return
            }
            horizon = max(horizon, head.ts)
            messages.removeAll(keepingCapacity: true)
            if shift != 0 {
                for i in pending.indices { pending[i].ts += shift }
            }
            encoder.encode(pending, batch: batch, into: &messages)
            pending.removeAll(keepingCapacity: true)
            for message in messages where !publisher.publish(message, signals: signals) {
                stopped = true
                return
            }
            if line.due(at: pacer.seconds) {
                Console.err(
                    "simulate: \(Timestamps.rfc3339(head.ts + shift)) +\(SimulationLoop.format(head.ts - origin)) "
                        + "[replay] \(publisher.status)")
            }
        }

        var exhausted = false
        try read(file) { sample in
            guard !stopped, !exhausted else { return }
            if first == nil { first = sample.ts }
            if let limit, let origin = first, sample.ts - origin >= limit {
                exhausted = true
                return
            }
            if let head = pending.first {
                let sameBatch =
                    batch && head.ts == sample.ts
                    && model.tags[Int(head.tag)].enterprise == model.tags[Int(sample.tag)].enterprise
                if !sameBatch { flush() }
            }
            pending.append(sample)
        } reject: { rejection in
            rejected += 1
            if rejected <= 10 {
                Console.err("\(path):\(rejection.line): \(rejection.reason.rawValue): \(rejection.detail)")
            }
        }
        flush()
        if rejected > 0 { Console.err("simulate: \(rejected) lines of \(path) rejected, not published") }
    }

    private func read(_ file: SampleFile, accept: (Sample) -> Void, reject: (SampleFile.Rejection) -> Void) throws {
        do {
            try file.read(accept: accept, reject: reject)
        } catch {
            Console.err("simulate: \(error)")
            throw ExitCode(1)
        }
    }
}
