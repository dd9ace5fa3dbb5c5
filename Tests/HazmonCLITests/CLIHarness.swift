import Foundation
import HazmonIO
import Testing

/// Runs the real `hazmon` binary the test build produced, like a user would.
enum CLI {
    /// The repository root (three levels above this file).
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared` beside the repository: the contract, golden examples and TEP data.
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")

    /// The `hazmon` executable next to the test bundle.
    static var binary: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The test runner lives in the build folder, or inside a .xctest bundle in it.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("hazmon")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repo.appendingPathComponent(".build/debug/hazmon")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `hazmon` with `arguments` in the repository root.
    static func run(_ arguments: [String], cwd: URL = repo) throws -> Result {
        try runProcess(binary.path, arguments, cwd: cwd)
    }

    static func runProcess(_ path: String, _ arguments: [String], cwd: URL = repo) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let errReader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    /// A fresh temporary directory for one test.
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Parses a JSON-lines events file.
    static func events(at url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// Converts a TEP `.dat` file to replay CSV with the shipped script.
    static func tepCSV(_ name: String, into dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("\(name).csv")
        let result = try runProcess("/bin/bash", [repo.appendingPathComponent("Sensors/tep/tep-to-csv.sh").path,
                                                  shared.appendingPathComponent("data/tep/\(name).dat").path, out.path])
        #expect(result.status == 0, "tep-to-csv failed: \(result.stderr)")
        return out
    }
}

/// A data buffer filled by a reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false

    func set(_ value: Data) {
        lock.lock()
        data = value
        finished = true
        lock.unlock()
    }

    var done: Bool {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// An RFC 3339 `ts` from an event back to epoch ms.
func epochMillis(_ value: Any?) -> Int64? {
    guard let text = value as? String else { return nil }
    return Timestamps.parse(text)
}
