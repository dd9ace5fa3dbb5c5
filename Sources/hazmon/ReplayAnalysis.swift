import ArgumentParser
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonReport

#if canImport(Glibc)
import Glibc
#endif

/// What `replay --report/--compare/--plot` gathers beside the engine: the alarm-quality report
/// and, with `--plot`, the per-tag traces. Both have memory bounded by the catalog.
struct ReplayAnalysis {
    let model: EngineModel
    var report: AlarmQualityReport
    var plots: PlotRecorder?

    init(model: EngineModel, reference: Millis?, plots: Bool) {
        self.model = model
        report = AlarmQualityReport(engine: AlarmEngine(model: model), reference: reference)
        self.plots = plots ? PlotRecorder(alarms: report.alarms, tags: model.tags.count) : nil
    }

    /// An accepted sample: it widens the report's period and, unless bad, joins the tag's trend.
    mutating func record(_ sample: Sample) {
        report.observeSample(at: sample.ts)
        if sample.quality != .bad { plots?.record(tag: Int(sample.tag), ts: sample.ts, value: sample.value) }
    }

    mutating func record(_ event: AlarmEvent) {
        report.record(event)
        plots?.record(event)
    }
}

/// Prints and writes what the analysis flags of `replay` asked for, after the replay summary.
struct ReplayReporting {
    let command: ReplayCommand
    let analysis: ReplayAnalysis
    let config: String?
    let reference: Millis?

    func run() throws {
        let summary = analysis.report.summary()
        if command.report {
            Console.out("")
            Console.out(ReportTable.render(summary))
        }
        var comparison: CatalogComparison?
        if let other = command.compare {
            let compared = try replayOther(other)
            comparison = CatalogComparison(base: summary, other: compared)
            Console.out("")
            Console.out(ComparisonTable.render(comparison!, baseName: command.catalog.sensors, otherName: other))
        }
        if let path = command.reportJson {
            let json = comparison.map { ComparisonTable.value($0, baseName: command.catalog.sensors, otherName: command.compare!) }
                ?? ReportJSON.value(summary)
            let file = try OutputFile(path: path)
            try file.writeLine(json.text())
            try file.flush()
            if path != "-" { Console.out("report JSON written to \(path)") }
        }
        if let dir = command.plot {
            let written = try writePlots(into: dir, from: summary.start ?? 0, to: summary.end ?? 0)
            Console.out("plots: \(written) SVG file(s) in \(dir)")
        }
    }

    /// The same input through the `--compare` catalog (no events file), for its report.
    private func replayOther(_ sensors: String) throws -> AlarmQualitySummary {
        let loaded: LoadedCatalog
        do {
            loaded = try CatalogLoader.load(sensors: sensors, config: config)
        } catch {
            for problem in error.problems { Console.err(problem.description) }
            Console.err("\(error.problems.count) problem(s) in the --compare catalog; nothing compared")
            throw ExitCode(1)
        }
        var other: ReplayAnalysis? = ReplayAnalysis(model: loaded.model, reference: reference, plots: false)
        var noSupervision: ReplaySupervision? = nil
        let outcome = try Replayer(model: loaded.model).run(
            input: command.input, eventsPath: nil, showRejected: 0, analysis: &other,
            supervision: &noSupervision) { _ in }
        Console.out("")
        Console.out("compared: \(sensors) over the same input: \(outcome.accepted) of \(outcome.samples) samples "
            + "evaluated, \(outcome.events) events (not written)")
        return other!.report.summary()
    }

    /// One SVG per plotted tag, named `ENTERPRISE_TAG.svg` (characters outside `[A-Za-z0-9._-]` as `_`).
    private func writePlots(into dir: String, from: Millis, to: Millis) throws -> Int {
        guard let plots = analysis.plots else { return 0 }
        if mkdir(dir, 0o755) != 0, errno != EEXIST {
            Console.err("error: cannot create the plot folder \(dir): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        var written = 0
        for t in plots.plottedTags(onlyAlarmed: !command.plotAll) {
            let tag = analysis.model.tags[t]
            let enterprise = analysis.model.enterprises[tag.enterprise].id
            let svg = SVGPlot.render(tag: tag, enterprise: enterprise, trace: plots.traces[t], from: from, to: to)
            let file = try OutputFile(path: dir + "/" + Self.fileName(enterprise + "_" + tag.id) + ".svg")
            try file.write(svg)
            try file.flush()
            written += 1
        }
        return written
    }

    static func fileName(_ text: String) -> String {
        String(text.map { ch in
            ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "-" || ch == "_") ? ch : "_"
        })
    }
}
