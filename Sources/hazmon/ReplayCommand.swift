import ArgumentParser
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonReport

#if canImport(Glibc)
import Glibc
#endif

/// `hazmon replay`: recorded telemetry through the engine at full speed, events to a JSON-lines file.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded samples (CSV or JSON lines) through the alarm engine.",
        discussion: """
            CSV input needs the header ts,enterprise,tag,value[,quality] (ts epoch ms or RFC 3339; value a \
            number, true/false, NaN or Infinity). JSON lines carry {"ts","enterprise","tag","v","q"}. \
            Samples run in file order; the watermark (the clock for STALE) is the newest sample time. \
            --inspections and --risk also run the service's inspection policy and risk score with the watermark \
            as their clock (either flag runs both; each writes its own file).
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(name: .long, help: "Recorded samples: .csv, or .jsonl/.ndjson for JSON lines.")
    var input: String

    @Option(name: .long, help: "Where to write the alarm events, one JSON object per line ('-' for stdout).")
    var events: String

    @Option(name: .long, help: "Print at most this many rejected lines with their line numbers.")
    var showRejected: Int = 10

    @Flag(name: .long, help: "Also print every event as a line on the terminal, coloured by priority.")
    var print = false

    @Flag(name: .long, help: "Print the ISA-18.2 / EEMUA 191 alarm-quality report after the summary.")
    var report = false

    @Option(name: .long, help: "Write the alarm-quality report (and the comparison, with --compare) as JSON.")
    var reportJson: String?

    @Option(name: .long, help: ArgumentHelp(
        "Replay the same input through this other catalog (file or folder, same --config) and compare.",
        valueName: "sensors"))
    var compare: String?

    @Option(name: .long, help: ArgumentHelp(
        "An event time (RFC 3339 or epoch ms), e.g. a fault start: first fires count from it.", valueName: "time"))
    var reference: String?

    @Option(name: .long, help: ArgumentHelp("Write one SVG trend per tag with alarms into this folder.",
                                            valueName: "dir"))
    var plot: String?

    @Flag(name: .long, help: "With --plot: a trend for every tag that had samples, not only those with alarms.")
    var plotAll = false

    @Option(name: .long, help: ArgumentHelp(
        "Also run the inspection policy (SPEC §7) on event time; write each task change as a JSON line.",
        valueName: "file"))
    var inspections: String?

    @Option(name: .long, help: ArgumentHelp(
        "Also run the risk score (SPEC §8) on event time; write each changed assessment as a JSON line.",
        valueName: "file"))
    var risk: String?

    func validate() throws {
        if let reference, Timestamps.parse(reference) == nil {
            throw ValidationError("--reference must be an RFC 3339 time or epoch milliseconds, not '\(reference)'")
        }
        if plotAll, plot == nil { throw ValidationError("--plot-all needs --plot DIR") }
    }

    func run() throws {
        let loaded = try catalog.load(orElse: "nothing replayed")
        let wantsAnalysis = report || reportJson != nil || compare != nil || plot != nil
        let referenceTime = reference.flatMap { Timestamps.parse($0) }
        var analysis = wantsAnalysis ? ReplayAnalysis(model: loaded.model, reference: referenceTime, plots: plot != nil)
                                     : nil
        let outcome: ReplayOutcome
        var supervision: ReplaySupervision?
        do {
            if inspections != nil || risk != nil {
                supervision = try ReplaySupervision(
                    model: loaded.model, config: loaded.config, inspections: inspections, risk: risk)
            }
            outcome = try Replayer(model: loaded.model).run(
                input: input, eventsPath: events, showRejected: showRejected, printEvents: print,
                analysis: &analysis, supervision: &supervision) { Console.err($0) }
        } catch {
            Console.err("error: \(error)")
            throw ExitCode(1)
        }
        Console.out(outcome.summary(input: input, events: events))
        if let supervision {
            Console.out(supervision.summary(inspections: inspections, risk: risk).joined(separator: "\n"))
        }
        guard let analysis else { return }
        do {
            try ReplayReporting(command: self, analysis: analysis, config: catalog.config, reference: referenceTime)
                .run()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.err("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The outcome of one replay, for the summary.
struct ReplayOutcome {
    var samples = 0
    var accepted = 0
    var rejected: [RejectReason: Int] = [:]
    var eventsByCondition: [Condition: Int] = [:]
    var eventsByTransition: [Transition: Int] = [:]
    var events = 0
    var windowOverflows: UInt64 = 0
    var seconds = 0.0

    func summary(input: String, events path: String) -> String {
        var lines = ["replayed \(input)"]
        lines.append("  samples:   \(samples) read, \(accepted) evaluated, \(samples - accepted) rejected")
        for reason in RejectReason.allCases { if let n = rejected[reason] { lines.append("    \(reason.rawValue): \(n)") } }
        lines.append("  events:    \(events) written to \(path)")
        for condition in Condition.allCases {
            guard let n = eventsByCondition[condition] else { continue }
            lines.append("    \(condition.rawValue): \(n)")
        }
        let transitions = Transition.allCases.compactMap { t in eventsByTransition[t].map { "\(t.name) \($0)" } }
        if !transitions.isEmpty { lines.append("    by transition: " + transitions.joined(separator: ", ")) }
        if windowOverflows > 0 {
            lines.append("  warning: \(windowOverflows) samples fell out of full ROC/WINDOW rings; raise window_samples")
        }
        let rate = seconds > 0 ? Double(samples) / seconds : 0
        lines.append("  wall time: \(Self.fixed(seconds, 3)) s, \(Int(rate.rounded())) samples/s")
        return lines.joined(separator: "\n")
    }

    static func fixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (x * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled) - whole * Int(scale)
        let fracText = String(frac)
        return "\(whole).\(String(repeating: "0", count: digits - fracText.count))\(fracText)"
    }
}

/// Runs a sample file through a fresh engine and writes every event.
struct Replayer {
    let model: EngineModel

    func run(input: String, eventsPath: String?, showRejected: Int, printEvents: Bool = false,
             analysis: inout ReplayAnalysis?, supervision: inout ReplaySupervision?,
             log: (String) -> Void) throws -> ReplayOutcome {
        var engine = AlarmEngine(model: model)
        let renderer = EventRenderer(engine: engine)
        let printer = printEvents ? EventPrinter(renderer: renderer) : nil
        let output = try eventsPath.map { path throws(FileError) in try OutputFile(path: path) }
        var outcome = ReplayOutcome()
        var buffer: [AlarmEvent] = []
        buffer.reserveCapacity(1024)
        var shown = 0
        var writeError: FileError?
        // Supervision only when asked for: the plain replay pays one nil check per sample.
        let supervising = supervision != nil
        let started = Clock.now()
        let file = SampleFile(path: input, directory: TagDirectory(model: model))
        try file.read(
            accept: { sample in
                outcome.samples += 1
                if supervising {
                    do throws(FileError) { try supervision!.willProcess(sample, engine: engine) } catch {
                        writeError = error
                    }
                }
                switch engine.process(sample, into: &buffer) {
                case .accepted:
                    outcome.accepted += 1
                    analysis?.record(sample)
                case .late: outcome.rejected[.late, default: 0] += 1
                case .duplicate: outcome.rejected[.duplicate, default: 0] += 1
                case .unknownTag: outcome.rejected[.unknownTag, default: 0] += 1
                }
                if supervising {
                    do throws(FileError) {
                        try supervision!.didProcess(buffer, engine: engine, renderer: renderer)
                    } catch { writeError = error }
                }
                guard !buffer.isEmpty else { return }
                for event in buffer {
                    outcome.events += 1
                    outcome.eventsByCondition[renderer.names(event).condition, default: 0] += 1
                    outcome.eventsByTransition[event.transition, default: 0] += 1
                    analysis?.record(event)
                    if let output {
                        do throws(FileError) { try output.writeLine(renderer.json(event)) } catch { writeError = error }
                    }
                    if let printer { Console.out(printer.line(event)) }
                }
                buffer.removeAll(keepingCapacity: true)
            },
            reject: { rejection in
                outcome.samples += 1
                outcome.rejected[rejection.reason, default: 0] += 1
                if shown < showRejected {
                    log("\(input):\(rejection.line): \(rejection.reason.rawValue): \(rejection.detail)")
                    shown += 1
                }
            })
        try output?.flush()
        if let writeError { throw writeError }
        try supervision?.finish(engine: engine)
        outcome.windowOverflows = engine.windowOverflows
        outcome.seconds = Clock.now() - started
        return outcome
    }
}
