public import HazmonCore

/// One step of an input series: a sample, or a step with no sample (`_`).
public enum SeriesPoint: Sendable, Hashable {
    case sample(value: Double, quality: Quality)
    case missing
}

/// A fault in a compact series, at the character where it starts.
public struct NotationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset of the offending token in the text, in characters from 0.
    public var offset: Int
    /// What was wrong and how to write it instead.
    public var message: String

    /// Creates an error at a character offset.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `column N: message`, the column counted from 1 within the series text.
    public var description: String { "column \(offset + 1): \(message)" }
}

/// The compact series notation of `hazmon test`, after `promtool test rules`.
///
/// Tokens are separated by whitespace; each is one or more steps of `interval`:
/// - `20`, `-1.5`, `1e3`: one good sample;
/// - `20+0.5x40`, `50-1x10`: start, then 40 (10) more steps adding 0.5 (subtracting 1), 41 (11) samples.
///   Values are `start + i × step`, computed from the start each time so long ramps do not drift;
/// - `10x5`: 10 and five more times, six samples (promtool's `axn` = `a+0xn`);
/// - `_`: a step without a sample; `_x3`: three such steps (promtool counts blanks this way);
/// - `bad`: a sample of quality `bad` (its value, NaN, is never used: Appendix B shows bad samples
///   only to `BAD` and `STALE`); `nan`, `inf`, `-inf`: good samples with a non-finite value;
///   `true`, `false`: 1 and 0 for discrete tags. Each takes `xN` like a number (N + 1 samples).
public enum SeriesNotation {
    /// Upper bound of one `xN`, so a typo (`20x4000000000`) is an error and not an out-of-memory kill.
    public static let maxRepeat = 1_000_000

    /// Expands the text into its steps, or throws at the first token that is not in the notation.
    public static func parse(_ text: String) throws(NotationError) -> [SeriesPoint] {
        var points: [SeriesPoint] = []
        for token in tokens(text) {
            try expand(token.text, offset: token.offset, into: &points)
        }
        return points
    }

    /// Whitespace-separated tokens with their character offsets.
    static func tokens(_ text: String) -> [(text: Substring, offset: Int)] {
        var out: [(text: Substring, offset: Int)] = []
        var start: String.Index?
        var startOffset = 0
        var offset = 0
        var index = text.startIndex
        while index < text.endIndex {
            let isSpace = text[index].isWhitespace
            if isSpace, let s = start {
                out.append((text[s..<index], startOffset))
                start = nil
            } else if !isSpace && start == nil {
                start = index
                startOffset = offset
            }
            index = text.index(after: index)
            offset += 1
        }
        if let s = start { out.append((text[s...], startOffset)) }
        return out
    }

    private static func expand(_ token: Substring, offset: Int, into points: inout [SeriesPoint])
        throws(NotationError)
    {
        var head = token
        var count: Int?
        if let x = token.lastIndex(of: "x") {
            head = token[..<x]
            let digits = token[token.index(after: x)...]
            let countOffset = offset + token.distance(from: token.startIndex, to: x) + 1
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) else {
                throw NotationError(
                    offset: countOffset,
                    message: "'\(token)': the count after 'x' must be a whole number of steps, as in 20x5")
            }
            guard n <= maxRepeat else {
                throw NotationError(offset: countOffset, message: "'\(token)': at most \(maxRepeat) repeats per token")
            }
            count = n
            guard !head.isEmpty else {
                throw NotationError(offset: offset, message: "'\(token)': a value must come before 'x', as in 20x5")
            }
        }
        if head == "_" {
            // promtool: `_x3` is three blanks, while `1x3` is four ones.
            points.append(contentsOf: repeatElement(.missing, count: count ?? 1))
            return
        }
        if let keyword = keywordPoint(head) {
            points.append(contentsOf: repeatElement(keyword, count: (count ?? 0) + 1))
            return
        }
        let (start, step) = try ramp(head, offset: offset, token: token)
        if step != nil && count == nil {
            throw NotationError(
                offset: offset, message: "'\(token)': a step needs a count of steps, as in \(head)x10")
        }
        let n = count ?? 0
        points.reserveCapacity(points.count + n + 1)
        for i in 0...n {
            points.append(.sample(value: start + Double(i) * (step ?? 0), quality: .good))
        }
    }

    /// The words that stand for one sample.
    private static func keywordPoint(_ word: Substring) -> SeriesPoint? {
        switch word.lowercased() {
        case "bad": .sample(value: .nan, quality: .bad)
        case "nan": .sample(value: .nan, quality: .good)
        case "inf", "+inf": .sample(value: .infinity, quality: .good)
        case "-inf": .sample(value: -.infinity, quality: .good)
        case "true": .sample(value: 1, quality: .good)
        case "false": .sample(value: 0, quality: .good)
        default: nil
        }
    }

    /// `a`, `a+b` or `a-b`: the start value and the step, if any.
    private static func ramp(_ head: Substring, offset: Int, token: Substring) throws(NotationError)
        -> (start: Double, step: Double?)
    {
        // The sign of the step is the first '+' or '-' after the first character that is not an exponent's.
        var split: Substring.Index?
        var index = head.index(after: head.startIndex)
        while index < head.endIndex {
            let c = head[index]
            let previous = head[head.index(before: index)]
            if (c == "+" || c == "-") && previous != "e" && previous != "E" {
                split = index
                break
            }
            index = head.index(after: index)
        }
        let startText = split.map { head[..<$0] } ?? head
        guard let start = decimal(startText) else {
            throw NotationError(
                offset: offset,
                message: "'\(token)' is not a value; expected a number (20, -1.5, 20+0.5x40, 10x5) "
                    + "or one of _, bad, nan, inf, -inf, true, false")
        }
        guard let split else { return (start, nil) }
        let stepText = head[head.index(after: split)...]
        let stepOffset = offset + head.distance(from: head.startIndex, to: split) + 1
        guard let magnitude = decimal(stepText) else {
            throw NotationError(
                offset: stepOffset, message: "'\(token)': the step '\(stepText)' is not a number, as in 20+0.5x40")
        }
        return (start, head[split] == "-" ? -magnitude : magnitude)
    }

    /// A finite decimal number; refuses what `Double.init` would also take (`0x1p3`, `inf`, `nan`).
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit || ".eE+-".contains($0) }),
            text.contains(where: \.isASCIIDigit), let value = Double(text), value.isFinite
        else { return nil }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
