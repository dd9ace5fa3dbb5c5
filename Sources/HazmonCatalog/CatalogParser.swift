import HazmonCore
import Yams

/// Reads one enterprise file (SPEC Appendix A) into a draft, reporting every problem it can see
/// within the file. Ids across files and profile merging are checked later, with everything loaded.
struct CatalogParser {
    let reader: NodeReader

    static let topKeys = ["enterprise", "hazard_sources", "votes"]
    static let enterpriseKeys = [
        "id", "name", "district", "credit", "standardization", "accidents_12m", "penalties_12m", "profile",
    ]
    static let hazardSourceKeys = ["id", "name", "grade", "r_value", "maintenance", "profile", "tags"]
    static let tagOwnKeys = ["id", "name", "kind", "unit", "range", "profile", "out_of_service"]
    static let tagKeys = tagOwnKeys + RuleFields.keys
    static let voteKeys = ["id", "members", "condition", "k", "priority"]

    static let kinds = TagKind.allCases.map { ($0.rawValue, $0) }
    static let credits = ["normal", "red_list", "black_list"].map { ($0, $0) }
    /// Conditions a vote can count: any tag condition (`VOTE` of votes and `FLOOD` are not tag conditions).
    static let voteConditions = RuleFieldsParser.tagConditions.map { ($0.rawValue, $0) }

    init(file: String, diagnostics: Diagnostics) {
        reader = NodeReader(file: file, diagnostics: diagnostics)
    }

    func parse(_ root: Node) -> EnterpriseDraft {
        var draft = EnterpriseDraft(file: reader.file, spec: EnterpriseSpec(id: ""))
        guard let top = reader.fields(root, what: "the catalog", allowed: Self.topKeys) else { return draft }
        if let node = reader.require("enterprise", in: top, expected: "a mapping with at least 'id'") {
            enterprise(node, into: &draft)
        }
        let owner = draft.id.map { "enterprise '\($0.value)'" } ?? "the enterprise"
        if let node = top["hazard_sources"], !reader.isNull(node),
            let items = reader.list(node, what: top.field("hazard_sources"), of: "hazard sources")
        {
            for (index, item) in items.enumerated() {
                if let source = hazardSource(item, number: index + 1, owner: owner) {
                    draft.hazardSources.append(source)
                }
            }
        }
        if let node = top["votes"], !reader.isNull(node),
            let items = reader.list(node, what: top.field("votes"), of: "votes")
        {
            for (index, item) in items.enumerated() {
                if let vote = vote(item, number: index + 1, owner: owner) { draft.votes.append(vote) }
            }
        }
        return draft
    }

    // MARK: Enterprise

    private func enterprise(_ node: Node, into draft: inout EnterpriseDraft) {
        let name = peekID(node).map { "enterprise '\($0)'" } ?? "'enterprise'"
        guard let fields = reader.fields(node, what: name, allowed: Self.enterpriseKeys) else { return }
        if let node = reader.require("id", in: fields, expected: "a stable code such as the unified social credit code")
        {
            draft.id = reader.identifier(node, what: fields.field("id"))
            draft.spec.id = draft.id?.value ?? ""
        }
        if let node = fields["name"] { draft.spec.name = reader.text(node, what: fields.field("name"))?.value ?? "" }
        if let node = fields["district"] {
            draft.spec.district = reader.text(node, what: fields.field("district"))?.value ?? ""
        }
        if let node = fields["credit"] {
            draft.spec.credit = reader.choice(node, what: fields.field("credit"), from: Self.credits)?.value ?? "normal"
        }
        if let node = fields["standardization"] {
            let grades: [(String, Int?)] = [("1", 1), ("2", 2), ("3", 3), ("none", nil)]
            draft.spec.standardization =
                reader.choice(node, what: fields.field("standardization"), from: grades)?.value ?? nil
        }
        if let node = fields["accidents_12m"] {
            draft.spec.accidents12m =
                reader.integer(node, what: fields.field("accidents_12m"), in: 0...100_000)?.value ?? 0
        }
        if let node = fields["penalties_12m"] {
            draft.spec.penalties12m =
                reader.integer(node, what: fields.field("penalties_12m"), in: 0...100_000)?.value ?? 0
        }
        if let node = fields["profile"] { draft.profile = reader.identifier(node, what: fields.field("profile")) }
    }

    // MARK: Hazard sources

    private func hazardSource(_ node: Node, number: Int, owner: String) -> HazardSourceDraft? {
        let name = peekID(node).map { "hazard source '\($0)'" } ?? "hazard source #\(number) of \(owner)"
        guard let fields = reader.fields(node, what: name, allowed: Self.hazardSourceKeys),
            let idNode = reader.require("id", in: fields, expected: "an id unique within the enterprise")
        else { return nil }
        guard let id = reader.identifier(idNode, what: fields.field("id")) else { return nil }
        var source = HazardSourceDraft(id: id, spec: HazardSourceSpec(id: id.value, enterprise: -1))
        if let node = fields["name"] { source.spec.name = reader.text(node, what: fields.field("name"))?.value ?? "" }
        if let node = fields["maintenance"] {
            source.spec.maintenance = reader.bool(node, what: fields.field("maintenance"))?.value ?? false
        }
        if let node = fields["profile"] { source.profile = reader.identifier(node, what: fields.field("profile")) }
        grade(fields, into: &source)
        if let node = fields["tags"], !reader.isNull(node),
            let items = reader.list(node, what: fields.field("tags"), of: "tags")
        {
            for (index, item) in items.enumerated() {
                if let tag = tag(item, number: index + 1, owner: name) { source.tags.append(tag) }
            }
        }
        return source
    }

