import HazmonIO
import HazmonIngest
import Testing

@Suite struct DeadLetterTests {
    @Test func keepsTheNewestUpToCapacity() {
        let ring = DeadLetterRing(capacity: 3)
        for k in 1...5 {
            ring.append(
                Rejection(reason: .malformed, detail: "d\(k)"), topic: "hz/E\(k)", payload: Array("p\(k)".utf8),
                receiveTime: Int64(k))
        }
        let held = ring.snapshot()
        #expect(held.map(\.detail) == ["d3", "d4", "d5"])
        #expect(held.map(\.sequence) == [3, 4, 5])
        #expect(held.map(\.topic) == ["hz/E3", "hz/E4", "hz/E5"])
        #expect(held.map(\.payload) == ["p3", "p4", "p5"])
        #expect(held.map(\.receiveTime) == [3, 4, 5])
        #expect(ring.count == 3 && ring.appended == 5)
        #expect(ring.entries(after: 4).map(\.detail) == ["d5"])
        #expect(ring.entries(after: 0).count == 3)
        #expect(ring.entries(after: 5).isEmpty)
    }

    @Test func defaultBound() {
        let ring = DeadLetterRing()
        #expect(ring.capacity == 1000 && ring.payloadLimit == 1024)
        let rejections = (0..<1500).map { (k: Int) in Rejection(reason: .unknownTag, detail: "points[\(k)]", point: k) }
        Array("{}".utf8).withUnsafeBufferPointer {
            ring.append(rejections, topic: "hz/E1", payload: $0, receiveTime: 0)
        }
        #expect(ring.count == 1000)
        #expect(ring.snapshot().first?.detail == "points[500]")
        #expect(ring.snapshot().last?.detail == "points[1499]")
    }

    @Test(
        arguments: [
            // (payload bytes, limit, kept text, truncated)
            (Array(repeating: UInt8(ascii: "a"), count: 2000), 1024, String(repeating: "a", count: 1024), true),
            (Array("abc".utf8), 3, "abc", false),
            (Array("ééé".utf8), 5, "éé", true),  // the third é would be cut in two: dropped whole
            (Array("a😀b".utf8), 4, "a", true),
            (Array("a😀b".utf8), 5, "a😀", true),
            ([0xFF, 0x41, 0xC3], 10, "\u{FFFD}A\u{FFFD}", false),  // invalid UTF-8 replaced
            ([0x41, 0x80, 0x80, 0x42], 2, "A\u{FFFD}", true),  // stray continuation bytes: cut where asked
            (Array("abc".utf8), 0, "", true),
        ] as [([UInt8], Int, String, Bool)])
    func truncatesPayloadText(payload: [UInt8], limit: Int, text: String, truncated: Bool) {
        let ring = DeadLetterRing(capacity: 2, payloadLimit: limit)
        ring.append(Rejection(reason: .oversized, detail: ""), topic: "t", payload: payload, receiveTime: 0)
        let letter = ring.snapshot()[0]
        #expect(letter.payload == text)
        #expect(letter.payloadTruncated == truncated)
        #expect(letter.payloadBytes == payload.count)
    }

    @Test func countersCountEveryReason() async {
        let counters = RejectionCounters()
        #expect(counters.snapshot() == RejectionCounts())
        counters.add(.malformed)
        counters.add(.late, count: 41)
        counters.add([Rejection(reason: .late, detail: ""), Rejection(reason: .unknownTag, detail: "")])
        let snapshot = counters.snapshot()
        #expect(
            snapshot[.malformed] == 1 && snapshot[.late] == 42 && snapshot[.unknownTag] == 1
                && snapshot[.oversized] == 0)
        #expect(snapshot.total == 44)
        #expect(snapshot.byReason.map(\.reason) == RejectReason.allCases)
        #expect(snapshot.byReason.first { $0.reason == .late }?.count == 42)
    }

    @Test func countersAreSharedSafely() async {
        let counters = RejectionCounters()
        await withTaskGroup(of: Void.self) { group in
            for reason in RejectReason.allCases {
                group.addTask { for _ in 0..<10_000 { counters.add(reason) } }
            }
            group.addTask { for _ in 0..<100 { _ = counters.snapshot() } }
        }
        let snapshot = counters.snapshot()
        #expect(RejectReason.allCases.allSatisfy { snapshot[$0] == 10_000 })
    }
}
