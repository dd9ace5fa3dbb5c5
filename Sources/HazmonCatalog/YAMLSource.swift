import Foundation
import Yams

/// Reads one YAML file into a node tree that keeps every node's line and column.
///
/// Uses Yams' node API (`compose`) rather than Codable, because Codable drops the marks that
/// `file:line:col` messages need. The basic resolver skips Yams' per-scalar regular expressions:
/// `NodeReader` interprets scalars itself, which also keeps a 100 k-tag catalog fast to load.
enum YAMLSource {
    /// The root node, or nil after reporting why there is none (missing file, syntax error, empty file).
    /// With `emptyIsMapping` a file without content (or only comments) reads as `{}`: a config that sets
    /// nothing is valid, a catalog that describes nothing is not.
    static func load(_ file: String, diagnostics: Diagnostics, emptyIsMapping: Bool = false) -> Node? {
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            diagnostics.report(exists ? "cannot read the file" : "file not found", file: file)
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.report("the file is not UTF-8 text", file: file)
            return nil
        }
        return parse(text, file: file, diagnostics: diagnostics, emptyIsMapping: emptyIsMapping)
    }

    /// Parses YAML text; syntax errors become problems at libyaml's position.
    static func parse(_ text: String, file: String, diagnostics: Diagnostics, emptyIsMapping: Bool = false) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text, .basic) else {
                if emptyIsMapping { return Node([(Node, Node)]()) }
                diagnostics.report(
                    "the file is empty; expected a YAML mapping", at: .init(file: file, line: 1, column: 1))
                return nil
            }
            return root
        } catch let error as YamlError {
            report(error, file: file, diagnostics: diagnostics)
            return nil
        } catch {
            diagnostics.report("YAML error: \(error)", at: .init(file: file, line: 1, column: 1))
            return nil
        }
    }

    /// Turns Yams' error cases into one position and a one-line message (Yams' own text spans lines).
    private static func report(_ error: YamlError, file: String, diagnostics: Diagnostics) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            diagnostics.report(message, at: .init(file: file, mark: mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.report(
                "duplicate key \(keys) in one mapping; each key may appear once",
                at: .init(file: file, mark: context.mark))
        case .reader(let problem, let offset, _, let yaml):
            let position = offset.map { lineAndColumn(ofCharacter: $0, in: yaml) } ?? (line: 1, column: 1)
            diagnostics.report(
                "cannot read the YAML text: \(problem)",
                at: .init(file: file, line: position.line, column: position.column))
        default:
            diagnostics.report("YAML error: \(error)", at: .init(file: file, line: 1, column: 1))
        }
    }

    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
