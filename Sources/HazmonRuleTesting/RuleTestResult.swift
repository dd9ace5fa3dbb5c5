import HazmonCore

/// The verdict on one case, with what is needed to explain it.
public struct CaseResult: Sendable {
    /// The test file as the caller named it.
    public var path: String
    public var testCase: RuleTestCase
    public var outcome: CaseRunner.Outcome
    public var report: EventMatcher.Report

    /// True when every expectation was met, nothing unexpected happened and no action was refused.
    public var passed: Bool { report.passed && outcome.refusals.isEmpty }

    /// Runs every case of a file.
    public static func run(_ file: RuleTestFile) -> [CaseResult] {
        file.cases.map { testCase in
            let outcome = CaseRunner.run(testCase, catalog: file.catalog)
            let report = EventMatcher.compare(
                expected: testCase.expected, observed: outcome.events, mode: testCase.match)
            return CaseResult(path: file.path, testCase: testCase, outcome: outcome, report: report)
        }
    }

    /// `PASS file: name (3 events)`, or `FAIL …` followed by one indented line per difference,
    /// each starting with `file:line:` of the expectation or action it concerns; with `verbose`, every event.
    public func lines(verbose: Bool) -> [String] {
        let start = testCase.start
        let count = outcome.events.count
        let events = "\(count) event\(count == 1 ? "" : "s")"
        guard !passed else {
            return ["PASS \(path): \(testCase.name) (\(events))"] + (verbose ? eventLines() : [])
        }
        var out = ["FAIL \(path): \(testCase.name) (\(report.matched) of \(testCase.expected.count) expected "
            + "event(s) matched, \(events) observed)"]
        for refusal in outcome.refusals {
            out.append("  \(path):\(refusal.action.line): action refused: \(refusal.action.label) at "
                + "\(EventText.time(refusal.action.ts, start: start)): \(refusal.reason)")
        }
        for want in report.missing {
            out.append("  \(path):\(want.line): missing: \(EventText.describe(want, start: start))")
        }
        for (want, got) in report.nearMisses {
            out.append("  \(path):\(want.line): near miss: \(nearMiss(want, got))")
        }
        for got in report.unexpected {
            out.append("  \(path):\(testCase.line): unexpected: \(EventText.describe(got, start: start)) "
                + "(\(EventText.details(got)))")
        }
        if outcome.ignoredSamples > 0 {
            out.append("  note: the engine ignored \(outcome.ignoredSamples) late or duplicate sample(s)")
        }
        return out + (verbose ? eventLines() : [])
    }

    private func nearMiss(_ want: ExpectedEvent, _ got: ObservedEvent) -> String {
        let start = testCase.start
        let alarm = "\(want.enterprise)/\(want.tag)/\(want.condition.rawValue)"
        if want.transition != got.transition {
            return "\(alarm): expected \(want.transition.name) at \(EventText.time(want.ts, start: start)), "
                + "got \(got.transition.name) at \(EventText.time(got.ts, start: start))"
        }
        var parts: [String] = []
        if want.ts != got.ts {
            parts.append("expected at \(EventText.time(want.ts, start: start)), got at "
                + EventText.time(got.ts, start: start))
        }
        parts += EventMatcher.differences(want, got).map { "expected " + $0 }
        let at = want.ts == got.ts ? " at \(EventText.time(want.ts, start: start))" : ""
        return "\(alarm) \(want.transition.name)\(at): " + parts.joined(separator: "; ")
    }

    private func eventLines() -> [String] {
        outcome.events.map { e in
            "    \(EventText.describe(e, start: testCase.start)) (\(EventText.details(e)))"
        }
    }
}
