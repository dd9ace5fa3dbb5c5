import HazmonCore
import Testing

/// FROZEN (Appendix B): a reference value and time from the first sample, reset by any move
/// beyond epsilon (which returns an active FROZEN); activates once `ts - reference_time >= after`
/// with at least 3 samples (reference included) within epsilon.
struct FrozenCase: CustomTestStringConvertible, Sendable {
    var name: String
    var samples: [(Millis, Double)]
    var expected: [(Transition, Millis)]
    var testDescription: String { name }
}

// after 30 s, epsilon 0.5 (values chosen to be exact in binary).
private let frozenCases: [FrozenCase] = [
    FrozenCase(
        name: "three samples within epsilon spanning `after` activate at the third",
        samples: [(0, 5), (15 * sec, 5.25), (30 * sec, 4.75)], expected: [(.activate, 30 * sec)]),
    FrozenCase(
        name: "two samples spanning `after` are not enough; the third activates",
        samples: [(0, 5), (30 * sec, 5), (31 * sec, 5)], expected: [(.activate, 31 * sec)]),
    FrozenCase(
        name: "three samples within epsilon but not yet `after`: waits for the time",
        samples: [(0, 5), (10 * sec, 5), (20 * sec, 5), (29_999, 5), (30 * sec, 5)],
        expected: [(.activate, 30 * sec)]),
    FrozenCase(
        name: "exactly epsilon from the reference is within it",
        samples: [(0, 5), (15 * sec, 5.5), (30 * sec, 4.5)], expected: [(.activate, 30 * sec)]),
    FrozenCase(
        name: "compared with the reference, not the previous sample: drift beyond epsilon resets",
        samples: [(0, 5), (10 * sec, 5.25), (20 * sec, 5.75), (40 * sec, 5.75), (49_999, 5.75), (50 * sec, 5.75)],
        expected: [(.activate, 50 * sec)]),
    FrozenCase(
        name: "a move beyond epsilon returns an active FROZEN and sets a new reference",
        samples: [
            (0, 5), (15 * sec, 5), (30 * sec, 5), (31 * sec, 5.75), (50 * sec, 5.75), (60 * sec, 5.75),
            (61 * sec, 5.5),
        ],
        expected: [(.activate, 30 * sec), (.return, 31 * sec), (.activate, 61 * sec)]),
    FrozenCase(
        name: "stays active while the value stays put",
        samples: [(0, 5), (15 * sec, 5), (30 * sec, 5), (10 * minute, 5), (20 * minute, 5.5)],
        expected: [(.activate, 30 * sec)]),
    FrozenCase(
        name: "a moving value never freezes",
        samples: [(0, 0), (20 * sec, 1), (40 * sec, 2), (60 * sec, 3), (80 * sec, 4)], expected: []),
]

@Suite("FROZEN")
struct FrozenTests {
    @Test("stuck sensor detection", arguments: frozenCases)
    func frozen(_ c: FrozenCase) {
        var rig = Rig(tag("T", frozen: FrozenRule(after: 30 * sec, epsilon: 0.5)))
        let a = rig.alarm(0, .FROZEN)
        let expected = c.expected.map { Ev(a, $0.0, $0.1, $0.0 == .activate ? .unack : .rtnUnack) }
        #expect(rig.feed(0, c.samples) == expected)
    }

    @Test("epsilon 0: only identical values count")
    func epsilonZero() {
        var rig = Rig(tag("T", frozen: FrozenRule(after: 10 * sec, epsilon: 0)))
        let a = rig.alarm(0, .FROZEN)
        #expect(rig.feed(0, [(0, 7), (5 * sec, 7), (10 * sec, 7.000001)]) == [])
        #expect(rig.feed(0, [(15 * sec, 7.000001), (20 * sec, 7.000001)]) == [.act(a, 20 * sec)])
    }
}
