import HazmonCore
import Testing

/// VOTE (Appendix B): counts members whose condition is active after its own delays; activates
/// at the sample that brings the count to k, returns at the one that takes it below k.
@Suite("VOTE")
struct VoteTests {
    /// Three gas detectors (tags 0–2) with H 25 %LEL, the first with a 10 s on-delay; a 2-of-3 vote.
    private func rig(firstOnDelay: Millis = 0, k: Int = 2) -> Rig {
        let tags = (0..<3).map { i in
            tag("GT10\(i)", kind: .gasCombustible, limits: [limit(.H, 25, on: i == 0 ? firstOnDelay : 0)])
        }
        let vote = VoteSpec(id: "AREA1-GAS", enterprise: 0, hazardSource: 0, members: [0, 1, 2], condition: .H, k: k)
        return Rig(model(tags, votes: [vote]))
    }

    @Test("2 of 3: activates at the second member, returns when fewer than 2 remain")
    func twoOfThree() {
        var rig = rig()
        let vote = rig.engine.alarm(ofVote: 0)
        let (h0, h1, h2) = (rig.alarm(0, .H), rig.alarm(1, .H), rig.alarm(2, .H))
        #expect(rig.feed(0, 0, 30) == [.act(h0, 0)])
        #expect(rig.feed(1, 1 * sec, 30) == [.act(h1, 1 * sec), .act(vote, 1 * sec)])
        #expect(rig.feed(2, 2 * sec, 30) == [.act(h2, 2 * sec)])
        #expect(rig.feed(0, 3 * sec, 10) == [.rtn(h0, 3 * sec)])
        #expect(rig.feed(1, 4 * sec, 10) == [.rtn(h1, 4 * sec), .rtn(vote, 4 * sec)])
        #expect(rig.feed(2, 5 * sec, 10) == [.rtn(h2, 5 * sec)])
        #expect(rig.feed(0, 6 * sec, 30) == [.act(h0, 6 * sec)])
        #expect(rig.feed(2, 7 * sec, 30) == [.act(h2, 7 * sec), .act(vote, 7 * sec)])
    }

    @Test("the vote event names the vote's alarm, carries the count and k")
    func voteEventFields() throws {
        var rig = rig()
        let vote = rig.engine.alarm(ofVote: 0)
        #expect(vote == rig.engine.alarmCount - 1)
        #expect(rig.engine.rules[vote].condition == .VOTE)
        rig.feed(0, 0, 30)
        let events = rig.send(1, 1 * sec, 30).events
        let e = try #require(events.last)
        #expect(events.count == 2)
        #expect(e.alarm == Int32(vote))
        #expect(e.transition == .activate)
        #expect(e.enterprise == 0)
        #expect(e.value == 2)
        #expect(e.limit == 2)
        #expect(e.flags == [.annunciated])
    }

    @Test("a member counts only after its own on-delay")
    func memberDelay() {
        var rig = rig(firstOnDelay: 10 * sec)
        let vote = rig.engine.alarm(ofVote: 0)
        let (h0, h1) = (rig.alarm(0, .H), rig.alarm(1, .H))
        #expect(rig.feed(0, 0, 30) == [])
        #expect(rig.feed(1, 1 * sec, 30) == [.act(h1, 1 * sec)])
        #expect(rig.feed(0, 5 * sec, 30) == [])
        #expect(rig.feed(0, 10 * sec, 30) == [.act(h0, 10 * sec), .act(vote, 10 * sec)])
    }

    @Test("an unusable member sample changes no count")
    func unusableMember() {
        var rig = rig()
        let vote = rig.engine.alarm(ofVote: 0)
        rig.feed(0, 0, 30)
        rig.feed(1, 1 * sec, 30)
        #expect(rig.feed(1, 2 * sec, .nan) == [.act(rig.alarm(1, .BAD), 2 * sec)])
        #expect(rig.state(vote) == .unack)
    }

    @Test("k = 1 follows any member; k = 3 needs all", arguments: [1, 3])
    func kBounds(_ k: Int) {
        var rig = rig(k: k)
        let vote = rig.engine.alarm(ofVote: 0)
        let (h0, h1, h2) = (rig.alarm(0, .H), rig.alarm(1, .H), rig.alarm(2, .H))
        #expect(rig.feed(0, 0, 30) == [.act(h0, 0)] + (k == 1 ? [.act(vote, 0)] : []))
        #expect(rig.feed(1, 1 * sec, 30) == [.act(h1, 1 * sec)])
        #expect(rig.feed(2, 2 * sec, 30) == [.act(h2, 2 * sec)] + (k == 3 ? [.act(vote, 2 * sec)] : []))
        #expect(rig.feed(2, 3 * sec, 0) == [.rtn(h2, 3 * sec)] + (k == 3 ? [.rtn(vote, 3 * sec)] : []))
        #expect(rig.feed(1, 4 * sec, 0) == [.rtn(h1, 4 * sec)])
        #expect(rig.feed(0, 5 * sec, 0) == [.rtn(h0, 5 * sec)] + (k == 1 ? [.rtn(vote, 5 * sec)] : []))
    }

    @Test("a vote over STALE members is stamped with the stale deadline")
    func staleVote() {
        let tags = [tag("A", stale: 60 * sec), tag("B", stale: 60 * sec), tag("C")]
        let vote = VoteSpec(id: "COMMS", enterprise: 0, hazardSource: 0, members: [0, 1], condition: .STALE, k: 2)
        var rig = Rig(model(tags, votes: [vote]))
        let v = rig.engine.alarm(ofVote: 0)
        let (a, b) = (rig.alarm(0, .STALE), rig.alarm(1, .STALE))
        rig.feed(0, 0, 1)
        rig.feed(1, 5 * sec, 1)
        #expect(rig.feed(2, 100 * sec, 1) == [.act(a, 60 * sec), .act(b, 65 * sec), .act(v, 65 * sec)])
        #expect(rig.feed(0, 101 * sec, 1) == [.rtn(a, 101 * sec), .rtn(v, 101 * sec)])
    }
}
