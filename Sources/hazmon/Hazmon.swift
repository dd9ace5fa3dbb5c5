import ArgumentParser
import HazmonCatalog

/// `hazmon`: real-time risk monitor for major hazard sources (SPEC §9).
@main
struct Hazmon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hazmon",
        abstract: "Real-time alarm and risk monitor for hazardous-chemical sites.",
        subcommands: [
            CheckCommand.self, ReplayCommand.self, TestCommand.self, RunCommand.self, SimulateCommand.self,
            DemoCommand.self, JournalCommand.self, TokenCommand.self,
        ]
    )
}

/// Options every command that loads a catalog shares.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "A catalog file or a folder of them (Sensors/…).")
    var sensors: String

    @Option(name: .long, help: "Runtime config (YAML). Default: Config/hazmon.yaml if it exists.")
    var config: String?
}

extension CatalogOptions {
    /// Loads the catalogs and config, or prints every problem as `file:line:col: message` and
    /// exits 1 saying what did not happen (`consequence`, e.g. "nothing replayed").
    func load(orElse consequence: String) throws -> LoadedCatalog {
        do {
            return try CatalogLoader.load(sensors: sensors, config: config)
        } catch {
            for problem in error.problems { Console.err(problem.description) }
            Console.err("\(error.problems.count) problem(s) in the catalog or config; \(consequence)")
            throw ExitCode(1)
        }
    }
}
