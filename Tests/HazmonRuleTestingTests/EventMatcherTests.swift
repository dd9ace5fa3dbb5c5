import HazmonCore
import HazmonRuleTesting
import Testing

private func seen(_ tag: String, _ c: Condition, _ t: Transition, _ ts: Millis, state: AlarmState = .unack,
                 value: Double = 1, annunciated: Bool = true) -> ObservedEvent {
    ObservedEvent(enterprise: "E", tag: tag, condition: c, transition: t, ts: ts, state: state,
                  priority: .medium, value: value, annunciated: annunciated)
}

private func want(_ tag: String, _ c: Condition, _ t: Transition, _ ts: Millis, line: Int = 0) -> ExpectedEvent {
    ExpectedEvent(enterprise: "E", tag: tag, condition: c, transition: t, ts: ts, line: line)
}

/// Matching expected events against observed ones: exact and contains, near misses, unexpected events.
@Suite struct EventMatcherTests {
    static let observed = [
        seen("T1", .H, .activate, 1000), seen("T1", .HH, .activate, 2000), seen("T1", .H, .return, 5000, state: .rtnUnack),
    ]

    @Test func exactMatchInAnyOrderPasses() {
        let expected = [want("T1", .H, .return, 5000), want("T1", .H, .activate, 1000), want("T1", .HH, .activate, 2000)]
        let report = EventMatcher.compare(expected: expected, observed: Self.observed, mode: .exact)
        #expect(report.passed)
        #expect(report.matched == 3)
    }

    @Test func extraEventsFailExactButNotContains() {
        let expected = [want("T1", .H, .activate, 1000)]
        let exact = EventMatcher.compare(expected: expected, observed: Self.observed, mode: .exact)
        #expect(!exact.passed)
        #expect(exact.unexpected.map(\.ts) == [2000, 5000])
        let contains = EventMatcher.compare(expected: expected, observed: Self.observed, mode: .contains)
        #expect(contains.passed)
    }

    @Test func sameAlarmAtAnotherTimeIsANearMissNotMissingPlusUnexpected() {
        let expected = [want("T1", .HH, .activate, 2500, line: 7)]
        let report = EventMatcher.compare(expected: expected, observed: Self.observed, mode: .contains)
        #expect(report.missing.isEmpty)
        #expect(report.nearMisses.count == 1)
        #expect(report.nearMisses.first?.observed.ts == 2000)
        #expect(report.nearMisses.first?.expected.line == 7)
    }

    @Test func closestInTimeIsChosenAsTheNearMiss() {
        let observed = [seen("T1", .H, .activate, 1000), seen("T1", .H, .activate, 9000)]
        let report = EventMatcher.compare(expected: [want("T1", .H, .activate, 8000)], observed: observed,
                                          mode: .contains)
        #expect(report.nearMisses.first?.observed.ts == 9000)
    }

    @Test func anotherTransitionAtTheSameTimeIsANearMiss() {
        let report = EventMatcher.compare(expected: [want("T1", .H, .ack, 5000)], observed: Self.observed,
                                          mode: .exact)
        #expect(report.nearMisses.first?.observed.transition == .return)
        #expect(report.unexpected.count == 2)
    }

    @Test func nothingAlikeIsMissing() {
        let report = EventMatcher.compare(expected: [want("T2", .L, .activate, 1000)], observed: Self.observed,
                                          mode: .contains)
        #expect(report.missing.count == 1)
        #expect(report.nearMisses.isEmpty)
    }

    @Test func statedOptionalFieldsMustMatch() {
        var expected = want("T1", .H, .return, 5000)
        expected.state = .ack
        let report = EventMatcher.compare(expected: [expected], observed: Self.observed, mode: .contains)
        #expect(report.nearMisses.count == 1)
        expected.state = .rtnUnack
        expected.value = 1 + 1e-12
        expected.annunciated = true
        #expect(EventMatcher.compare(expected: [expected], observed: Self.observed, mode: .contains).passed)
    }

    @Test func nanValuesMatchNaN() {
        var expected = want("T1", .BAD, .activate, 0)
        expected.value = .nan
        let observed = [seen("T1", .BAD, .activate, 0, value: .nan)]
        #expect(EventMatcher.compare(expected: [expected], observed: observed, mode: .exact).passed)
    }

    @Test func emptyExpectationsRequireSilenceInExactMode() {
        #expect(!EventMatcher.compare(expected: [], observed: Self.observed, mode: .exact).passed)
        #expect(EventMatcher.compare(expected: [], observed: [], mode: .exact).passed)
    }
}
