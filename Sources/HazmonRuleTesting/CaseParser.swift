import HazmonCatalog
import HazmonCore
import Yams

/// Parses one entry of `tests:` and resolves its names against the catalog.
struct CaseParser {
    let reader: YAMLReader
    let catalog: LoadedCatalog
    /// Built once per file: alarm indices for (tag, condition) and votes come from the engine's layout.
    let engine: AlarmEngine

    static let caseKeys = [
        "name", "start", "interval", "enterprise", "series", "actions", "advance_to", "match", "expect",
    ]
    static let seriesKeys = ["tag", "enterprise", "values", "samples", "interval"]
    static let sampleKeys = ["t", "v", "q"]
    static let actionKeys = ["t", "action", "tag", "condition", "enterprise", "hazard_source", "for", "until", "on"]
    static let expectKeys = [
        "t", "tag", "condition", "transition", "enterprise", "state", "priority", "value", "annunciated",
    ]
    static let conditions = Condition.allCases.map { ($0.rawValue, $0) }
    static let transitions = Transition.allCases.map { ($0.name, $0) }
    static let states: [(String, AlarmState)] = [("normal", .normal), ("unack", .unack), ("ack", .ack),
                                                 ("rtn_unack", .rtnUnack)]
    static let priorities = Priority.allCases.map { ($0.rawValue, $0) }
    static let qualities: [(String, Quality)] = [("good", .good), ("uncertain", .uncertain), ("bad", .bad)]
    static let actions = ["ack", "shelve", "unshelve", "out_of_service", "maintenance"]

