public import Yams

extension CatalogLoader {
    /// Loads one enterprise catalog (SPEC Appendix A) given as a YAML node that is part of another
    /// file, such as the `catalog:` of a rule test (`hazmon test`), with the same checks as `load`.
    ///
    /// The node keeps the marks it was composed with, so every problem is reported as
    /// `file:line:col` inside the file that embeds it; `file` is that file as the caller names it.
    /// - Parameters:
    ///   - catalog: the mapping with `enterprise`, `hazard_sources` and `votes`.
    ///   - file: the embedding file, for messages and `LoadedCatalog.files`.
    ///   - config: the runtime config file, or nil for the same default as `load(sensors:config:)`.
    /// - Throws: `CatalogError` with all problems of the config, profiles and catalog, sorted.
    public static func load(catalog: Node, file: String, config: String?) throws(CatalogError) -> LoadedCatalog {
        let diagnostics = Diagnostics()
        let runtime = ConfigParser.load(config, diagnostics: diagnostics)
        let lookup = profileLookup(runtime, diagnostics: diagnostics)
        let draft = CatalogParser(file: file, diagnostics: diagnostics).parse(catalog)
        let part = EnterpriseBuilder(diagnostics: diagnostics, config: runtime, profiles: lookup).build(draft)
        let output = ModelAssembler(diagnostics: diagnostics).assemble([part], policy: runtime.lifecycle)
        guard diagnostics.isEmpty else { throw CatalogError(problems: diagnostics.problems) }
        return LoadedCatalog(
            model: output.model, files: [file], config: runtime, enterpriseIndices: output.enterpriseIndices,
            tagIndices: output.tagIndices, voteIndices: output.voteIndices)
    }
}

extension CatalogLoader {
    /// Composes YAML text into a node tree that keeps every node's line and column, the way catalogs
    /// are read, for files that embed a catalog or sit beside one (rule tests).
    ///
    /// - Throws: `CatalogError` with the syntax error at libyaml's position, or "the file is empty".
    public static func composeYAML(_ text: String, file: String) throws(CatalogError) -> Node {
        let diagnostics = Diagnostics()
        guard let root = YAMLSource.parse(text, file: file, diagnostics: diagnostics) else {
            throw CatalogError(problems: diagnostics.problems)
        }
        return root
    }
}
