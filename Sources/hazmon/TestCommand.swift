import ArgumentParser
import HazmonCatalog
import HazmonRuleTesting

/// `hazmon test`: rule unit tests in YAML, in the spirit of `promtool test rules` (SPEC §9).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule unit tests: input series through the engine, compared with the expected alarm events.",
        discussion: """
            Each file names a catalog (sensors: PATH relative to the file, or catalog: inline) and test cases \
            with input series, operator actions and expected events; format in Config/tests/README.md. \
            Exit status: 0 all passed, 1 a case failed, 2 a test file could not be parsed or loaded.
            """
    )

    @Argument(help: "Test files (YAML), e.g. Config/tests/*.yaml.")
    var files: [String]

    @Option(name: .long, help: "Runtime config for test files that name none. Default: Config/hazmon.yaml if it exists.")
    var config: String?

    @Flag(name: .long, help: "Print every event each case produced, passed or not.")
    var verbose = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one test file") }
    }

    func run() throws {
        var passed = 0
        var failed = 0
        var broken = 0
        for path in files {
            let file: RuleTestFile
            do {
                file = try RuleTestLoader.load(path: path, defaultConfig: config)
            } catch {
                for problem in error.problems { Console.err(problem.description) }
                Console.err("ERROR \(path): \(error.problems.count) problem(s); its cases did not run")
                broken += 1
                continue
            }
            for result in CaseResult.run(file) {
                for line in result.lines(verbose: verbose) { Console.out(line) }
                if result.passed { passed += 1 } else { failed += 1 }
            }
        }
        var summary = "\(passed) passed, \(failed) failed"
        if broken > 0 { summary += ", \(broken) file(s) could not be loaded" }
        Console.out(summary)
        if broken > 0 { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }
}
