import HazmonCore

/// One enterprise file as written, before profiles are applied and names become indices.
struct EnterpriseDraft: Sendable {
    var file: String
    var id: Located<String>?
    var spec: EnterpriseSpec
    var profile: Located<String>?
    var hazardSources: [HazardSourceDraft] = []
    var votes: [VoteDraft] = []
}

struct HazardSourceDraft: Sendable {
    var id: Located<String>
    var spec: HazardSourceSpec
    var profile: Located<String>?
    var tags: [TagDraft] = []
}

/// The instrument range (量程) `[low, high]`.
struct InstrumentRange: Sendable {
    var low: Double
    var high: Double
    var span: Double { high - low }
    var text: String { "[\(low.shortText), \(high.shortText)]" }
}

struct TagDraft: Sendable {
    var id: Located<String>
    var name: String = ""
    /// Nil when missing or unknown (already reported); such a tag is checked but not built.
    var kind: Located<TagKind>?
    var unit: String = ""
    var range: Located<InstrumentRange>?
    var profile: Located<String>?
    var outOfService = false
    var rules = RuleFields()
}

struct VoteDraft: Sendable {
    var id: Located<String>
    var members: [Located<String>] = []
    var condition: Located<Condition>?
    var k: Located<Int>?
    var priority: Priority = .critical
    var position: SourcePosition
}
