/// The MQTT topics telemetry arrives on (SPEC §3): one pattern for single samples, one for batches,
/// each a `/`-separated list of literal levels and the placeholders `{enterprise}` and `{tag}`.
///
/// A topic matching both patterns is a batch: the batch pattern then has one more literal level
/// than the sample pattern (`hz/{enterprise}/batch` beats `hz/{enterprise}/{tag}`), so it is the
/// more specific one, and a tag with that literal's name cannot be published on its own topic.
/// Levels match byte for byte, as MQTT matches topics.
public struct TopicPatterns: Sendable, Hashable {
    /// `hz/{enterprise}/{tag}`: one sample.
    public static let defaultSample = "hz/{enterprise}/{tag}"
    /// `hz/{enterprise}`: a batch of points.
    public static let defaultBatch = "hz/{enterprise}"
    /// The SPEC's topics, `hz/{enterprise}/{tag}` and `hz/{enterprise}`.
    public static let `default` = TopicPatterns(validated: defaultSample, batch: defaultBatch)

    /// The single-sample pattern; it holds `{enterprise}` and `{tag}`.
    public let sample: String
    /// The batch pattern, holding `{enterprise}` only; nil when batches are not accepted.
    public let batch: String?

    let samplePattern: CompiledPattern
    let batchPattern: CompiledPattern?

    /// Validates both patterns: every placeholder is a whole level and appears at most once,
    /// `{enterprise}` is in both, `{tag}` in the sample pattern only, no MQTT wildcard is used.
    public init(sample: String = defaultSample, batch: String? = defaultBatch) throws(TopicPatternError) {
        let samplePattern = try CompiledPattern(sample, isBatch: false)
        let batchPattern = try batch.map { (text) throws(TopicPatternError) in try CompiledPattern(text, isBatch: true)
        }
        self.sample = sample
        self.batch = batch
        self.samplePattern = samplePattern
        self.batchPattern = batchPattern
    }

    private init(validated sample: String, batch: String) {
        // The defaults are constants checked by the tests; a failure here is a programming error.
        do throws(TopicPatternError) { self = try TopicPatterns(sample: sample, batch: batch) } catch {
            preconditionFailure("\(error)")
        }
    }

    /// The MQTT subscription filters covering both patterns (placeholders become `+`), without
    /// a filter another one already covers: `["hz/+/+", "hz/+"]` for the defaults.
    public var subscriptionFilters: [String] {
        let sampleFilter = samplePattern.subscriptionFilter
        guard let batchFilter = batchPattern?.subscriptionFilter else { return [sampleFilter] }
        if Self.filter(sampleFilter, covers: batchFilter) { return [sampleFilter] }
        return [sampleFilter, batchFilter]
    }

    /// What `topic` names, or nil when it matches neither pattern.
    public func match(_ topic: String) -> TopicMatch? {
        var copy = topic
        return copy.withUTF8 { bytes in
            guard let raw = match(bytes) else { return nil }
            return TopicMatch(
                enterprise: String(decoding: UnsafeBufferPointer(rebasing: bytes[raw.enterprise]), as: UTF8.self),
                tag: raw.tag.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) },
                isBatch: raw.isBatch)
        }
    }

    /// Byte ranges of the enterprise and tag levels within `topic`.
    func match(_ topic: UnsafeBufferPointer<UInt8>) -> RawTopicMatch? {
        let slashes = ByteScan.count(0x2F, in: topic)
        if let batchPattern, batchPattern.slashes == slashes, let found = batchPattern.match(topic) { return found }
        return samplePattern.slashes == slashes ? samplePattern.match(topic) : nil
    }

    private static func filter(_ a: String, covers b: String) -> Bool {
        let al = a.split(separator: "/", omittingEmptySubsequences: false)
        let bl = b.split(separator: "/", omittingEmptySubsequences: false)
        return al.count == bl.count && zip(al, bl).allSatisfy { $0 == "+" || $0 == $1 }
    }
}

/// The enterprise and tag a topic names.
public struct TopicMatch: Sendable, Hashable {
    /// The enterprise id, as written in the topic.
    public var enterprise: String
    /// The tag id; nil on the batch topic, whose points name their tags.
    public var tag: String?
    /// True on the batch topic.
    public var isBatch: Bool

    /// What a topic names.
    public init(enterprise: String, tag: String?, isBatch: Bool) {
        self.enterprise = enterprise
        self.tag = tag
        self.isBatch = isBatch
    }
}

/// A topic pattern that cannot be used, with the pattern and what to change.
public struct TopicPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake it is, for code that reacts to it; the description says it to people.
    public struct Code: Sendable, Hashable {
        private enum Value: Sendable, Hashable {
            case empty, wildcard, partialPlaceholder, unknownPlaceholder, repeatedPlaceholder
            case missingEnterprise, missingTag, tagInBatch
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The pattern is empty.
        public static let empty = Code(.empty)
        /// A literal level holds the MQTT wildcard `+` or `#`.
        public static let wildcard = Code(.wildcard)
        /// A placeholder shares its level with other text (`plant-{enterprise}`).
        public static let partialPlaceholder = Code(.partialPlaceholder)
        /// A `{…}` other than `{enterprise}` and `{tag}`.
        public static let unknownPlaceholder = Code(.unknownPlaceholder)
        /// A placeholder appears twice.
        public static let repeatedPlaceholder = Code(.repeatedPlaceholder)
        /// `{enterprise}` is missing.
        public static let missingEnterprise = Code(.missingEnterprise)
        /// The sample pattern has no `{tag}`.
        public static let missingTag = Code(.missingTag)
        /// The batch pattern has a `{tag}`: a batch names its tags in its points.
        public static let tagInBatch = Code(.tagInBatch)
    }

    /// What kind of mistake, for code.
    public let code: Code
    /// The offending pattern.
    public let pattern: String
    /// `topic pattern '…': ` what is wrong and what to write instead.
    public let description: String

    init(_ code: Code, pattern: String, _ message: String) {
        self.code = code
        self.pattern = pattern
        self.description = "topic pattern '\(pattern)': \(message)"
    }
}

