import Foundation
import HazmonStore
import Testing

/// Opening, migrating and refusing files (SPEC §10).
@Suite struct SchemaTests {
    /// The migration list is append-only: shipped names never change; new ones are added at the end.
    @Test func migrationNamesArePinned() throws {
        let shipped = ["v1-journal-and-state", "v1-supervision", "v1-operations", "v2-tag-watermarks"]
        #expect(Array(HazmonStore.migrationNames.prefix(shipped.count)) == shipped)
        #expect(try HazmonStore.inMemory().appliedMigrations() == HazmonStore.migrationNames)
    }

    @Test func migratesAnEmptyFileInANewFolderAndReopens() throws {
        let path = Fixture.tempPath()
        do {
            let store = try HazmonStore.open(path: path)
            #expect(try store.appliedMigrations() == HazmonStore.migrationNames)
            try store.commit(Fixture.eventBatch(from: 1, count: 3))
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let again = try HazmonStore.open(path: path)
        #expect(try again.appliedMigrations() == HazmonStore.migrationNames)
        #expect(try again.events().map(\.seq) == [1, 2, 3])
        let readOnly = try HazmonStore.open(path: path, options: StoreOptions(readOnly: true))
        #expect(try readOnly.maxSeq() == 3)
    }

    /// Exports read a database whose service has stopped (its -wal and -shm files gone).
    @Test func readOnlyOpeningOfAClosedDatabase() throws {
        let path = Fixture.tempPath()
        do { try HazmonStore.open(path: path).commit(Fixture.eventBatch(from: 1, count: 2)) }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let store = try HazmonStore.open(path: path, options: StoreOptions(readOnly: true))
        #expect(try store.events().map(\.seq) == [1, 2])
        #expect(try store.loadRestorePoint().checkpoint?.nextSeq == 3)
    }

    @Test func refusesAnotherProgramsDatabase() throws {
        let path = Fixture.tempPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TABLE customers (id INTEGER PRIMARY KEY);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let error = #expect(throws: StoreError.self) { try HazmonStore.open(path: path) }
        #expect(error?.isNotHazmonDatabase == true)
        #expect(error?.description.contains("not a hazmon database") == true)
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let path = Fixture.tempPath("notes.txt")
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try String(repeating: "just some text, not a database\n", count: 200).write(
            toFile: path, atomically: true, encoding: .utf8)
        for options in [StoreOptions(), StoreOptions(readOnly: true)] {
            let error = #expect(throws: StoreError.self) { try HazmonStore.open(path: path, options: options) }
            #expect(error?.isNotHazmonDatabase == true, "\(String(describing: error))")
            #expect(error?.description.hasPrefix(path) == true)
        }
    }

    @Test func aFolderThatCannotBeCreatedIsAClearError() throws {
        let file = Fixture.tempPath("plain-file")
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let path = file + "/db/hazmon.db"
        let error = #expect(throws: StoreError.self) { try HazmonStore.open(path: path) }
        #expect(error?.description.hasPrefix(path) == true)
        #expect(error?.description.contains("creating the folder") == true, "\(String(describing: error))")
    }

    @Test func readOnlyOpeningNeedsAnExistingFile() throws {
        let path = Fixture.tempPath()
        let error = #expect(throws: StoreError.self) {
            try HazmonStore.open(path: path, options: StoreOptions(readOnly: true))
        }
        #expect(error?.isMissingFile == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
