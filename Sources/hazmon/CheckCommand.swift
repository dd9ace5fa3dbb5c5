import ArgumentParser
import HazmonCatalog
import HazmonCore

/// `hazmon check`: validates catalogs and config, listing every problem as `file:line:col: message`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate catalogs and config; exit 1 listing every error."
    )

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        do {
            let loaded = try CatalogLoader.load(sensors: catalog.sensors, config: catalog.config)
            let model = loaded.model
            let alarms = AlarmEngine(model: model).alarmCount
            Console.out("ok: \(loaded.files.count) file(s), \(model.enterprises.count) enterprise(s), "
                + "\(model.hazardSources.count) hazard source(s), \(model.tags.count) tag(s), "
                + "\(model.votes.count) vote(s), \(alarms) alarm(s)")
        } catch {
            for problem in error.problems { Console.err(problem.description) }
            Console.err("\(error.problems.count) problem(s) found")
            throw ExitCode(1)
        }
    }
}
