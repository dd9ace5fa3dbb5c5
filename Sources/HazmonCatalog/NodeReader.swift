import HazmonCore
import Yams

/// The keys of one YAML mapping, already checked against the keys its place allows.
///
/// A mapping here has a handful of keys, so a list searched in order is cheaper than a dictionary:
/// a provincial catalog builds one of these per tag and per rule, hundreds of thousands per load.
struct Fields {
    /// Names the mapping in messages, e.g. `tag 'T101.LT'`.
    let what: String
    let position: SourcePosition
    /// Parallel arrays: comparing short key strings is cheap, copying nodes (reference-counted) is not.
    private let names: [String]
    private let values: [Node]
    private let keyPositions: [SourcePosition]

    init(what: String, position: SourcePosition, names: [String], values: [Node], keyPositions: [SourcePosition]) {
        self.what = what
        self.position = position
        self.names = names
        self.values = values
        self.keyPositions = keyPositions
    }

    subscript(key: String) -> Node? { names.firstIndex(of: key).map { values[$0] } }

    /// The allowed keys present, whatever their values.
    var keys: Set<String> { Set(names) }

    /// The position of a key itself (for "both X and Y given" style problems).
    func keyPosition(_ key: String) -> SourcePosition { names.firstIndex(of: key).map { keyPositions[$0] } ?? position }

    /// `'key' of tag 'T101.LT'`: how messages name one field.
    func field(_ key: String) -> String { "'\(key)' of \(what)" }
}

/// Reads typed values out of the nodes of one file and reports every mismatch with its position.
///
/// Scalars are interpreted here rather than by Yams' resolver: a value is a number only when written
/// as a plain (unquoted) decimal number, a boolean only when plain `true`/`false` (or YAML 1.1's
/// `yes`/`no`/`on`/`off`), so `"90"` or `0x5A` in a limit is reported instead of silently converted.
struct NodeReader {
    let file: String
    let diagnostics: Diagnostics

    func position(of node: Node) -> SourcePosition { SourcePosition(file: file, mark: node.mark) }

    func report(_ message: String, at node: Node) {
        diagnostics.report(message, at: position(of: node))
    }

    // MARK: Structure