    /// `grade` as given, or computed from `r_value`; both given must agree, or the catalog contradicts itself.
    private func grade(_ fields: Fields, into source: inout HazardSourceDraft) {
        let given = fields["grade"].flatMap { reader.integer($0, what: fields.field("grade"), in: 1...4) }
        var r: Located<Double>?
        if let node = fields["r_value"], let value = reader.number(node, what: fields.field("r_value")) {
            if value.value < 0 {
                reader.report("\(fields.field("r_value")) is \(value.value.shortText); R cannot be negative", at: node)
            } else {
                r = value
            }
        }
        source.spec.rValue = r?.value
        source.spec.grade = given?.value ?? r.map { HazardGrade.grade(forR: $0.value) }
        if let given, let r, HazardGrade.grade(forR: r.value) != given.value {
            reader.diagnostics.report(
                "\(fields.what) has grade \(given.value) but r_value \(r.value.shortText) gives grade "
                    + "\(HazardGrade.grade(forR: r.value)) (GB 18218: 1 at R ≥ 100, 2 at ≥ 50, 3 at ≥ 10, else 4); "
                    + "give one of them or make them agree",
                at: given.position)
        }
    }

    // MARK: Tags

    private func tag(_ node: Node, number: Int, owner: String) -> TagDraft? {
        let name = peekID(node).map { "tag '\($0)'" } ?? "tag #\(number) of \(owner)"
        guard let fields = reader.fields(node, what: name, allowed: Self.tagKeys) else { return nil }
        let idNode = reader.require("id", in: fields, expected: "an id unique within the enterprise")
        let kindNode = reader.require(
            "kind", in: fields, expected: "one of: " + Self.kinds.map(\.0).joined(separator: ", "))
        guard let idNode, let id = reader.identifier(idNode, what: fields.field("id")) else { return nil }
        var tag = TagDraft(id: id)
        if let kindNode { tag.kind = reader.choice(kindNode, what: fields.field("kind"), from: Self.kinds) }
        if let node = fields["name"] { tag.name = reader.text(node, what: fields.field("name"))?.value ?? "" }
        if let node = fields["unit"] { tag.unit = reader.text(node, what: fields.field("unit"))?.value ?? "" }
        if let node = fields["range"] { tag.range = range(node, what: fields.field("range")) }
        if let node = fields["profile"] { tag.profile = reader.identifier(node, what: fields.field("profile")) }
        if let node = fields["out_of_service"] {
            tag.outOfService = reader.bool(node, what: fields.field("out_of_service"))?.value ?? false
        }
        tag.rules = RuleFieldsParser(reader: reader).parse(fields)
        return tag
    }

    private func range(_ node: Node, what: String) -> Located<InstrumentRange>? {
        guard case .sequence(let items) = node, items.count == 2 else {
            reader.report("\(what) must be a list of two numbers [low, high]; got \(reader.describe(node))", at: node)
            return nil
        }
        guard let low = reader.number(items[0], what: "low end of \(what)"),
            let high = reader.number(items[1], what: "high end of \(what)")
        else { return nil }
        guard low.value < high.value else {
            reader.report(
                "\(what) is [\(low.value.shortText), \(high.value.shortText)]; low must be below high", at: node)
            return nil
        }
        return Located(value: InstrumentRange(low: low.value, high: high.value), position: reader.position(of: node))
    }

    // MARK: Votes

    private func vote(_ node: Node, number: Int, owner: String) -> VoteDraft? {
        let name = peekID(node).map { "vote '\($0)'" } ?? "vote #\(number) of \(owner)"
        guard let fields = reader.fields(node, what: name, allowed: Self.voteKeys),
            let idNode = reader.require(
                "id", in: fields, expected: "an id unique among the enterprise's tags and votes")
        else { return nil }
        guard let id = reader.identifier(idNode, what: fields.field("id")) else { return nil }
        var vote = VoteDraft(id: id, position: fields.position)
        if let node = reader.require("members", in: fields, expected: "a list of tag ids of this enterprise"),
            let items = reader.list(node, what: fields.field("members"), of: "tag ids")
        {
            if items.isEmpty {
                reader.report("\(fields.field("members")) is empty; a vote needs member tags", at: node)
            }
            vote.members = items.compactMap { reader.identifier($0, what: "member of \(name)") }
        }
        if let node = reader.require(
            "condition", in: fields, expected: "one of: " + Self.voteConditions.map(\.0).joined(separator: ", "))
        {
            vote.condition = reader.choice(node, what: fields.field("condition"), from: Self.voteConditions)
        }
        if let node = reader.require("k", in: fields, expected: "how many members must be in the condition") {
            vote.k = reader.integer(node, what: fields.field("k"), in: 1...Int(Int32.max))
        }
        if let node = fields["priority"] {
            vote.priority = reader.priority(node, what: fields.field("priority"))?.value ?? .critical
        }
        return vote
    }

    /// The `id` of a mapping, read before its keys are checked, so every message about it can name it.
    private func peekID(_ node: Node) -> String? {
        guard case .mapping(let mapping) = node else { return nil }
        for (key, value) in mapping {
            guard case .scalar(let name) = key, name.string == "id" else { continue }
            guard case .scalar(let id) = value, !reader.isNull(value) else { return nil }
            return id.string
        }
        return nil
    }
}
