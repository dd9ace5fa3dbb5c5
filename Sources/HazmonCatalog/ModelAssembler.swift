import HazmonCore

/// Concatenates the enterprises' parts into one `EngineModel` in file order, shifting local indices
/// to global dense ones, and checks what spans files: enterprise ids must be unique.
struct ModelAssembler {
    let diagnostics: Diagnostics

    struct Output {
        var model: EngineModel
        var enterpriseIndices: [String: Int] = [:]
        var tagIndices: [[String: Int]] = []
        var voteIndices: [[String: Int]] = []
    }

    func assemble(_ parts: [EnterprisePart], policy: LifecyclePolicy) -> Output {
        var output = Output(model: EngineModel(enterprises: [], hazardSources: [], tags: [], policy: policy))
        let tagCount = parts.reduce(0) { $0 + $1.tags.count }
        output.model.tags.reserveCapacity(tagCount)
        var enterpriseIDs: [String: SourcePosition] = [:]
        for part in parts {
            if let id = part.id {
                if let first = enterpriseIDs[id.value] {
                    diagnostics.report(
                        "enterprise id '\(id.value)' is already used at \(first.description); each catalog file "
                            + "describes one enterprise and enterprise ids must be unique",
                        at: id.position)
                    continue
                }
                enterpriseIDs[id.value] = id.position
            }
            append(part, to: &output)
        }
        return output
    }

    private func append(_ part: EnterprisePart, to output: inout Output) {
        let enterprise = output.model.enterprises.count
        let sourceOffset = output.model.hazardSources.count
        let tagOffset = output.model.tags.count
        let voteOffset = output.model.votes.count
        output.model.enterprises.append(part.enterprise)
        if let id = part.id { output.enterpriseIndices[id.value] = enterprise }
        for var source in part.hazardSources {
            source.enterprise = enterprise
            output.model.hazardSources.append(source)
        }
        for var tag in part.tags {
            tag.enterprise = enterprise
            tag.hazardSource += sourceOffset
            output.model.tags.append(tag)
        }
        for var vote in part.votes {
            vote.enterprise = enterprise
            vote.hazardSource = vote.hazardSource.map { $0 + sourceOffset }
            vote.members = vote.members.map { $0 + tagOffset }
            output.model.votes.append(vote)
        }
        output.tagIndices.append(part.tagIndices.mapValues { $0 + tagOffset })
        output.voteIndices.append(part.voteIndices.mapValues { $0 + voteOffset })
    }
}
