import ArgumentParser
import HazmonIO
import HazmonStore

/// `hazmon journal`: exports the stored alarm journal as the JSON lines `replay --events` writes.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Export the alarm journal from a hazmon database, one JSON event per line in seq order.",
        discussion: """
            Opens the database read-only, so it is safe while the service runs (it sees what was committed \
            when each page of 10 000 events is read).
            """
    )

    @Option(name: .long, help: "The hazmon database file the service writes (store.path).")
    var db: String

    @Option(name: .long, help: "Where to write the events, one JSON object per line ('-' for stdout).")
    var events: String

    @Option(name: .long, help: "Export only events whose seq is above this one.")
    var after: UInt64 = 0

    func run() throws {
        do {
            let store = try HazmonStore.open(path: db, options: StoreOptions(readOnly: true))
            let out = try OutputFile(path: events)
            var last = after
            var count = 0
            var first: UInt64?
            while true {
                let page = try store.events(afterSeq: last, limit: 10_000)
                for event in page { try out.writeLine(event.json) }
                count += page.count
                if first == nil { first = page.first?.seq }
                guard let tail = page.last else { break }
                last = tail.seq
            }
            try out.flush()
            let range = first.map { " (seq \($0)…\(last))" } ?? ""
            let summary = "exported \(count) events\(range) from \(db) to \(events)"
            if events == "-" { Console.err(summary) } else { Console.out(summary) }
        } catch let error as StoreError {
            Console.err("error: \(error); nothing exported")
            throw ExitCode(1)
        } catch {
            Console.err("error: \(error)")
            throw ExitCode(1)
        }
    }
}
