import ArgumentParser

/// `hazmon`: real-time risk monitor for major hazard sources (SPEC §9).
@main
struct Hazmon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hazmon",
        abstract: "Real-time alarm and risk monitor for hazardous-chemical sites.",
        subcommands: [
            CheckCommand.self, ReplayCommand.self, RunCommand.self, SimulateCommand.self, DemoCommand.self,
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
