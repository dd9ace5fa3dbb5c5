import HazmonCatalog
import HazmonCore
import HazmonIO
import Yams

/// Reads typed values out of one test file's YAML nodes, collecting every problem with its
/// `file:line:col` (the same `CatalogProblem` that `hazmon check` prints) instead of stopping at the first.
///
/// - Important: not thread-safe; one parse owns one reader.
final class YAMLReader {
    let file: String
    private(set) var problems: [CatalogProblem] = []

    init(file: String) { self.file = file }

    func line(of node: Node) -> Int { node.mark?.line ?? 0 }

    func report(_ message: String, at node: Node?) {
        problems.append(
            CatalogProblem(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, message: message))
    }

    /// A problem another parser found (the catalog loader's), kept as it is.
    func report(_ problem: CatalogProblem) { problems.append(problem) }

    func report(_ message: String, line: Int, column: Int) {
        problems.append(CatalogProblem(file: file, line: line, column: column, message: message))
    }

    /// The mapping's values by key; keys outside `allowed` are reported, with the list of allowed ones.
    func mapping(_ node: Node, what: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping with keys \(allowed.joined(separator: ", ")); got \(describe(node))",
                   at: node)
            return nil
        }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, allowed.contains(scalar.string) else {
                report("unknown key \(describe(key)) in \(what); expected one of: \(allowed.joined(separator: ", "))",
                       at: key)
                continue
            }
            out[scalar.string] = value
        }
        return out
    }

    func list(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report("\(what) must be a list; got \(describe(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A required key; reported at the mapping when absent.
    func require(_ key: String, in fields: [String: Node], of owner: Node, what: String) -> Node? {
        if let node = fields[key], !isNull(node) { return node }
        report("\(what) has no '\(key)'", at: fields[key] ?? owner)
        return nil
    }

    func text(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node), !scalar.string.isEmpty else {
            report("\(what) must be text; got \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// One of `choices`, by name.
    func choice<T>(_ node: Node, what: String, _ choices: [(String, T)]) -> T? {
        guard let name = text(node, what: what) else { return nil }
        if let hit = choices.first(where: { $0.0 == name }) { return hit.1 }
        report("\(what) '\(name)' is not one of: \(choices.map(\.0).joined(separator: ", "))", at: node)
        return nil
    }

    func bool(_ node: Node, what: String) -> Bool? {
        choice(node, what: what, [("true", true), ("false", false), ("yes", true), ("no", false)])
    }

    /// A duration (`30s`, `2m`) as milliseconds.
    func duration(_ node: Node, what: String) -> Millis? {
        guard let word = text(node, what: what) else { return nil }
        if let ms = DurationParser.parse(word) { return ms }
        report("\(what) '\(word)' is not a duration; write it like 500ms, 10s, 5m or 2h", at: node)
        return nil
    }

    /// An instant: a duration after `start` (`90s`) or an RFC 3339 time (`2026-01-01T08:00:30Z`).
    func instant(_ node: Node, what: String, start: Millis) -> Millis? {
        guard let word = text(node, what: what) else { return nil }
        if let offset = DurationParser.parse(word) { return start + offset }
        // A bare number would be read as epoch milliseconds by `Timestamps.parse`; refuse it as ambiguous.
        if word.contains(":"), let ms = Timestamps.parse(word) { return ms }
        report("\(what) '\(word)' is neither a time after the start (90s, 5m) nor an RFC 3339 time", at: node)
        return nil
    }

    /// A number, or `nan`/`inf`/`-inf` when `nonFinite` allows them.
    func number(_ node: Node, what: String) -> Double? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = SeriesNotation.decimal(scalar.string[...]) {
            return value
        }
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "nan": return .nan
            case "inf", "+inf": return .infinity
            case "-inf": return -.infinity
            default: break
            }
        }
        report("\(what) must be a number; got \(describe(node))", at: node)
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): isNull(node) ? "nothing" : "'\(scalar.string)'"
        }
    }
}