    /// The node as a mapping whose keys are all in `allowed`; unknown, non-text keys are reported.
    func fields(_ node: Node, what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(
                "\(what) must be a mapping with keys \(allowed.joined(separator: ", ")); got \(describe(node))",
                at: node)
            return nil
        }
        var names: [String] = []
        var values: [Node] = []
        var keyPositions: [SourcePosition] = []
        names.reserveCapacity(mapping.count)
        values.reserveCapacity(mapping.count)
        keyPositions.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report("keys of \(what) must be plain names; got \(describe(key))", at: key)
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                report(unknownKeyMessage(name, in: what, allowed: allowed), at: key)
                continue
            }
            // Yams has already refused duplicate keys, so each name occurs once.
            names.append(name)
            values.append(value)
            keyPositions.append(position(of: key))
        }
        return Fields(
            what: what, position: position(of: node), names: names, values: values, keyPositions: keyPositions)
    }

    /// The node as a list; reported (and nil) otherwise.
    func list(_ node: Node, what: String, of expected: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report("\(what) must be a list of \(expected); got \(describe(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// Reports a required key that is absent, at the mapping that lacks it.
    func require(_ key: String, in fields: Fields, expected: String) -> Node? {
        if let node = fields[key], !isNull(node) { return node }
        diagnostics.report(
            "\(fields.what) has no '\(key)'; expected \(expected)",
            at: fields[key].map(position(of:)) ?? fields.position)
        return nil
    }

    // MARK: Scalars

    /// Any non-empty scalar as text: names, units, districts (`370303` unquoted is still a code, not a number).
    func text(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report("\(what) must be text; got \(describe(node))", at: node)
            return nil
        }
        return Located(value: scalar.string, position: position(of: node))
    }

    /// An id that can appear in MQTT topics and alarm ids: non-empty, no `/`, `+`, `#` or whitespace.
    func identifier(_ node: Node, what: String) -> Located<String>? {
        guard let id = text(node, what: what) else { return nil }
        if id.value.isEmpty {
            report("\(what) is empty; expected an id", at: node)
            return nil
        }
        if let bad = id.value.first(where: { "/+#".contains($0) || $0.isWhitespace }) {
            let shown = bad.isWhitespace ? "whitespace" : "'\(bad)'"
            report(
                "\(what) contains \(shown); ids must not contain '/', '+', '#' or whitespace (they appear in MQTT topics)",
                at: node)
            return nil
        }
        return id
    }

    /// A finite number written as a plain decimal (`90`, `-2.5`, `1e3`).
    func number(_ node: Node, what: String) -> Located<Double>? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Self.decimal(scalar.string) {
            return Located(value: value, position: position(of: node))
        }
        report("\(what) must be a number; got \(describe(node))", at: node)
        return nil
    }

    /// A whole number within `bounds`.
    func integer(_ node: Node, what: String, in bounds: ClosedRange<Int>) -> Located<Int>? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            report(
                "\(what) must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound); got \(describe(node))",
                at: node)
            return nil
        }
        guard bounds.contains(value) else {
            report(
                "\(what) is \(value); expected a whole number from \(bounds.lowerBound) to \(bounds.upperBound)",
                at: node)
            return nil
        }
        return Located(value: value, position: position(of: node))
    }

    /// `true` or `false`.
    func bool(_ node: Node, what: String) -> Located<Bool>? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            if Self.trueWords.contains(scalar.string) { return Located(value: true, position: position(of: node)) }
            if Self.falseWords.contains(scalar.string) { return Located(value: false, position: position(of: node)) }
        }
        report("\(what) must be true or false; got \(describe(node))", at: node)
        return nil
    }

    /// A duration (`500ms`, `10s`, `5m`, `2h`, `1d`, `0`); `positive` refuses zero where zero makes no sense.
    func duration(_ node: Node, what: String, positive: Bool = false) -> Located<Millis>? {
        guard case .scalar(let scalar) = node, !isNull(node), let millis = DurationParser.parse(scalar.string) else {
            report("\(what) must be a duration such as 500ms, 10s, 5m, 2h or 1d; got \(describe(node))", at: node)
            return nil
        }
        if positive && millis == 0 {
            report("\(what) must be longer than 0; got \(describe(node))", at: node)
            return nil
        }
        return Located(value: millis, position: position(of: node))
    }

    /// One of a fixed set of words (kinds, priorities, functions, directions…), listing them when wrong.
    func choice<Value>(_ node: Node, what: String, from options: [(name: String, value: Value)]) -> Located<Value>? {
        if case .scalar(let scalar) = node, let match = options.first(where: { $0.name == scalar.string }) {
            return Located(value: match.value, position: position(of: node))
        }
        let names = options.map(\.name).joined(separator: ", ")
        report("\(what) must be one of: \(names); got \(describe(node))", at: node)
        return nil
    }

    func priority(_ node: Node, what: String) -> Located<Priority>? {
        choice(node, what: what, from: Priority.allCases.map { ($0.rawValue, $0) })
    }

    // MARK: Helpers

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return Self.nullWords.contains(scalar.string)
    }

    /// How a node reads in "got …" phrases.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            return scalar.style == .plain ? "'\(scalar.string)'" : "\"\(scalar.string)\" (quoted text)"
        }
    }

    private func unknownKeyMessage(_ key: String, in what: String, allowed: [String]) -> String {
        var message = "unknown key '\(key)' in \(what)"
        if let guess = Self.closest(to: key, in: allowed) {
            message += " (did you mean '\(guess)'?)"
        }
        if key == "<<" {
            message += "; YAML merge keys are not supported, use 'profile:' to share settings"
        }
        return message + "; expected one of: " + allowed.joined(separator: ", ")
    }

    /// Plain decimal notation only: rejects hex, `inf`, `nan` and other spellings `Double(_:)` would take.
    static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(text),
            value.isFinite
        else { return nil }
        return value
    }

    private static let trueWords: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    private static let falseWords: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]
    private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// The allowed key within edit distance 2 of a misspelt one (`deadbnad` → `deadband`).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= min(2, max(1, word.count / 3)) else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = Array(0...b.count)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                // A swap of two neighbours (`deadbnad`) is one slip, not two.
                var best = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, beforePrevious[j - 2] + 1)
                }
                current[j] = best
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
