import Foundation
import HazmonStore
import Testing

/// `hazmon journal` run as a user runs it, on a database written through the store.
@Suite struct JournalCommandTests {
    static var binary: URL {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("hazmon")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/hazmon")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Small outputs only: both pipes fit in their buffers, so reading after exit cannot block.
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func exportsTheJournalInSeqOrder() throws {
        let db = Fixture.tempPath()
        let store = try HazmonStore.open(path: db)
        try store.commit(StoreBatch(events: [Fixture.event(2), Fixture.event(1), Fixture.event(3)]))
        let outFile = (db as NSString).deletingLastPathComponent + "/events.jsonl"
        let all = try Self.run(["journal", "--db", db, "--events", outFile])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("exported 3 events"))
        let lines = try String(contentsOfFile: outFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [1, 2, 3].map { Fixture.event($0).json })

        let tail = try Self.run(["journal", "--db", db, "--events", "-", "--after", "2"])
        #expect(tail.status == 0, "\(tail.stderr)")
        #expect(tail.stdout == Fixture.event(3).json + "\n")
    }

    @Test func missingOrForeignFilesAreClearErrors() throws {
        let missing = Fixture.tempPath("nope.db")
        let result = try Self.run(["journal", "--db", missing, "--events", "-"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(missing) && result.stderr.contains("no such database file"), "\(result.stderr)")

        let folder = (Fixture.tempPath() as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = folder + "/catalog.yaml"
        try String(repeating: "enterprise: {id: E1}\n", count: 100).write(toFile: text, atomically: true, encoding: .utf8)
        let foreign = try Self.run(["journal", "--db", text, "--events", "-"])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("not a SQLite database") || foreign.stderr.contains("not a hazmon database"),
                "\(foreign.stderr)")
    }
}
