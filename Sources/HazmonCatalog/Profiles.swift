import HazmonCore
import Yams

/// A named set of rule defaults (`Config/profiles.yaml`) that a tag, hazard source or enterprise
/// asks for with `profile: NAME`.
public struct Profile: Sendable {
    /// The name catalogs use in `profile: NAME`.
    public var name: String
    /// The profiles file that defines it, for messages that mention it.
    public var file: String
    /// Line of the profile's name in `file`.
    public var line: Int
    /// Column of the profile's name in `file`.
    public var column: Int
    /// The same rule fields a tag can state; merged under the tag's own in `TagResolver`.
    var rules: RuleFields

    /// `file:line:col` of the profile's definition.
    public var location: String { "\(file):\(line):\(column)" }
}

/// Reads a profiles file: a mapping from profile name to rule fields.
enum ProfileParser {
    /// A tag, hazard source or enterprise writes `profile: none` to opt out of an inherited profile.
    static let noProfile = "none"

    static func load(_ file: String, diagnostics: Diagnostics) -> [String: Profile] {
        guard let root = YAMLSource.load(file, diagnostics: diagnostics) else { return [:] }
        let reader = NodeReader(file: file, diagnostics: diagnostics)
        guard case .mapping(let mapping) = root else {
            reader.report(
                "a profiles file must be a mapping from profile name to rule fields; got \(reader.describe(root))",
                at: root)
            return [:]
        }
        var profiles: [String: Profile] = [:]
        for (key, value) in mapping {
            guard let name = reader.identifier(key, what: "profile name") else { continue }
            if name.value == noProfile {
                reader.report(
                    "'\(noProfile)' is reserved (it means \"no profile\"); choose another profile name", at: key)
                continue
            }
            let what = "profile '\(name.value)'"
            guard let fields = reader.fields(value, what: what, allowed: RuleFields.keys) else { continue }
            let rules = RuleFieldsParser(reader: reader).parse(fields)
            ProfileChecks.check(rules, owner: what, diagnostics: diagnostics)
            profiles[name.value] = Profile(
                name: name.value, file: file, line: name.position.line, column: name.position.column, rules: rules)
        }
        return profiles
    }
}

/// What can be wrong inside one profile on its own: limits out of order. Reported at the profile's
/// position, once, however many tags use it.
enum ProfileChecks {
    static func check(_ rules: RuleFields, owner: String, diagnostics: Diagnostics) {
        let values = rules.limits.compactMapValues(\.value)
        for problem in LimitOrder.violations(values) {
            diagnostics.report(problem.message(owner: owner), at: problem.position)
        }
    }
}