    func parse(_ node: Node, defaults: CaseDefaults) -> RuleTestCase? {
        guard let fields = reader.mapping(node, what: "a test case", allowed: Self.caseKeys) else { return nil }
        let name = reader.require("name", in: fields, of: node, what: "the test case")
            .flatMap { reader.text($0, what: "'name'") } ?? "?"
        var context = defaults
        if let n = fields["start"] { context.start = reader.instant(n, what: "'start'", start: 0) ?? context.start }
        if let n = fields["interval"] {
            context.interval = RuleTestLoader.positive(n, what: "'interval'", reader) ?? context.interval
        }
        if let n = fields["enterprise"] { context.enterprise = reader.text(n, what: "'enterprise'") }

        var timed: [(sample: Sample, order: Int)] = []
        if let n = fields["series"], let items = reader.list(n, what: "'series'") {
            for item in items { series(item, context: context, into: &timed) }
        }
        // Across tags in time order; at one time, in the order the series are written.
        let samples = timed.enumerated().sorted { a, b in
            (a.element.sample.ts, a.offset) < (b.element.sample.ts, b.offset)
        }.map(\.element.sample)
        var actions: [OperatorAction] = []
        if let n = fields["actions"], let items = reader.list(n, what: "'actions'") {
            actions = items.compactMap { action($0, context: context) }
        }
        var expected: [ExpectedEvent] = []
        if let n = fields["expect"], !reader.isNull(n), let items = reader.list(n, what: "'expect'") {
            expected = items.compactMap { expectation($0, context: context) }
        }
        let match = fields["match"].flatMap {
            reader.choice($0, what: "'match'", [("exact", MatchMode.exact), ("contains", .contains)])
        } ?? .exact
        let advance = fields["advance_to"].flatMap { reader.instant($0, what: "'advance_to'", start: context.start) }
        if fields["expect"] == nil {
            reader.report("test case '\(name)' has no 'expect'; write 'expect: []' to require that nothing happens",
                          at: node)
        }
        return RuleTestCase(
            name: name, line: reader.line(of: node), start: context.start, samples: samples,
            actions: actions.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }
                .map(\.element),
            advanceTo: advance, match: match, expected: expected)
    }

    // MARK: Series

    private func series(_ node: Node, context: CaseDefaults, into timed: inout [(sample: Sample, order: Int)]) {
        guard let fields = reader.mapping(node, what: "a series", allowed: Self.seriesKeys),
            let tag = tagIndex(fields, owner: node, context: context)
        else { return }
        let interval = fields["interval"].flatMap { RuleTestLoader.positive($0, what: "'interval'", reader) }
            ?? context.interval
        switch (fields["values"], fields["samples"]) {
        case (.some(let values), nil):
            guard let points = compact(values) else { return }
            for (i, point) in points.enumerated() {
                guard case .sample(let value, let quality) = point else { continue }
                let ts = context.start + Millis(i) * interval
                timed.append((Sample(tag: Int32(tag), ts: ts, value: value, quality: quality), timed.count))
            }
        case (nil, .some(let list)):
            guard let items = reader.list(list, what: "'samples'") else { return }
            for item in items {
                guard let sample = explicitSample(item, tag: tag, start: context.start) else { continue }
                timed.append((sample, timed.count))
            }
        case (.some(let values), .some):
            reader.report("a series has either 'values' (compact) or 'samples' (a list), not both", at: values)
        case (nil, nil):
            reader.report("a series needs 'values' (e.g. \"20+0.5x40\") or 'samples' (e.g. [{t: 0s, v: 20}])",
                          at: node)
        }
    }

    /// The compact notation; a fault is reported at its own column when the text sits on one line.
    private func compact(_ node: Node) -> [SeriesPoint]? {
        guard case .scalar(let scalar) = node else {
            reader.report("'values' must be text in the compact notation; got \(reader.describe(node))", at: node)
            return nil
        }
        do { return try SeriesNotation.parse(scalar.string) } catch {
            let line = node.mark?.line ?? 0
            let column = node.mark?.column ?? 0
            let quote = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
            let oneLine = scalar.style == .plain || quote == 1
            if oneLine {
                reader.report(error.message, line: line, column: column + quote + error.offset)
            } else {
                reader.report("\(error) of the series", line: line, column: column)
            }
            return nil
        }
    }

    private func explicitSample(_ node: Node, tag: Int, start: Millis) -> Sample? {
        guard let fields = reader.mapping(node, what: "a sample", allowed: Self.sampleKeys),
            let tNode = reader.require("t", in: fields, of: node, what: "the sample"),
            let vNode = reader.require("v", in: fields, of: node, what: "the sample"),
            let ts = reader.instant(tNode, what: "'t'", start: start)
        else { return nil }
        guard case .scalar(let scalar) = vNode, let points = try? SeriesNotation.parse(scalar.string),
            points.count == 1, case .sample(let value, var quality) = points[0]
        else {
            reader.report("'v' must be one value: a number, true, false, nan, inf, -inf or bad; got "
                + reader.describe(vNode), at: vNode)
            return nil
        }
        if let q = fields["q"] { quality = reader.choice(q, what: "'q'", Self.qualities) ?? quality }
        return Sample(tag: Int32(tag), ts: ts, value: value, quality: quality)
    }

    // MARK: Actions

    private func action(_ node: Node, context: CaseDefaults) -> OperatorAction? {
        guard let fields = reader.mapping(node, what: "an action", allowed: Self.actionKeys),
            let tNode = reader.require("t", in: fields, of: node, what: "the action"),
            let kindNode = reader.require("action", in: fields, of: node, what: "the action"),
            let ts = reader.instant(tNode, what: "'t'", start: context.start),
            let kind = reader.choice(kindNode, what: "'action'", Self.actions.map { ($0, $0) })
        else { return nil }
        let on = fields["on"].flatMap { reader.bool($0, what: "'on'") } ?? true
        let line = reader.line(of: node)
        switch kind {
        case "maintenance":
            guard let enterprise = enterprise(fields, owner: node, context: context),
                let hsNode = reader.require("hazard_source", in: fields, of: node, what: "a 'maintenance' action"),
                let hs = reader.text(hsNode, what: "'hazard_source'")
            else { return nil }
            let e = catalog.enterpriseIndex(enterprise)
            guard let index = catalog.model.hazardSources.firstIndex(where: { $0.id == hs && $0.enterprise == e })
            else {
                reader.report("no hazard source '\(hs)' in enterprise '\(enterprise)'", at: hsNode)
                return nil
            }
            return OperatorAction(ts: ts, kind: .maintenance(hazardSource: index, on: on), line: line,
                                  label: "maintenance \(on ? "on" : "off") \(enterprise)/\(hs)")
        case "out_of_service":
            guard let tag = tagIndex(fields, owner: node, context: context) else { return nil }
            let spec = catalog.model.tags[tag]
            return OperatorAction(ts: ts, kind: .outOfService(tag: tag, on: on), line: line,
                                  label: "out_of_service \(on ? "on" : "off") \(spec.id)")
        default:
            guard let alarm = alarmIndex(fields, owner: node, context: context) else { return nil }
            let label = "\(kind) \(alarm.label)"
            switch kind {
            case "ack": return OperatorAction(ts: ts, kind: .acknowledge(alarm: alarm.index), line: line, label: label)
            case "unshelve": return OperatorAction(ts: ts, kind: .unshelve(alarm: alarm.index), line: line, label: label)
            default:
                let until: Millis?
                switch (fields["for"], fields["until"]) {
                case (.some(let n), nil): until = reader.duration(n, what: "'for'").map { ts + $0 }
                case (nil, .some(let n)): until = reader.instant(n, what: "'until'", start: context.start)
                default:
                    reader.report("a 'shelve' action needs either 'for: 1h' or 'until: TIME'", at: node)
                    return nil
                }
                guard let until else { return nil }
                return OperatorAction(ts: ts, kind: .shelve(alarm: alarm.index, until: until), line: line, label: label)
            }
        }
    }

    // MARK: Expectations

    private func expectation(_ node: Node, context: CaseDefaults) -> ExpectedEvent? {
        guard let fields = reader.mapping(node, what: "an expected event", allowed: Self.expectKeys),
            let tNode = reader.require("t", in: fields, of: node, what: "the expected event"),
            let trNode = reader.require("transition", in: fields, of: node, what: "the expected event"),
            let ts = reader.instant(tNode, what: "'t'", start: context.start),
            let transition = reader.choice(trNode, what: "'transition'", Self.transitions)
        else { return nil }
        var event: ExpectedEvent
        if transition == .floodStart || transition == .floodEnd {
            guard let enterprise = enterprise(fields, owner: node, context: context) else { return nil }
            event = ExpectedEvent(enterprise: enterprise, tag: "*", condition: .FLOOD, transition: transition, ts: ts)
        } else {
            guard let alarm = alarmIndex(fields, owner: node, context: context) else { return nil }
            event = ExpectedEvent(enterprise: alarm.enterprise, tag: alarm.tag, condition: alarm.condition,
                                  transition: transition, ts: ts)
        }
        event.line = reader.line(of: node)
        event.state = fields["state"].flatMap { reader.choice($0, what: "'state'", Self.states) }
        event.priority = fields["priority"].flatMap { reader.choice($0, what: "'priority'", Self.priorities) }
        event.value = fields["value"].flatMap { valueNode -> Double? in
            if case .scalar(let s) = valueNode, s.style == .plain, let b = ["true": 1.0, "false": 0.0][s.string] {
                return b
            }
            return reader.number(valueNode, what: "'value'")
        }
        event.annunciated = fields["annunciated"].flatMap { reader.bool($0, what: "'annunciated'") }
        return event
    }

    // MARK: Names

    private func enterprise(_ fields: [String: Node], owner: Node, context: CaseDefaults) -> String? {
        if let n = fields["enterprise"] {
            guard let id = reader.text(n, what: "'enterprise'") else { return nil }
            guard catalog.enterpriseIndex(id) != nil else {
                reader.report("no enterprise '\(id)' in the catalog", at: n)
                return nil
            }
            return id
        }
        guard let id = context.enterprise else {
            reader.report("the catalog has several enterprises; say which with 'enterprise:' here, on the case "
                + "or at the top of the file", at: owner)
            return nil
        }
        guard catalog.enterpriseIndex(id) != nil else {
            reader.report("no enterprise '\(id)' in the catalog (from 'enterprise:' of the case or file)", at: owner)
            return nil
        }
        return id
    }

    /// The dense index of the tag a series or action names.
    private func tagIndex(_ fields: [String: Node], owner: Node, context: CaseDefaults) -> Int? {
        guard let enterprise = enterprise(fields, owner: owner, context: context),
            let node = reader.require("tag", in: fields, of: owner, what: "it"),
            let id = reader.text(node, what: "'tag'")
        else { return nil }
        guard let index = catalog.tagIndex(enterprise: enterprise, tag: id) else {
            let vote = catalog.voteIndex(enterprise: enterprise, vote: id) != nil
            reader.report(vote ? "'\(id)' is a vote, not a tag; votes have no samples of their own"
                : "no tag '\(id)' in enterprise '\(enterprise)'", at: node)
            return nil
        }
        return index
    }

    /// The alarm an action or expectation names: a tag (or vote) and a condition.
    private func alarmIndex(_ fields: [String: Node], owner: Node, context: CaseDefaults)
        -> (index: Int, enterprise: String, tag: String, condition: Condition, label: String)?
    {
        guard let enterprise = enterprise(fields, owner: owner, context: context),
            let tagNode = reader.require("tag", in: fields, of: owner, what: "it"),
            let id = reader.text(tagNode, what: "'tag'"),
            let conditionNode = reader.require("condition", in: fields, of: owner, what: "it"),
            let condition = reader.choice(conditionNode, what: "'condition'", Self.conditions)
        else { return nil }
        let label = "\(enterprise)/\(id)/\(condition.rawValue)"
        if let vote = catalog.voteIndex(enterprise: enterprise, vote: id) {
            guard condition == .VOTE else {
                reader.report("'\(id)' is a vote: its condition is VOTE", at: conditionNode)
                return nil
            }
            return (engine.alarm(ofVote: vote), enterprise, id, condition, label)
        }
        guard let tag = catalog.tagIndex(enterprise: enterprise, tag: id) else {
            reader.report("no tag or vote '\(id)' in enterprise '\(enterprise)'", at: tagNode)
            return nil
        }
        guard let alarm = engine.alarm(tag: tag, condition: condition) else {
            let has = engine.alarms(ofTag: tag).map { engine.rules[$0].condition.rawValue }.joined(separator: ", ")
            reader.report("tag '\(id)' has no \(condition.rawValue) rule; its alarms are \(has)", at: conditionNode)
            return nil
        }
        return (alarm, enterprise, id, condition, label)
    }
}
