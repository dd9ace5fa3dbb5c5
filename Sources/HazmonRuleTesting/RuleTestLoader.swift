public import HazmonCatalog
public import HazmonCore
import HazmonIO
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// Reads a rule test file (format: `Config/tests/README.md`) and resolves it against its catalog.
///
/// Decisions where the spec is silent:
/// - A test file names its catalog by path (`sensors:`, relative to the test file) or inline
///   (`catalog:`, Appendix A), never both. `config:` is relative to the test file too; without it the
///   caller's default applies (the CLI's `--config`, else `Config/hazmon.yaml` in the working folder,
///   exactly as `hazmon check`), so a catalog that names profiles should say which config it means.
/// - Times are written as a duration after the case's `start` (`90s`) or as RFC 3339. A bare number is
///   refused: it could be seconds or epoch milliseconds. `start` defaults to 2026-01-01T00:00:00Z and
///   `interval` to 1s; both can be set for the file and overridden per case and per series.
/// - Names in series, actions and expectations are checked against the catalog (unknown tag, a
///   condition the tag has no rule for), so a typo fails as a parse error (exit 2), not as a missing event.
public enum RuleTestLoader {
    /// The start when a file sets none.
    public static let defaultStart: Millis = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    /// Reads and parses the test file at `path`.
    /// - Parameter defaultConfig: the runtime config for a file that names none (nil: the `hazmon check` default).
    /// - Throws: `CatalogError` with every problem of the test file and its catalog, as `file:line:col`.
    public static func load(path: String, defaultConfig: String?) throws(CatalogError) -> RuleTestFile {
        let text: String
        do { text = try readText(path) } catch {
            throw CatalogError(problems: [CatalogProblem(file: path, line: 0, column: 0, message: "\(error)")])
        }
        return try parse(text, path: path, defaultConfig: defaultConfig)
    }

    /// Parses test-file text; `path` names it in messages and anchors relative paths.
    public static func parse(_ text: String, path: String, defaultConfig: String?) throws(CatalogError)
        -> RuleTestFile
    {
        let root = try CatalogLoader.composeYAML(text, file: path)
        let reader = YAMLReader(file: path)
        let keys = ["sensors", "catalog", "config", "enterprise", "start", "interval", "tests"]
        guard let top = reader.mapping(root, what: "the test file", allowed: keys) else {
            throw CatalogError(problems: reader.problems)
        }
        let config = top["config"].flatMap { reader.text($0, what: "'config'") }.map { resolve($0, relativeTo: path) }
            ?? defaultConfig
        let catalog = loadCatalog(top, root: root, config: config, reader: reader)
        guard let catalog, reader.problems.isEmpty else { throw CatalogError(problems: reader.problems) }

        var defaults = CaseDefaults(start: defaultStart, interval: 1000, enterprise: nil)
        if let node = top["start"] { defaults.start = reader.instant(node, what: "'start'", start: 0) ?? defaultStart }
        if let node = top["interval"] { defaults.interval = positive(node, what: "'interval'", reader) ?? 1000 }
        if let node = top["enterprise"] {
            defaults.enterprise = reader.text(node, what: "'enterprise'")
        } else if catalog.model.enterprises.count == 1 {
            defaults.enterprise = catalog.model.enterprises[0].id
        }
        var cases: [RuleTestCase] = []
        if let node = reader.require("tests", in: top, of: root, what: "the test file"),
            let items = reader.list(node, what: "'tests'")
        {
            let parser = CaseParser(reader: reader, catalog: catalog, engine: AlarmEngine(model: catalog.model))
            for item in items {
                if let parsed = parser.parse(item, defaults: defaults) { cases.append(parsed) }
            }
            if items.isEmpty { reader.report("'tests' is empty; a test file needs at least one case", at: node) }
        }
        guard reader.problems.isEmpty else { throw CatalogError(problems: reader.problems) }
        return RuleTestFile(path: path, catalog: catalog, cases: cases)
    }

    /// The catalog by path or inline; its problems join the test file's.
    private static func loadCatalog(_ top: [String: Node], root: Node, config: String?, reader: YAMLReader)
        -> LoadedCatalog?
    {
        switch (top["sensors"], top["catalog"]) {
        case (nil, nil):
            reader.report("the test file has no catalog: give 'sensors: PATH' (relative to this file) or "
                + "'catalog:' with an enterprise inline", at: root)
            return nil
        case (.some(let path), .some):
            reader.report("give either 'sensors' or 'catalog', not both", at: path)
            return nil
        case (.some(let node), nil):
            guard let name = reader.text(node, what: "'sensors'") else { return nil }
            let sensors = resolve(name, relativeTo: reader.file)
            guard access(sensors, F_OK) == 0 else {
                reader.report("catalog '\(sensors)' not found; 'sensors' is relative to the test file", at: node)
                return nil
            }
            return collect(reader) { () throws(CatalogError) in try CatalogLoader.load(sensors: sensors, config: config) }
        case (nil, .some(let node)):
            return collect(reader) { () throws(CatalogError) in
                try CatalogLoader.load(catalog: node, file: reader.file, config: config)
            }
        }
    }

    private static func collect(_ reader: YAMLReader, _ body: () throws(CatalogError) -> LoadedCatalog)
        -> LoadedCatalog?
    {
        do { return try body() } catch {
            for problem in error.problems { reader.report(problem) }
            return nil
        }
    }

    static func positive(_ node: Node, what: String, _ reader: YAMLReader) -> Millis? {
        guard let ms = reader.duration(node, what: what) else { return nil }
        guard ms > 0 else {
            reader.report("\(what) must be longer than 0", at: node)
            return nil
        }
        return ms
    }

    /// `name` relative to the folder of `file`; absolute names stay as they are.
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return name }
        guard let slash = file.lastIndex(of: "/") else { return name }
        return String(file[...slash]) + name
    }

    /// The whole file as text, lines joined with `\n` (a CR before it dropped), so YAML marks stay exact.
    static func readText(_ path: String) throws -> String {
        var lines: [String] = []
        try LineReader(path: path).forEachLine { _, bytes in lines.append(String(decoding: bytes, as: UTF8.self)) }
        return lines.joined(separator: "\n")
    }
}

/// Settings a case inherits from its file.
struct CaseDefaults {
    var start: Millis
    var interval: Millis
    var enterprise: String?
}
