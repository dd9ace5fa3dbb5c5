import Foundation
import HazmonConsole
import Testing

@Suite struct TokenFileTests {
    static func tempPath() -> String {
        NSTemporaryDirectory() + "hazmon-tokens-\(UUID().uuidString)/var/tokens.jsonl"
    }

    @Test func addThenVerifyStoresOnlyTheHash() throws {
        let path = Self.tempPath()
        let token = try TokenFile.add(name: "wang.li", role: .operator, path: path, now: 1_784_097_737_250)
        #expect(token.hasPrefix("hzm_") && token.count == 68)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(token.dropFirst(4)))
        #expect(text.contains("\"created\":\"2026-07-15T06:42:17.250Z\""))
        let records = try TokenFile.load(path: path)
        #expect(records.map(\.name) == ["wang.li"])
        let verifier = TokenVerifier(records: records)
        #expect(verifier.verify(token) == Actor(name: "wang.li", role: .operator))
        #expect(verifier.verify(token + "x") == nil)
        #expect(verifier.verify("") == nil)
    }

    @Test func fileIsCreatedWithMode0600() throws {
        let path = Self.tempPath()
        _ = try TokenFile.add(name: "a", role: .viewer, path: path, now: 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func duplicateNameIsRefused() throws {
        let path = Self.tempPath()
        _ = try TokenFile.add(name: "li.ming", role: .inspector, path: path, now: 0)
        #expect(throws: TokenFileError.self) { try TokenFile.add(name: "li.ming", role: .admin, path: path, now: 0) }
        #expect(try TokenFile.load(path: path).count == 1)
    }

    @Test(arguments: ["", "has space", "a/b", String(repeating: "x", count: 65)])
    func invalidNamesAreRefused(name: String) {
        #expect(throws: TokenFileError.self) { try TokenFile.add(name: name, role: .viewer, path: Self.tempPath(), now: 0) }
    }

    @Test func worldReadableFileIsRefused() throws {
        let path = Self.tempPath()
        _ = try TokenFile.add(name: "a", role: .viewer, path: path, now: 0)
        chmod(path, 0o644)
        let error = #expect(throws: TokenFileError.self) { try TokenFile.load(path: path) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test(arguments: [
        ("{\"name\":\"a\",\"role\":\"root\",\"sha256\":\"\(String(repeating: "0", count: 64))\",\"created\":\"x\"}", ":1: \"role\" must be one of viewer, operator, inspector, admin"),
        ("{\"name\":\"a\",\"role\":\"viewer\",\"sha256\":\"abc\",\"created\":\"x\"}", ":1: \"sha256\" must be 64 hex digits"),
        ("{\"name\":\"a\"", ":1: invalid JSON"),
    ])
    func malformedLinesSayWhere(line: String, message: String) throws {
        let path = Self.tempPath()
        _ = try TokenFile.add(name: "seed", role: .viewer, path: path, now: 0)
        try FileManager.default.removeItem(atPath: path)
        _ = FileManager.default.createFile(atPath: path, contents: Data((line + "\n").utf8), attributes: [.posixPermissions: 0o600])
        let error = #expect(throws: TokenFileError.self) { try TokenFile.load(path: path) }
        #expect(error?.description.contains(path + message) == true, "\(String(describing: error))")
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try TokenFile.load(path: Self.tempPath()).isEmpty)
    }
}
