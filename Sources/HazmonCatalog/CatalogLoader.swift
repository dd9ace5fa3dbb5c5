import Foundation

/// Loads and validates catalogs (`Sensors/`) and the runtime config (`Config/`); the only entry point
/// the CLI and other modules use.
public enum CatalogLoader {
    /// Loads every enterprise catalog and the runtime config, reporting every problem at once.
    ///
    /// - Parameters:
    ///   - sensors: a catalog file, or a folder whose `*.yaml` / `*.yml` files (recursively, sorted by
    ///     path) each describe one enterprise.
    ///   - config: the runtime config file, or nil for `Config/hazmon.yaml` in the working directory
    ///     when it exists, else built-in lifecycle defaults with no profiles.
    /// - Throws: `CatalogError` with all problems of the config, profiles and catalogs, sorted.
    public static func load(sensors: String, config: String?) throws(CatalogError) -> LoadedCatalog {
        let diagnostics = Diagnostics()
        let runtime = ConfigParser.load(config, diagnostics: diagnostics)
        let lookup = profileLookup(runtime, diagnostics: diagnostics)
        let files = catalogFiles(sensors, diagnostics: diagnostics)
        // Files are independent until their enterprises are concatenated: parse and resolve them on
        // every core, each with its own problem list (Diagnostics is not shared across threads).
        let parsed = ParallelMap.map(files) { file in
            let local = Diagnostics()
            let part = YAMLSource.load(file, diagnostics: local).map { root in
                let draft = CatalogParser(file: file, diagnostics: local).parse(root)
                return EnterpriseBuilder(diagnostics: local, config: runtime, profiles: lookup).build(draft)
            }
            return (part: part, problems: local.problems)
        }
        for file in parsed { diagnostics.append(file.problems) }
        let output = ModelAssembler(diagnostics: diagnostics).assemble(
            parsed.compactMap(\.part), policy: runtime.lifecycle)
        guard diagnostics.isEmpty else { throw CatalogError(problems: diagnostics.problems) }
        return LoadedCatalog(
            model: output.model, files: files, config: runtime, enterpriseIndices: output.enterpriseIndices,
            tagIndices: output.tagIndices, voteIndices: output.voteIndices)
    }

    /// Loads only the runtime config (and its profiles): `path`, else `Config/hazmon.yaml` if it exists,
    /// else built-in defaults.
    public static func loadConfig(_ path: String?) throws(CatalogError) -> RuntimeConfig {
        let diagnostics = Diagnostics()
        let config = ConfigParser.load(path, diagnostics: diagnostics)
        guard diagnostics.isEmpty else { throw CatalogError(problems: diagnostics.problems) }
        return config
    }

    /// The profiles as catalogs see them. A broken or missing profiles file is reported once; "unknown
    /// profile" on every tag would only echo it.
    static func profileLookup(_ runtime: RuntimeConfig, diagnostics: Diagnostics) -> ProfileLookup {
        let profilesLoaded =
            runtime.profilesFile.map { file in
                FileManager.default.fileExists(atPath: file) && !diagnostics.problems.contains { $0.file == file }
            } ?? true
        return ProfileLookup(
            profiles: runtime.profiles, profilesFile: runtime.profilesFile, reportUnknown: profilesLoaded)
    }

    /// The catalog files under `path`, sorted so dense indices are the same on every machine.
    static func catalogFiles(_ path: String, diagnostics: Diagnostics) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            diagnostics.report("catalog file or folder not found", file: path)
            return []
        }
        guard isFolder.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            diagnostics.report("cannot list the catalog folder", file: path)
            return []
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            // Hidden files (editor swap files, .git) are not catalogs.
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")
            else { continue }
            let file = (path as NSString).appendingPathComponent(relative)
            var isSubfolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isSubfolder), !isSubfolder.boolValue {
                files.append(file)
            }
        }
        if files.isEmpty {
            diagnostics.report("no catalog files (*.yaml, *.yml) in this folder", file: path)
        }
        return files.sorted()
    }
}
