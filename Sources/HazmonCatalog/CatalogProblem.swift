/// One thing wrong in a catalog, profile or config file, at the YAML position of the offending node.
///
/// `line` and `column` start at 1, columns counted in Unicode scalars (libyaml's count). A problem that
/// concerns a whole file (not found, unreadable, a folder without catalogs) has line and column 0.
public struct CatalogProblem: Sendable, Hashable {
    /// The file as the caller named it (relative paths stay relative), so editors can jump to it.
    public var file: String
    /// Line of the offending node, from 1; 0 when the problem concerns the whole file.
    public var line: Int
    /// Column of the offending node, from 1, in Unicode scalars; 0 when the problem concerns the whole file.
    public var column: Int
    /// What was wrong and what is expected instead.
    public var message: String

    /// Creates a problem at a position; line and column 0 mean "the file as a whole".
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:col: message`, the format compilers use so editors and CI annotate it;
    /// `file: message` when the problem has no position.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

extension CatalogProblem: Comparable {
    /// Orders by file, line, column, then message, so reports are stable from run to run.
    public static func < (lhs: CatalogProblem, rhs: CatalogProblem) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// Every problem found while loading a catalog or config, so one `hazmon check` shows them all.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    /// All problems, sorted by file, line and column, without duplicates.
    public var problems: [CatalogProblem]

    /// Sorts and de-duplicates the problems (a profile shared by many tags reports its own faults once).
    public init(problems: [CatalogProblem]) {
        self.problems = Array(Set(problems)).sorted()
    }

    /// One problem per line, as `hazmon check` prints them.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
