import Foundation

/// Checks JSON documents against the JSON Schemas in `Alerts/` with an independent validator
/// (Debian's python3-jsonschema, draft 2020-12), for every test target that checks a contract.
public enum SchemaValidator {
    /// What the validator said about one JSON-lines file.
    public struct Verdict: Sendable {
        /// 1-based numbers of the lines that do not match the schema.
        public var invalidLines: [Int]
        /// Non-blank lines read.
        public var checked: Int
        /// One message per violation, `line N: …`.
        public var messages: String

        public var isValid: Bool { invalidLines.isEmpty }
    }

    /// The validator could not run (python3-jsonschema missing, an invalid schema, unreadable input).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Validates every non-blank line of the JSON-lines file `path` against the schema file `schema`.
    public static func validate(jsonLines path: String, schema: String) throws -> Verdict {
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            v = Draft202012Validator(schema)
            n = 0
            for i, line in enumerate(open(sys.argv[2]), 1):
                if not line.strip(): continue
                n += 1
                errors = list(v.iter_errors(json.loads(line)))
                for e in errors: print(f"line {i}: {e.message}", file=sys.stderr)
                if errors: print(f"invalid {i}")
            print(f"checked {n}")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, schema, path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "the validator failed (python3-jsonschema installed? schema \(schema)): \(stderr)")
        }
        var verdict = Verdict(invalidLines: [], checked: 0, messages: stderr)
        for line in stdout.split(separator: "\n") {
            if line.hasPrefix("invalid "), let n = Int(line.dropFirst(8)) { verdict.invalidLines.append(n) }
            if line.hasPrefix("checked "), let n = Int(line.dropFirst(8)) { verdict.checked = n }
        }
        return verdict
    }

    /// Validates documents given as strings (one JSON object each), through a temporary file.
    public static func validate(documents: [String], schema: String) throws -> Verdict {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-schema-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try (documents.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return try validate(jsonLines: file.path, schema: schema)
    }
}
