import HazmonCore

/// One enterprise's share of the engine model, with indices local to it: enterprise 0, its own
/// hazard sources, tags and votes from 0. Built per file (in parallel); `ModelAssembler` shifts the
/// indices when it concatenates the parts.
struct EnterprisePart: Sendable {
    var id: Located<String>?
    var enterprise: EnterpriseSpec
    var hazardSources: [HazardSourceSpec] = []
    var tags: [TagSpec] = []
    var votes: [VoteSpec] = []
    var tagIndices: [String: Int] = [:]
    var voteIndices: [String: Int] = [:]
}

/// Checks one enterprise's ids, applies profiles and resolves its tags and votes.
struct EnterpriseBuilder {
    let diagnostics: Diagnostics
    let config: RuntimeConfig
    let profiles: ProfileLookup

    func build(_ draft: EnterpriseDraft) -> EnterprisePart {
        var part = EnterprisePart(id: draft.id, enterprise: draft.spec)
        let enterpriseProfile = profiles.choice(draft.profile, diagnostics: diagnostics)
        let resolver = TagResolver(diagnostics: diagnostics, windowSamples: config.windowSamples)
        var sourceIDs: [String: SourcePosition] = [:]
        var tagIDs: [String: SourcePosition] = [:]
        var brokenTags: Set<String> = []
        for source in draft.hazardSources {
            if let first = sourceIDs[source.id.value] {
                diagnostics.report(
                    "hazard source id '\(source.id.value)' is already used at \(first.description); hazard source "
                        + "ids must be unique within the enterprise",
                    at: source.id.position)
            } else {
                sourceIDs[source.id.value] = source.id.position
            }
            let sourceIndex = part.hazardSources.count
            var spec = source.spec
            spec.enterprise = 0
            part.hazardSources.append(spec)
            let sourceProfile = profiles.choice(source.profile, diagnostics: diagnostics)

            for tag in source.tags {
                if let first = tagIDs[tag.id.value] {
                    diagnostics.report(
                        "tag id '\(tag.id.value)' is already used at \(first.description); tag ids must be unique "
                            + "within the enterprise (they appear in topics hz/{enterprise}/{tag})",
                        at: tag.id.position)
                    continue
                }
                tagIDs[tag.id.value] = tag.id.position
                let tagProfile = profiles.choice(tag.profile, diagnostics: diagnostics)
                guard let kind = tag.kind?.value else {
                    brokenTags.insert(tag.id.value)
                    continue
                }
                let profile = profiles.nearest(
                    tag: tagProfile, hazardSource: sourceProfile, enterprise: enterpriseProfile)
                part.tagIndices[tag.id.value] = part.tags.count
                part.tags.append(
                    resolver.resolve(tag, kind: kind, profile: profile, enterprise: 0, hazardSource: sourceIndex))
            }
        }
        addVotes(draft, tagIDs: tagIDs, brokenTags: brokenTags, to: &part)
        return part
    }

    private func addVotes(
        _ draft: EnterpriseDraft, tagIDs: [String: SourcePosition], brokenTags: Set<String>,
        to part: inout EnterprisePart
    ) {
        let resolver = VoteResolver(
            diagnostics: diagnostics, enterprise: 0, enterpriseID: draft.spec.id, tagIndices: part.tagIndices,
            brokenTags: brokenTags, tags: part.tags)
        var voteIDs: [String: SourcePosition] = [:]
        for vote in draft.votes {
            // Vote events carry the vote id in the `tag` field (SPEC Appendix B), so it must not name a tag.
            if let tag = tagIDs[vote.id.value] {
                diagnostics.report(
                    "vote id '\(vote.id.value)' is also the id of the tag at \(tag.description); vote events carry "
                        + "the vote id where a tag id goes, so choose another id",
                    at: vote.id.position)
            } else if let first = voteIDs[vote.id.value] {
                diagnostics.report(
                    "vote id '\(vote.id.value)' is already used at \(first.description); vote ids must be unique",
                    at: vote.id.position)
            } else {
                voteIDs[vote.id.value] = vote.id.position
            }
            if let spec = resolver.resolve(vote) {
                part.voteIndices[vote.id.value] = part.voteIndices[vote.id.value] ?? part.votes.count
                part.votes.append(spec)
            }
        }
    }
}
