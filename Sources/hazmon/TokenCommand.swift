import ArgumentParser
import Foundation
import HazmonConsole

/// `hazmon token`: manages the console's bearer tokens (SPEC §10); the file holds hashes only.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage console API tokens (stored hashed in a JSON-lines file, mode 0600).",
        subcommands: [Add.self, List.self]
    )

    struct FileOption: ParsableArguments {
        @Option(name: .long, help: "The tokens file.")
        var tokens: String = TokenFile.defaultPath
    }

    /// `hazmon token add --name NAME --role ROLE`: prints the new token once, alone on the last line.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once, alone on the last line, and never stored in clear.")

        @Option(name: .long, help: "Unique holder name (letters, digits, '.', '-', '_'); audited as the actor.")
        var name: String

        @Option(name: .long, help: "viewer, operator, inspector or admin.")
        var role: String

        @OptionGroup var file: FileOption

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role \(role) is not a role; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
            do {
                let token = try TokenFile.add(name: name, role: Role(rawValue: role)!, path: file.tokens, now: now)
                Console.out("added token \"\(name)\" (\(role)) to \(file.tokens); it is shown only now:")
                Console.out(token)
            } catch {
                Console.err("error: \(error.description)")
                throw ExitCode(1)
            }
        }
    }

    /// `hazmon token list`: names and roles, never hashes.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List token names and roles.")

        @OptionGroup var file: FileOption

        func run() throws {
            do {
                let records = try TokenFile.load(path: file.tokens)
                if records.isEmpty { Console.out("no tokens in \(file.tokens); add one with `hazmon token add`") }
                for r in records { Console.out("\(r.name)\t\(r.role.rawValue)\t\(r.created)") }
            } catch {
                Console.err("error: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}
