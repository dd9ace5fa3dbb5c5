import Foundation
import HazmonCatalog
import HazmonCore

/// Paths the tests read: the repository (for `Config/`) and the shared contract folder beside it.
enum Repo {
    /// `Tests/HazmonCatalogTests/TestSupport.swift` → three levels up is the package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let config = root.appendingPathComponent("Config/hazmon.yaml").path

    static func conformance(_ name: String) -> String {
        shared.appendingPathComponent("conformance/\(name)/catalog.yaml").path
    }
}

/// A fresh temporary folder for YAML written by one test; removed when the test drops it.
final class Scratch {
    let folder: String

    init() {
        folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("hazmon-catalog-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `text` to `name` inside the folder (creating subfolders) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// A config file naming `profiles` (written beside it) as its profiles file.
    func config(profiles: String?, extra: String = "") -> String {
        var text = extra
        if let profiles {
            write("profiles.yaml", profiles)
            text = "profiles: profiles.yaml\n" + text
        }
        return write("hazmon.yaml", text)
    }
}

/// Loads and returns the problems (empty when the load succeeded).
func problems(sensors: String, config: String?) -> [CatalogProblem] {
    do {
        _ = try CatalogLoader.load(sensors: sensors, config: config)
        return []
    } catch {
        return error.problems
    }
}

/// A minimal enterprise with one tag `T1` whose extra lines (indented 8 spaces) start on line 8.
///
///     1 enterprise:
///     2   id: E1
///     3 hazard_sources:
///     4   - id: HS1
///     5     tags:
///     6       - id: T1
///     7         kind: KIND
///     8         <extra>
func oneTag(kind: String = "level", _ extra: String = "") -> String {
    """
    enterprise:
      id: E1
    hazard_sources:
      - id: HS1
        tags:
          - id: T1
            kind: \(kind)
    \(extra.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n"))

    """
}
