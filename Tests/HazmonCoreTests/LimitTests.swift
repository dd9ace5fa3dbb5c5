import HazmonCore
import Testing

/// One limit on one tag, a series of samples, and the exact transitions they must cause.
struct LimitCase: CustomTestStringConvertible, Sendable {
    var name: String
    var rule: LimitRule
    /// `(ts, value)` in arrival order.
    var samples: [(Millis, Double)]
    /// `(transition, ts)` of the limit's alarm, in order.
    var expected: [(Transition, Millis)]

    var testDescription: String { name }
}

// H 80 with deadband 5 (clears below 75); L 20 with deadband 5 (clears above 25).
private let highCases: [LimitCase] = [
    LimitCase(
        name: "exactly at the limit activates (v >= limit)", rule: limit(.H, 80),
        samples: [(0, 79.999), (1 * sec, 80)], expected: [(.activate, 1 * sec)]),
    LimitCase(
        name: "just under the limit never activates", rule: limit(.H, 80),
        samples: [(0, 79.999), (1 * sec, 79.9), (2 * sec, 0)], expected: []),
    LimitCase(
        name: "on = 0: the first sample at or over the limit activates", rule: limit(.H, 80, deadband: 5),
        samples: [(0, 50), (3 * sec, 95)], expected: [(.activate, 3 * sec)]),
    LimitCase(
        name: "on-delay: activates at the sample exactly `on` after the pending start",
        rule: limit(.H, 80, on: 10 * sec),
        samples: [(0, 85), (5 * sec, 85), (9_999, 85), (10 * sec, 85), (11 * sec, 85)],
        expected: [(.activate, 10 * sec)]),
    LimitCase(
        name: "on-delay: stamped with the first sample past it, not the deadline",
        rule: limit(.H, 80, on: 10 * sec),
        samples: [(0, 85), (4 * sec, 81), (12 * sec, 80), (20 * sec, 90)], expected: [(.activate, 12 * sec)]),
    LimitCase(
        name: "on-delay: one dip below the limit restarts the pending period", rule: limit(.H, 80, on: 10 * sec),
        samples: [(0, 85), (5 * sec, 79.9), (6 * sec, 85), (10 * sec, 85), (15 * sec, 85), (16 * sec, 85)],
        expected: [(.activate, 16 * sec)]),
    LimitCase(
        name: "on-delay: a dip into the deadband also ends the pending period",
        rule: limit(.H, 80, deadband: 5, on: 10 * sec),
        samples: [(0, 85), (9 * sec, 77), (10 * sec, 85), (19 * sec, 85), (20 * sec, 85)],
        expected: [(.activate, 20 * sec)]),
    LimitCase(
        name: "on-delay: a single sample never activates", rule: limit(.H, 80, on: 10 * sec),
        samples: [(0, 85)], expected: []),
    LimitCase(
        name: "deadband: values in [limit - d, limit) keep it active", rule: limit(.H, 80, deadband: 5),
        samples: [(0, 85), (1 * sec, 79.99), (2 * sec, 76), (3 * sec, 75.5)], expected: [(.activate, 0)]),
    LimitCase(
        name: "deadband: exactly limit - d does not clear, just below does", rule: limit(.H, 80, deadband: 5),
        samples: [(0, 85), (1 * sec, 75), (2 * sec, 75), (3 * sec, 74.999)],
        expected: [(.activate, 0), (.return, 3 * sec)]),
    LimitCase(
        name: "deadband 0: the first value under the limit returns", rule: limit(.H, 80),
        samples: [(0, 80), (1 * sec, 80), (2 * sec, 79.999)], expected: [(.activate, 0), (.return, 2 * sec)]),
    LimitCase(
        name: "off = 0 and on = 0: every crossing is a transition", rule: limit(.H, 80, deadband: 5),
        samples: [(0, 80), (1 * sec, 74), (2 * sec, 80), (3 * sec, 74)],
        expected: [(.activate, 0), (.return, 1 * sec), (.activate, 2 * sec), (.return, 3 * sec)]),
    LimitCase(
        name: "off-delay: returns at the first sample where the clearing period lasted `off`",
        rule: limit(.H, 80, deadband: 5, off: 10 * sec),
        samples: [(0, 85), (1 * sec, 70), (5 * sec, 70), (10_999, 70), (11 * sec, 70), (12 * sec, 70)],
        expected: [(.activate, 0), (.return, 11 * sec)]),
    LimitCase(
        name: "off-delay: a value in the deadband ends the running clearing period",
        rule: limit(.H, 80, deadband: 5, off: 10 * sec),
        samples: [(0, 85), (1 * sec, 70), (5 * sec, 77), (6 * sec, 70), (15 * sec, 70), (16 * sec, 70)],
        expected: [(.activate, 0), (.return, 16 * sec)]),
    LimitCase(
        name: "off-delay: exactly limit - d ends the running clearing period",
        rule: limit(.H, 80, deadband: 5, off: 10 * sec),
        samples: [(0, 85), (1 * sec, 70), (5 * sec, 75), (6 * sec, 70), (15 * sec, 70), (16 * sec, 70)],
        expected: [(.activate, 0), (.return, 16 * sec)]),
    LimitCase(
        name: "off-delay: going back over the limit ends the clearing period without a new activation",
        rule: limit(.H, 80, deadband: 5, off: 10 * sec),
        samples: [(0, 85), (1 * sec, 70), (5 * sec, 90), (6 * sec, 70), (11 * sec, 70), (16 * sec, 70)],
        expected: [(.activate, 0), (.return, 16 * sec)]),
    LimitCase(
        name: "on and off delays together", rule: limit(.H, 80, deadband: 5, on: 5 * sec, off: 5 * sec),
        samples: [
            (0, 85), (4 * sec, 85), (5 * sec, 85), (6 * sec, 60), (10 * sec, 60), (11 * sec, 60), (12 * sec, 85),
        ],
        expected: [(.activate, 5 * sec), (.return, 11 * sec)]),
]

