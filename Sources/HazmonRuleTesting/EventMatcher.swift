import HazmonCore

/// Compares expected events with observed ones and explains the difference.
///
/// Order is not compared (as in the conformance examples, a multiset of events); the time, as every
/// field stated in the expectation, is. Matching runs in three passes:
/// 1. each expectation takes the first unused observed event equal on every field it states;
/// 2. an expectation left over takes a near miss, if there is one among the unused events: the same
///    alarm and transition at another time or with another state/priority/value/annunciation (the
///    closest in time wins), else the same alarm at the same time with another transition;
/// 3. what is still unused is unexpected, in `exact` mode only.
public enum EventMatcher {
    /// The result of one comparison.
    public struct Report: Sendable {
        /// Expectations met exactly.
        public var matched = 0
        /// Expectations with no event anything like them.
        public var missing: [ExpectedEvent] = []
        /// Expectations paired with the event that nearly matches them.
        public var nearMisses: [(expected: ExpectedEvent, observed: ObservedEvent)] = []
        /// Events nobody expected (`exact` mode).
        public var unexpected: [ObservedEvent] = []

        /// True when nothing is missing, near or unexpected.
        public var passed: Bool { missing.isEmpty && nearMisses.isEmpty && unexpected.isEmpty }
    }

    /// Compares `expected` with `observed` under `mode`.
    public static func compare(expected: [ExpectedEvent], observed: [ObservedEvent], mode: MatchMode) -> Report {
        var report = Report()
        var used = [Bool](repeating: false, count: observed.count)
        var leftover: [ExpectedEvent] = []
        for want in expected {
            if let i = observed.indices.first(where: { !used[$0] && matches(want, observed[$0]) }) {
                used[i] = true
                report.matched += 1
            } else {
                leftover.append(want)
            }
        }
        for want in leftover {
            let sameTransition = observed.indices.filter { i in
                !used[i] && sameAlarm(want, observed[i]) && observed[i].transition == want.transition
            }
            let closest = sameTransition.min { abs(observed[$0].ts - want.ts) < abs(observed[$1].ts - want.ts) }
            let other = closest ?? observed.indices.first { i in
                !used[i] && sameAlarm(want, observed[i]) && observed[i].ts == want.ts
            }
            if let i = other {
                used[i] = true
                report.nearMisses.append((want, observed[i]))
            } else {
                report.missing.append(want)
            }
        }
        if mode == .exact {
            report.unexpected = observed.indices.filter { !used[$0] }.map { observed[$0] }
        }
        return report
    }

    /// Equal on the identity, the time, and every optional field the expectation states.
    public static func matches(_ want: ExpectedEvent, _ got: ObservedEvent) -> Bool {
        sameAlarm(want, got) && want.transition == got.transition && want.ts == got.ts
            && differences(want, got).isEmpty
    }

    static func sameAlarm(_ want: ExpectedEvent, _ got: ObservedEvent) -> Bool {
        want.enterprise == got.enterprise && want.tag == got.tag && want.condition == got.condition
    }

    /// The stated optional fields that differ, as `name expected X, got Y`.
    static func differences(_ want: ExpectedEvent, _ got: ObservedEvent) -> [String] {
        var out: [String] = []
        if let state = want.state, state != got.state { out.append("state \(state.name), got \(got.state.name)") }
        if let priority = want.priority, priority != got.priority {
            out.append("priority \(priority.rawValue), got \(got.priority.rawValue)")
        }
        if let value = want.value, !sameValue(value, got.value) {
            out.append("value \(EventText.number(value)), got \(EventText.number(got.value))")
        }
        if let annunciated = want.annunciated, annunciated != got.annunciated {
            out.append("annunciated \(annunciated), got \(got.annunciated)")
        }
        return out
    }

    /// Equal within a relative 1e-9 (a ramp's `start + i × step` is not always the decimal one wrote); NaN equals NaN.
    static func sameValue(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }
}
