import HazmonCore

/// Checks a vote against the tags of its enterprise and builds its `VoteSpec`.
struct VoteResolver {
    let diagnostics: Diagnostics
    let enterprise: Int
    let enterpriseID: String
    /// Dense indices of the enterprise's tags by id.
    let tagIndices: [String: Int]
    /// Ids of tags that exist but could not be built (already reported), so votes don't repeat the error.
    let brokenTags: Set<String>
    let tags: [TagSpec]

    func resolve(_ vote: VoteDraft) -> VoteSpec? {
        let before = diagnostics.count
        let name = "vote '\(vote.id.value)'"
        var members: [Int] = []
        var seen: [String: SourcePosition] = [:]
        for member in vote.members {
            if let first = seen[member.value] {
                diagnostics.report(
                    "member '\(member.value)' of \(name) is listed twice (first at \(first.description)); list each tag once",
                    at: member.position)
                continue
            }
            seen[member.value] = member.position
            if brokenTags.contains(member.value) { continue }
            guard let index = tagIndices[member.value] else {
                var message = "member '\(member.value)' of \(name) is not a tag of enterprise '\(enterpriseID)'"
                if let guess = NodeReader.closest(to: member.value, in: tagIndices.keys.sorted()) {
                    message += " (did you mean '\(guess)'?)"
                }
                diagnostics.report(message + "; members must be tag ids of the same enterprise", at: member.position)
                continue
            }
            members.append(index)
            if let condition = vote.condition?.value, !Self.has(tags[index], condition) {
                diagnostics.report(
                    "member '\(member.value)' of \(name) has no \(condition.rawValue) rule, so it can never count "
                        + "toward the vote; give the tag that rule or vote on another condition",
                    at: member.position)
            }
        }
        if let k = vote.k, !vote.members.isEmpty, k.value > vote.members.count {
            diagnostics.report(
                "'k' of \(name) is \(k.value) but the vote has \(vote.members.count) members; expected 1 to "
                    + "\(vote.members.count)",
                at: k.position)
        }
        guard diagnostics.count == before, let condition = vote.condition?.value, let k = vote.k?.value,
            !members.isEmpty
        else { return nil }
        let sources = Set(members.map { tags[$0].hazardSource })
        return VoteSpec(
            id: vote.id.value, enterprise: enterprise, hazardSource: sources.count == 1 ? sources.first : nil,
            members: members, condition: condition, k: k, priority: vote.priority)
    }

    /// Whether the tag has a rule that can make `condition` active.
    static func has(_ tag: TagSpec, _ condition: Condition) -> Bool {
        switch condition {
        case .HH, .H, .L, .LL: tag.limits.contains { $0.condition == condition }
        case .ROC: tag.roc != nil
        case .WINDOW: tag.window != nil
        case .STALE: tag.stale != nil
        case .FROZEN: tag.frozen != nil
        case .BAD: true
        case .DISCRETE: tag.discreteAlarmValue != nil
        case .VOTE, .FLOOD: false
        }
    }
}