private let lowCases: [LimitCase] = [
    LimitCase(
        name: "exactly at the limit activates (v <= limit)", rule: limit(.L, 20),
        samples: [(0, 20.001), (1 * sec, 20)], expected: [(.activate, 1 * sec)]),
    LimitCase(
        name: "deadband: exactly limit + d does not clear, just above does", rule: limit(.L, 20, deadband: 5),
        samples: [(0, 15), (1 * sec, 20.5), (2 * sec, 25), (3 * sec, 25.001)],
        expected: [(.activate, 0), (.return, 3 * sec)]),
    LimitCase(
        name: "on-delay: one rise above the limit restarts the pending period",
        rule: limit(.L, 20, deadband: 5, on: 10 * sec),
        samples: [(0, 15), (9 * sec, 20.5), (10 * sec, 15), (19 * sec, 10), (20 * sec, 15)],
        expected: [(.activate, 20 * sec)]),
    LimitCase(
        name: "off-delay: a value in the deadband ends the running clearing period",
        rule: limit(.LL, 10, deadband: 2, off: 10 * sec),
        samples: [(0, 5), (1 * sec, 13), (5 * sec, 12), (6 * sec, 30), (15 * sec, 30), (16 * sec, 30)],
        expected: [(.activate, 0), (.return, 16 * sec)]),
    LimitCase(
        name: "high values never activate a low limit", rule: limit(.L, 20),
        samples: [(0, 100), (1 * sec, 20.001)], expected: []),
]

@Suite("Absolute limits (Appendix B)")
struct LimitTests {
    private func run(_ c: LimitCase) {
        var rig = Rig(tag("T", limits: [c.rule]))
        let a = rig.alarm(0, c.rule.condition)
        let events = rig.feed(0, c.samples)
        // A limit alone never acknowledges: returns leave the alarm in rtn_unack.
        let expected = c.expected.map { Ev(a, $0.0, $0.1, $0.0 == .activate ? .unack : .rtnUnack) }
        #expect(events == expected)
    }

    @Test("high limit", arguments: highCases)
    func high(_ c: LimitCase) { run(c) }

    @Test("HH behaves as a high limit", arguments: highCases)
    func highHH(_ c: LimitCase) {
        var c = c
        c.rule.condition = .HH
        run(c)
    }

    @Test("low limit", arguments: lowCases)
    func low(_ c: LimitCase) { run(c) }

    @Test("a high limit mirrored is a low limit", arguments: highCases)
    func mirrored(_ c: LimitCase) {
        // v ↦ -v turns `v >= 80, clear below 75` into `v <= -80, clear above -75`.
        var c = c
        c.rule.condition = .L
        c.rule.value = -c.rule.value
        c.samples = c.samples.map { ($0.0, -$0.1) }
        run(c)
    }

    @Test("HH and H on one tag: HH is reported first whatever the declaration order")
    func hhAndH() {
        var rig = Rig(tag("T", limits: [limit(.H, 80, deadband: 2), limit(.HH, 90, deadband: 2)]))
        let hh = rig.alarm(0, .HH)
        let h = rig.alarm(0, .H)
        #expect(rig.feed(0, 0, 95) == [.act(hh, 0), .act(h, 0)])
        #expect(rig.feed(0, 1 * sec, 88.5) == [])  // inside HH's deadband
        #expect(rig.feed(0, 2 * sec, 87.9) == [.rtn(hh, 2 * sec)])
        #expect(rig.feed(0, 3 * sec, 78) == [])  // inside H's deadband
        #expect(rig.feed(0, 4 * sec, 77.5) == [.rtn(h, 4 * sec)])
        #expect(rig.feed(0, 5 * sec, 85) == [.act(h, 5 * sec)])
        #expect(rig.state(hh) == .rtnUnack)
        #expect(rig.state(h) == .unack)
    }

    @Test("four limits on one tag are independent")
    func fourLimits() {
        var rig = Rig(
            tag("T", limits: [limit(.LL, 10), limit(.L, 20), limit(.H, 80), limit(.HH, 90)]))
        let (hh, h, l, ll) = (rig.alarm(0, .HH), rig.alarm(0, .H), rig.alarm(0, .L), rig.alarm(0, .LL))
        #expect(rig.feed(0, 0, 50) == [])
        #expect(rig.feed(0, 1 * sec, 5) == [.act(l, 1 * sec), .act(ll, 1 * sec)])
        #expect(rig.feed(0, 2 * sec, 15) == [.rtn(ll, 2 * sec)])
        #expect(rig.feed(0, 3 * sec, 100) == [.act(hh, 3 * sec), .act(h, 3 * sec), .rtn(l, 3 * sec)])
    }

    @Test("activation events carry the value, the limit and the activation time")
    func eventFields() throws {
        var rig = Rig(tag("T", limits: [limit(.H, 80, on: 5 * sec)]))
        let h = rig.alarm(0, .H)
        rig.feed(0, 0, 81)
        let (_, events) = rig.send(0, 5 * sec, 82.5)
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.alarm == Int32(h))
        #expect(e.enterprise == 0)
        #expect(e.value == 82.5)
        #expect(e.limit == 80)
        #expect(e.activatedAt == 5 * sec)
        #expect(e.flags == [.annunciated])
        let (_, back) = rig.send(0, 6 * sec, 10)
        #expect(back.map(Ev.init) == [.rtn(h, 6 * sec)])
        #expect(back.first?.activatedAt == 5 * sec)
        #expect(back.first?.value == 10)
    }
}
