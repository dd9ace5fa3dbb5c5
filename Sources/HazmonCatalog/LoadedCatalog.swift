public import HazmonCore

/// A validated catalog: the engine model plus the lookups from names to dense indices that the
/// edges (ingest, replay, HTTP) need. Lookups are dictionary-based; do them once per topic, not per sample.
public struct LoadedCatalog: Sendable {
    /// The model the engine runs; a tag's dense index is its position in `model.tags`.
    public var model: EngineModel
    /// Catalog files read, sorted by path.
    public var files: [String]
    /// The runtime config the catalog was loaded with (lifecycle, profiles, engine sizes).
    public var config: RuntimeConfig

    private var enterpriseIndices: [String: Int]
    /// Per enterprise index: tag id → dense tag index.
    private var tagIndices: [[String: Int]]
    /// Per enterprise index: vote id → index in `model.votes`.
    private var voteIndices: [[String: Int]]

    init(
        model: EngineModel, files: [String], config: RuntimeConfig, enterpriseIndices: [String: Int],
        tagIndices: [[String: Int]], voteIndices: [[String: Int]]
    ) {
        self.model = model
        self.files = files
        self.config = config
        self.enterpriseIndices = enterpriseIndices
        self.tagIndices = tagIndices
        self.voteIndices = voteIndices
    }

    /// The dense index of an enterprise by its id.
    public func enterpriseIndex(_ id: String) -> Int? { enterpriseIndices[id] }

    /// The dense index of a tag (its position in `model.tags`) by enterprise id and tag id.
    public func tagIndex(enterprise: String, tag: String) -> Int? {
        enterpriseIndex(enterprise).flatMap { tagIndices[$0][tag] }
    }

    /// The index of a vote in `model.votes` by enterprise id and vote id.
    public func voteIndex(enterprise: String, vote: String) -> Int? {
        enterpriseIndex(enterprise).flatMap { voteIndices[$0][vote] }
    }
}
