import HazmonCore
import Testing

@Suite("DISCRETE")
struct DiscreteTests {
    @Test("the alarm value activates, the other value returns", arguments: [true, false])
    func alarmValue(_ alarmValue: Bool) {
        var rig = Rig(tag("GND", discrete: alarmValue))
        let d = rig.alarm(0, .DISCRETE)
        let (alarming, fine): (Double, Double) = alarmValue ? (1, 0) : (0, 1)
        #expect(rig.feed(0, 0, fine) == [])
        #expect(rig.feed(0, 1 * sec, alarming) == [.act(d, 1 * sec)])
        #expect(rig.feed(0, 2 * sec, alarming) == [])
        #expect(rig.feed(0, 3 * sec, fine) == [.rtn(d, 3 * sec)])
    }

    @Test("on- and off-delays apply")
    func delays() {
        var rig = Rig(tag("GND", discrete: true, discreteTiming: timing(on: 3 * sec, off: 2 * sec)))
        let d = rig.alarm(0, .DISCRETE)
        #expect(rig.feed(0, [(0, 1), (2 * sec, 0), (3 * sec, 1), (5 * sec, 1)]) == [])
        #expect(rig.feed(0, 6 * sec, 1) == [.act(d, 6 * sec)])
        #expect(rig.feed(0, [(7 * sec, 0), (8 * sec, 1), (9 * sec, 0)]) == [])
        #expect(rig.feed(0, 11 * sec, 0) == [.rtn(d, 11 * sec)])
    }

    @Test("a bad-quality alarm value raises BAD only")
    func badQuality() {
        var rig = Rig(tag("GND", discrete: true))
        let (bad, d) = (rig.alarm(0, .BAD), rig.alarm(0, .DISCRETE))
        #expect(rig.feed(0, 0, 1, .bad) == [.act(bad, 0)])
        #expect(rig.state(d) == .normal)
    }
}
