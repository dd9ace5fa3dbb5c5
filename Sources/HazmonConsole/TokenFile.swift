import Crypto
import Foundation
import HazmonIO

#if canImport(Glibc)
import Glibc
#endif

/// One line of the tokens file: who holds a token and the SHA-256 of it, never the token itself.
public struct TokenRecord: Sendable, Hashable {
    /// Unique name of the holder (`[A-Za-z0-9._-]`, 1–64 characters), logged and audited as the actor.
    public var name: String
    /// What the token may do.
    public var role: Role
    /// SHA-256 of the token's UTF-8 text, 32 bytes.
    public var sha256: [UInt8]
    /// When it was added, RFC 3339 UTC with milliseconds.
    public var created: String

    /// A record from its fields.
    public init(name: String, role: Role, sha256: [UInt8], created: String) {
        self.name = name
        self.role = role
        self.sha256 = sha256
        self.created = created
    }
}

/// A problem with the tokens file or a token command, saying what and where.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    /// The full message, `file[:line]: what is wrong and what to do`.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The tokens file (SPEC §10): JSON lines `{"name","role","sha256","created"}`, mode 0600, hashes only.
///
/// A token is `hzm_` + 64 hex digits (32 random bytes from the system CSPRNG); the prefix lets secret scanners
/// and people recognise one. Its SHA-256 (hex, over the whole text) is all that is stored, so a leaked file does
/// not leak a usable token. Blank lines and lines starting with `#` are ignored.
public enum TokenFile {
    /// The default location, relative to the working directory.
    public static let defaultPath = "var/tokens.jsonl"

    /// Reads every record; a missing file is an empty list. Refuses a file others can read or write.
    public static func load(path: String) throws(TokenFileError) -> [TokenRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw TokenFileError("\(path): mode \(mode) lets other users read the token hashes; run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw TokenFileError("\(path): cannot read the file (or it is not UTF-8)") }
        var records: [TokenRecord] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let record = try parse(trimmed, at: "\(path):\(index + 1)")
            if records.contains(where: { $0.name == record.name }) {
                throw TokenFileError("\(path):\(index + 1): the name \"\(record.name)\" appears twice; remove one line")
            }
            records.append(record)
        }
        return records
    }

    /// Adds a token for `name` and returns it (the only time it exists in clear); refuses a name already present.
    /// `now` (Unix milliseconds) becomes the record's `created`.
    public static func add(name: String, role: Role, path: String, now: Int64) throws(TokenFileError) -> String {
        try validate(name: name)
        let existing = try load(path: path)
        if existing.contains(where: { $0.name == name }) {
            throw TokenFileError("\(path): a token named \"\(name)\" already exists; choose another name")
        }
        let token = generate()
        let created = Timestamps.rfc3339(now)
        let line = render(TokenRecord(name: name, role: role, sha256: hash(token), created: created))
        try append(line + "\n", to: path)
        return token
    }

    /// SHA-256 of a token's UTF-8 text.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// A fresh token: `hzm_` and 32 random bytes in hex.
    static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        return "hzm_" + key.withUnsafeBytes { hex(Array($0)) }
    }

    static func validate(name: String) throws(TokenFileError) {
        let allowed = name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D
                || b == 0x5F
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else {
            throw TokenFileError("invalid token name \"\(name)\": use 1-64 letters, digits, '.', '-' or '_'")
        }
    }

    static func parse(_ line: some StringProtocol, at place: String) throws(TokenFileError) -> TokenRecord {
        let value: JSONValue
        do { value = try JSONValue.parse(String(line)) } catch { throw TokenFileError("\(place): \(error)") }
        guard case .string(let name)? = value["name"] else {
            throw TokenFileError("\(place): missing string field \"name\"")
        }
        guard case .string(let roleText)? = value["role"], let role = Role(rawValue: roleText) else {
            throw TokenFileError("\(place): \"role\" must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard case .string(let digest)? = value["sha256"], let bytes = unhex(digest), bytes.count == 32 else {
            throw TokenFileError("\(place): \"sha256\" must be 64 hex digits (the SHA-256 of the token)")
        }
        guard case .string(let created)? = value["created"] else {
            throw TokenFileError("\(place): missing string field \"created\"")
        }
        try validate(name: name)
        return TokenRecord(name: name, role: role, sha256: bytes, created: created)
    }

    static func render(_ r: TokenRecord) -> String {
        var out = "{\"name\":"
        JSONText.appendString(r.name, to: &out)
        out += ",\"role\":\"\(r.role.rawValue)\",\"sha256\":\"\(hex(r.sha256))\",\"created\":"
        JSONText.appendString(r.created, to: &out)
        return out + "}"
    }

    /// Appends through `open(O_CREAT, 0600)` so the file never exists with a wider mode, even for a moment.
    private static func append(_ text: String, to path: String) throws(TokenFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw TokenFileError("\(folder): cannot create the folder: \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TokenFileError("\(path): cannot open for writing: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw TokenFileError("\(path): short write: \(String(cString: strerror(errno)))")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
