import Yams

/// Where a value was written: the file as the caller named it and the YAML mark of its node.
struct SourcePosition: Hashable, Sendable {
    var file: String
    var line: Int
    var column: Int

    init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The position of a YAML node; composed nodes always carry a mark, so 0:0 only marks the whole file.
    init(file: String, mark: Mark?) {
        self.init(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    /// `file:line:col`, for messages that point at a second place (e.g. the first of two duplicates).
    var description: String { "\(file):\(line):\(column)" }
}

/// A value together with the place it was written, so a later cross-check (limit order, profile
/// merge, duplicate ids) can point at the right node even after values from two files were merged.
struct Located<Value> {
    var value: Value
    var position: SourcePosition
}

extension Located: Sendable where Value: Sendable {}

/// Collects problems instead of stopping at the first: users fix a config in one pass (STYLE habit 6).
///
/// - Important: not thread-safe; one load owns one instance.
final class Diagnostics {
    private(set) var problems: [CatalogProblem] = []

    func report(_ message: String, at position: SourcePosition) {
        problems.append(
            CatalogProblem(file: position.file, line: position.line, column: position.column, message: message))
    }

    /// A problem about a whole file (missing, unreadable, empty folder).
    func report(_ message: String, file: String) {
        problems.append(CatalogProblem(file: file, line: 0, column: 0, message: message))
    }

    /// Problems another `Diagnostics` collected (one per file while files parse in parallel).
    func append(_ more: [CatalogProblem]) {
        problems.append(contentsOf: more)
    }

    var isEmpty: Bool { problems.isEmpty }
    var count: Int { problems.count }
}
