import Foundation
import Testing

/// `hazmon replay --report --report-json --compare --plot` end to end on a TEP subset (fault 6, 0:00–14:00).
@Suite struct ReplayReportTests {
    static let naive = CLI.repo.appendingPathComponent("docs/tuning-study/tep-naive.yaml").path
    static let tuned = CLI.repo.appendingPathComponent("Sensors/tep/tep.yaml").path

    /// The first 281 observations of d06_te (to 14:00, past the reactor pressure alarms).
    static func subset(into dir: URL) throws -> URL {
        let full = try CLI.tepCSV("d06_te", into: dir)
        let lines = try String(contentsOf: full, encoding: .utf8).split(separator: "\n")
        let out = dir.appendingPathComponent("d06_subset.csv")
        try (lines.prefix(1 + 21 * 281).joined(separator: "\n") + "\n").write(to: out, atomically: true, encoding: .utf8)
        return out
    }

    @Test func reportCompareAndPlots() throws {
        let dir = try CLI.tempDir()
        let csv = try Self.subset(into: dir)
        let events = dir.appendingPathComponent("events.jsonl")
        let json = dir.appendingPathComponent("report.json")
        let plots = dir.appendingPathComponent("plots")
        let result = try CLI.run([
            "replay", "--sensors", Self.naive, "--input", csv.path, "--events", events.path, "--report",
            "--report-json", json.path, "--compare", Self.tuned, "--reference", "2026-01-01T08:00:00Z",
            "--plot", plots.path,
        ])
        #expect(result.status == 0, "replay failed: \(result.stderr)")
        #expect(result.stdout.contains("alarm-quality report (ISA-18.2 / EEMUA 191)"))
        #expect(result.stdout.contains("catalog comparison: A = \(Self.naive), B = \(Self.tuned)"))

        // The report counts exactly the annunciated activations the events file holds.
        let written = try CLI.events(at: events)
        let annunciated = written.filter {
            $0["transition"] as? String == "activate" && $0["annunciated"] as? Bool == true
        }.count
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let a = try #require((root["a"] as? [String: Any])?["report"] as? [String: Any])
        let b = try #require((root["b"] as? [String: Any])?["report"] as? [String: Any])
        #expect((a["overall"] as? [String: Any])?["annunciated"] as? Int == annunciated)
        #expect(annunciated > 0)
        #expect(a["periods_10min"] as? Int == 85)  // 00:00 … 14:00

        // The tuned catalog raises reactor pressure HH at 13:30 and the naive one has no HH at all.
        let tags = try #require(root["alarms"] as? [[String: Any]])
        let hh = try #require(tags.first { $0["key"] as? String == "TEP/R.PT/HH" })
        #expect(hh["change"] as? String == "new")
        #expect(hh["b_first"] as? String == "2026-01-01T13:30:00.000Z")
        let bAlarms = try #require(b["alarms"] as? [[String: Any]])
        #expect(bAlarms.contains { $0["id"] as? String == "TEP/R.PT/H" && $0["first"] as? String == "2026-01-01T12:57:00.000Z" })

        // One well-formed SVG per tag with alarms, each with its limit lines.
        let files = try FileManager.default.contentsOfDirectory(atPath: plots.path).filter { $0.hasSuffix(".svg") }
        #expect(files.contains("TEP_R.PT.svg"))
        let check = """
            import sys, xml.etree.ElementTree as ET
            ns = '{http://www.w3.org/2000/svg}'
            for path in sys.argv[1:]:
                root = ET.parse(path).getroot()
                assert root.tag == ns + 'svg', path
                limits = [e.get('data-limit') for e in root.iter(ns + 'line') if e.get('class') == 'limit']
                assert len(limits) == 2, (path, limits)
                assert root.find('.//' + ns + 'polyline') is not None, path
                print(path.rsplit('/', 1)[-1], ' '.join(limits))
            """
        let parsed = try CLI.runProcess("/usr/bin/python3", ["-c", check] + files.map { plots.appendingPathComponent($0).path })
        #expect(parsed.status == 0, "SVG check failed: \(parsed.stderr)")
        #expect(parsed.stdout.contains("TEP_R.PT.svg H 2721.2 L 2689.6"), "\(parsed.stdout)")
    }

    @Test func plotAllDrawsEveryTagWithSamples() throws {
        let dir = try CLI.tempDir()
        let csv = try Self.subset(into: dir)
        let plots = dir.appendingPathComponent("all")
        let result = try CLI.run(["replay", "--sensors", Self.tuned, "--input", csv.path, "--events", "/dev/null",
                                  "--plot", plots.path, "--plot-all"])
        #expect(result.status == 0, "replay failed: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: plots.path).count == 21)
        #expect(result.stdout.contains("plots: 21 SVG file(s)"))
    }

    @Test(arguments: [
        (["--compare", "/nonexistent/catalog.yaml"], "nothing compared"),
        (["--reference", "yesterday"], "--reference must be an RFC 3339 time"),
        (["--plot-all"], "--plot-all needs --plot DIR"),
    ])
    func badArgumentsSayWhat(extra: [String], message: String) throws {
        let dir = try CLI.tempDir()
        let csv = dir.appendingPathComponent("one.csv")
        try "ts,enterprise,tag,value\n0,TEP,R.PT,2700\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try CLI.run(["replay", "--sensors", Self.tuned, "--input", csv.path, "--events", "/dev/null"] + extra)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