/// Byte ranges of a matched topic's levels.
struct RawTopicMatch: Sendable, Hashable {
    var isBatch: Bool
    var enterprise: Range<Int>
    var tag: Range<Int>?
}

/// One pattern split into levels, matched against topic bytes without allocating or reference counting.
struct CompiledPattern: Sendable, Hashable {
    enum Kind: UInt8, Sendable, Hashable { case literal, enterprise, tag }

    /// A level; a literal's bytes are `literals[start..<start + count]`.
    struct Level: Sendable, Hashable {
        var kind: Kind
        var start: Int
        var count: Int
    }

    let levels: [Level]
    let literals: [UInt8]
    let isBatch: Bool
    /// `/` separators in a matching topic.
    var slashes: Int { levels.count - 1 }

    init(_ text: String, isBatch: Bool) throws(TopicPatternError) {
        guard !text.isEmpty else {
            throw TopicPatternError(
                .empty, pattern: text,
                "is empty; the default is '\(isBatch ? TopicPatterns.defaultBatch : TopicPatterns.defaultSample)'")
        }
        var levels: [Level] = []
        var literals: [UInt8] = []
        func has(_ kind: Kind) -> Bool { levels.contains { $0.kind == kind } }
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "{enterprise}":
                guard !has(.enterprise) else {
                    throw TopicPatternError(
                        .repeatedPlaceholder, pattern: text, "{enterprise} appears more than once; use it once")
                }
                levels.append(Level(kind: .enterprise, start: 0, count: 0))
            case "{tag}":
                guard !isBatch else {
                    throw TopicPatternError(
                        .tagInBatch, pattern: text,
                        "a batch pattern cannot hold {tag}: each point of a batch names its tag; remove the level")
                }
                guard !has(.tag) else {
                    throw TopicPatternError(
                        .repeatedPlaceholder, pattern: text, "{tag} appears more than once; use it once")
                }
                levels.append(Level(kind: .tag, start: 0, count: 0))
            default:
                if part.contains("{enterprise}") || part.contains("{tag}") {
                    throw TopicPatternError(
                        .partialPlaceholder, pattern: text,
                        "the level '\(part)' mixes a placeholder with other text; a placeholder must be a whole"
                            + " level, as in 'plant/{enterprise}/…'"
                    )
                }
                if part.contains("{") || part.contains("}") {
                    throw TopicPatternError(
                        .unknownPlaceholder, pattern: text,
                        "the level '\(part)' is not a known placeholder; only {enterprise} and {tag} are")
                }
                if part.contains("+") || part.contains("#") || part.contains("\0") {
                    throw TopicPatternError(
                        .wildcard, pattern: text,
                        "the level '\(part)' holds an MQTT wildcard (+ or #) or NUL; write a placeholder or a"
                            + " plain name"
                    )
                }
                levels.append(Level(kind: .literal, start: literals.count, count: part.utf8.count))
                literals.append(contentsOf: part.utf8)
            }
        }
        guard has(.enterprise) else {
            throw TopicPatternError(
                .missingEnterprise, pattern: text, "has no {enterprise} level; add one, as in 'hz/{enterprise}…'")
        }
        if !isBatch, !has(.tag) {
            throw TopicPatternError(
                .missingTag, pattern: text, "a sample pattern needs a {tag} level, as in 'hz/{enterprise}/{tag}'")
        }
        self.levels = levels
        self.literals = literals
        self.isBatch = isBatch
    }

    var subscriptionFilter: String {
        levels.map { level in
            switch level.kind {
            case .literal: String(decoding: literals[level.start..<level.start + level.count], as: UTF8.self)
            case .enterprise, .tag: "+"
            }
        }.joined(separator: "/")
    }

    func match(_ topic: UnsafeBufferPointer<UInt8>) -> RawTopicMatch? {
        levels.withUnsafeBufferPointer { levels in
            literals.withUnsafeBufferPointer { literals in
                var start = 0
                var enterprise = 0..<0
                var tag: Range<Int>?
                for k in 0..<levels.count {
                    let end = ByteScan.firstIndex(of: 0x2F, in: topic, from: start)
                    let isLast = k == levels.count - 1
                    // Every level but the last ends at a '/'; the last one ends the topic.
                    if isLast ? end != topic.count : end == topic.count { return nil }
                    let level = levels[k]
                    switch level.kind {
                    case .literal:
                        guard level.count == end - start else { return nil }
                        for j in 0..<level.count where literals[level.start + j] != topic[start + j] { return nil }
                    case .enterprise: enterprise = start..<end
                    case .tag: tag = start..<end
                    }
                    start = end + 1
                }
                return RawTopicMatch(isBatch: isBatch, enterprise: enterprise, tag: tag)
            }
        }
    }
}
