import HazmonCore
import HazmonIO
import Testing

@testable import HazmonIngest

/// Every case runs through the lean path and the general `JSONValue` path; both must agree.
@Suite struct TelemetryDecoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var topic: String
        var payload: String
        var samples: [Sample]
        var rejections: [Rejection]
        var testDescription: String { "\(topic) \(String(reflecting: String(payload.prefix(80))))" }

        init(_ topic: String, _ payload: String, _ samples: [Sample] = [], _ rejections: [Rejection] = []) {
            self.topic = topic
            self.payload = payload
            self.samples = samples
            self.rejections = rejections
        }
    }

    static func s(_ tag: Int32, _ ts: Millis, _ value: Double, _ quality: Quality = .good) -> Sample {
        Sample(tag: tag, ts: ts, value: value, quality: quality)
    }

    static func r(_ reason: RejectReason, _ detail: String, point: Int? = nil) -> Rejection {
        Rejection(reason: reason, detail: detail, point: point)
    }

    static let accepted: [Case] = [
        Case("hz/E1/T101.LT", #"{"ts": 1763798400123, "v": 42.1, "q": "good"}"#, [s(0, 1_763_798_400_123, 42.1)]),
        Case(
            "hz/E1/T102.PT", #"{"ts":"2025-11-22T08:00:00.123Z","v":-1.5e2,"q":"uncertain"}"#,
            [s(1, 1_763_798_400_123, -150, .uncertain)]),
        Case("hz/E1/T102.PT", #"{"ts":"2025-11-22T16:00:00+08:00","v":0.1,"q":"bad"}"#, [s(1, receive, 0.1, .bad)]),
        Case("hz/E1/T102.PT", #"{"ts":"1763798400001 ","v":7}"#, [s(1, 1_763_798_400_001, 7)]),
        Case("hz/E1/T102.PT", #"{"ts":1.763798400002e12,"v":7}"#, [s(1, 1_763_798_400_002, 7)]),
        Case("hz/E1/T1", #"{"ts":1763798400000,"v":true}"#, [s(2, receive, 1)]),
        Case("hz/E1/T1", #"{"v":false,"q":null}"#, [s(2, receive, 0)]),
        Case("hz/E1/T101.LT", #"{"v":"NaN"}"#, [s(0, receive, .nan)]),
        Case("hz/E1/T101.LT", #"{"v":"-Infinity"}"#, [s(0, receive, -.infinity)]),
        Case("hz/E1/T101.LT", #"{"v":1e999}"#, [s(0, receive, .infinity)]),
        Case("hz/E1/T101.LT", #"{"v":0.30000000000000004}"#, [s(0, receive, 0.30000000000000004)]),
        Case(
            "hz/E1/T101.LT", #"{"v":123456789012345678901234567890}"#, [s(0, receive, 123456789012345678901234567890.0)]
        ),
        Case("hz/E1/T101.LT", #"{"v":-0}"#, [s(0, receive, -0.0)]),
        Case("hz/E1/T101.LT", "42.1", [s(0, receive, 42.1)]),
        Case("hz/E1/T101.LT", " \r\n\t-3e-2 \n", [s(0, receive, -0.03)]),
        Case("hz/E1/T1", "true", [s(2, receive, 1)]),
        Case("hz/E1/T1", "false", [s(2, receive, 0)]),
        Case("hz/E1/T101.LT", "NaN", [s(0, receive, .nan)]),
        Case("hz/E1/T101.LT", "-Infinity", [s(0, receive, -.infinity)]),
        Case("hz/91320500MA1W2X3Y4Z/T101.LT", "5", [s(3, receive, 5)]),
        // Unknown members are ignored; nested ones and escapes take the general path.
        Case("hz/E1/T101.LT", #"{"unit":"m","seq":5,"ok":true,"x":null,"v":1,"tag":"ignored"}"#, [s(0, receive, 1)]),
        Case("hz/E1/T101.LT", #"{"v":1,"meta":{"a":[1,{"b":null}]}}"#, [s(0, receive, 1)]),
        Case("hz/E1/T101.LT", #"{"\u0076":2,"q":"b\u0061d"}"#, [s(0, receive, 2, .bad)]),
        // Repeated members: the first wins (JSONValue's rule).
        Case("hz/E1/T101.LT", #"{"v":1,"v":2}"#, [s(0, receive, 1)]),
        // Exactly maxFutureSkew ahead is accepted.
        Case("hz/E1/T101.LT", #"{"ts":1763798700000,"v":1}"#, [s(0, receive + 300_000, 1)]),
        Case("hz/E1/T101.LT", #"{"ts":0,"v":1}"#, [s(0, 0, 1)]),
        Case(
            "hz/E1",
            #"{"ts": 1763798400123, "points": [{"tag": "T101.LT", "v": 42.1}, {"tag":"T102.PT","v":1.5,"ts":1763798400200,"q":"bad"}]}"#,
            [s(0, 1_763_798_400_123, 42.1), s(1, 1_763_798_400_200, 1.5, .bad)]),
        // Points before the batch's ts (sorted keys), no batch ts, an empty batch.
        Case(
            "hz/E1",
            #"{"points":[{"v":true,"tag":"T1"},{"tag":"T1","v":0,"ts":"2025-11-22T08:00:01Z"}],"ts":1763798300000}"#,
            [s(2, 1_763_798_300_000, 1), s(2, receive + 1000, 0)]),
        Case("hz/E1", #"{"points":[{"tag":"T1","v":1}]}"#, [s(2, receive, 1)]),
        Case("hz/E1", #"{"ts":1,"points":[]}"#),
        Case("hz/E1", #"{"src":"plc-7","points":[{"tag":"T1","v":1,"meta":[1]}]}"#, [s(2, receive, 1)]),
        Case("hz/91320500MA1W2X3Y4Z", #"{"points":[{"tag":"T101.LT","v":3}]}"#, [s(3, receive, 3)]),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Case) {
        expect(c)
    }

    static let refused: [Case] = [
        Case(
            "foo/bar", "1", [],
            [r(.malformed, "topic 'foo/bar' matches no telemetry pattern ('hz/{enterprise}/{tag}', 'hz/{enterprise}')")]
        ),
        Case("hz/NOPE/T1", "1", [], [r(.unknownEnterprise, "enterprise 'NOPE' is in no catalog")]),
        Case("hz/NOPE", "{", [], [r(.unknownEnterprise, "enterprise 'NOPE' is in no catalog")]),
        Case("hz/E1/NOPE", "{", [], [r(.unknownTag, "tag 'NOPE' is not in enterprise 'E1'")]),
        Case(
            "hz/91320500MA1W2X3Y4Z/T1", "1", [], [r(.unknownTag, "tag 'T1' is not in enterprise '91320500MA1W2X3Y4Z'")]),
        Case(
            "hz/E1/T1", #"{"ts": 1, "v": }"#, [], [r(.malformed, "invalid JSON at byte 16: unexpected character '}'")]),
        Case("hz/E1/T1", "", [], [r(.malformed, "invalid JSON at byte 1: unexpected end of input")]),
        Case("hz/E1/T1", #"{"v":1} x"#, [], [r(.malformed, "invalid JSON at byte 9: unexpected text after the value")]),
        Case(
            "hz/E1/T1", "[1]", [],
            [r(.malformed, "a sample must be a JSON object, a number or a boolean; found an array")]),
        Case(
            "hz/E1/T1", #""42""#, [],
            [r(.badValue, "a sample must be a JSON object, a number or a boolean; found a string")]),
        Case(
            "hz/E1/T1", "null", [], [r(.badValue, "a sample must be a JSON object, a number or a boolean; found null")]),
        Case(
            "hz/E1/T1", #"{"ts":"yesterday","v":1}"#, [],
            [r(.badTimestamp, #""ts": 'yesterday' is neither epoch ms nor RFC 3339"#)]),
        Case(
            "hz/E1/T1", #"{"ts":1.5,"v":1}"#, [],
            [r(.badTimestamp, #""ts" must be epoch milliseconds or an RFC 3339 string"#)]),
        Case(
            "hz/E1/T1", #"{"ts":null,"v":1}"#, [],
            [r(.badTimestamp, #""ts" must be epoch milliseconds or an RFC 3339 string"#)]),
        Case(
            "hz/E1/T1", #"{"ts":9e15,"v":1}"#, [],
            [r(.badTimestamp, #""ts" must be epoch milliseconds or an RFC 3339 string"#)]),
        Case("hz/E1/T1", #"{"ts":1}"#, [], [r(.badValue, #""v" is missing"#)]),
        Case("hz/E1/T1", #"{"v":"high"}"#, [], [r(.badValue, #""v" must be a number or a boolean"#)]),
        Case("hz/E1/T1", #"{"v":null}"#, [], [r(.badValue, #""v" must be a number or a boolean"#)]),
        Case("hz/E1/T1", #"{"v":1,"q":"ok"}"#, [], [r(.badQuality, #""q": 'ok' is not good, uncertain or bad"#)]),
        Case("hz/E1/T1", #"{"v":1,"q":2}"#, [], [r(.badQuality, #""q" must be a string"#)]),
        // One millisecond past the allowed skew.
        Case(
            "hz/E1/T1", #"{"ts":1763798700001,"v":1}"#, [],
            [
                r(
                    .futureTimestamp,
                    #""ts" 2025-11-22T08:05:00.001Z is 300001 ms after the receive time 2025-11-22T08:00:00.000Z, more than the 300000 ms allowed; check the publisher's clock"#
                )
            ]),
        Case(
            "hz/E1/T1", #"{"ts":"9223372036854775807","v":1}"#, [],
            [
                r(
                    .futureTimestamp,
                    #""ts" 9223372036854775807 (epoch ms) is 9223370273056375807 ms after the receive time 2025-11-22T08:00:00.000Z, more than the 300000 ms allowed; check the publisher's clock"#
                )
            ]),
        Case("hz/E1", "42", [], [r(.malformed, #"a batch must be a JSON object with "points"; found a number"#)]),
        Case(
            "hz/E1", #"{"ts":1}"#, [],
            [r(.malformed, #"a batch needs "points": an array of {"tag", "v"[, "ts", "q"]}"#)]),
        Case("hz/E1", #"{"points":{}}"#, [], [r(.malformed, #""points" must be an array; found an object"#)]),
        Case("hz/E1", #"{"points":[}"#, [], [r(.malformed, "invalid JSON at byte 12: unexpected character '}'")]),
    ]

    @Test(arguments: refused)
    func refuses(_ c: Case) {
        expect(c)
    }

    /// A bad point refuses that point only; the others still become samples, in order.
    @Test func batchWithGoodAndBadPoints() {
        expect(
            Case(
                "hz/E1",
                """
                {"ts": 1763798400123, "points": [
                  {"tag": "T101.LT", "v": 1},
                  {"tag": "NOPE", "v": 2},
                  {"tag": "T102.PT", "v": "x"},
                  {"v": 4},
                  5,
                  {"tag": "T1", "v": 6, "q": "fine"},
                  {"tag": "T1", "v": 7, "ts": 1763798700124},
                  {"tag": "T1", "v": 8, "ts": "soon"},
                  {"tag": 9, "v": 9},
                  {"tag": "T102.PT", "v": 10, "q": "uncertain"}
                ]}
                """,
                [Self.s(0, 1_763_798_400_123, 1), Self.s(1, 1_763_798_400_123, 10, .uncertain)],
                [
                    Self.r(.unknownTag, "points[1]: tag 'NOPE' is not in enterprise 'E1'", point: 1),
                    Self.r(.badValue, #"points[2]: "v" must be a number or a boolean"#, point: 2),
                    Self.r(.malformed, #"points[3]: "tag" must be a string"#, point: 3),
                    Self.r(.malformed, #"points[4]: must be an object with "tag" and "v"; found a number"#, point: 4),
                    Self.r(.badQuality, #"points[5]: "q": 'fine' is not good, uncertain or bad"#, point: 5),
                    Self.r(
                        .futureTimestamp,
                        #"points[6]: "ts" 2025-11-22T08:05:00.124Z is 300124 ms after the receive time 2025-11-22T08:00:00.000Z, more than the 300000 ms allowed; check the publisher's clock"#,
                        point: 6),
                    Self.r(.badTimestamp, #"points[7]: "ts": 'soon' is neither epoch ms nor RFC 3339"#, point: 7),
                    Self.r(.malformed, #"points[8]: "tag" must be a string"#, point: 8),
                ]))
    }

    /// Semantic refusals (unknown tag, future ts) stay on the lean path.
    @Test func leanBatchRefusesUnknownTagsAndFutureTimes() {
        expect(
            Case(
                "hz/E1",
                #"{"ts":1763798800000,"points":[{"tag":"T1","v":1,"ts":1763798400000},{"tag":"Té","v":2},{"tag":"T1","v":3}]}"#,
                [Self.s(2, receive, 1)],
                [
                    Self.r(.unknownTag, "points[1]: tag 'Té' is not in enterprise 'E1'", point: 1),
                    Self.r(
                        .futureTimestamp,
                        #"points[2]: "ts" 2025-11-22T08:06:40.000Z is 400000 ms after the receive time 2025-11-22T08:00:00.000Z, more than the 300000 ms allowed; check the publisher's clock"#,
                        point: 2),
                ]))
    }

    /// A wrong batch ts refuses the points that would have used it, and only those.
    @Test func badBatchTimestamp() {
        expect(
            Case(
                "hz/E1", #"{"ts":"yesterday","points":[{"tag":"T1","v":1},{"tag":"T1","v":2,"ts":1763798400000}]}"#,
                [Self.s(2, receive, 2)],
                [
                    Self.r(
                        .badTimestamp,
                        #"points[0]: no "ts" of its own, and the batch's is wrong: "ts": 'yesterday' is neither epoch ms nor RFC 3339"#,
                        point: 0)
                ]))
    }

    @Test func oversizedPayloadsAreRefusedUnparsed() {
        var decoder = TelemetryDecoder(model: fixtureModel)
        let limit = 262_144
        let atLimit = Array("42".utf8) + Array(repeating: UInt8(ascii: " "), count: limit - 2)
        #expect(
            decoder.outcome(topic: "hz/E1/T1", payload: atLimit)
                == Outcome(samples: [Self.s(2, receive, 42)], rejections: []))
        // Not even the topic is looked at: the size check comes first.
        let over = Array(repeating: UInt8(ascii: "{"), count: limit + 1)
        #expect(
            decoder.outcome(topic: "nowhere", payload: over)
                == Outcome(
                    samples: [],
                    rejections: [
                        Self.r(.oversized, "payload of 262145 bytes is over the 262144-byte limit; not parsed")
                    ]))
    }

    @Test func configuredLimitsAndPatterns() throws {
        let topics = try TopicPatterns(sample: "plant/{enterprise}/telemetry/{tag}", batch: "plant/{enterprise}/batch")
        var decoder = TelemetryDecoder(
            model: fixtureModel, configuration: .init(topics: topics, maxFutureSkew: 1000, maxPayloadBytes: 64))
        #expect(
            decoder.outcome(topic: "plant/E1/telemetry/T1", #"{"ts":1763798401000,"v":1}"#).samples == [
                Self.s(2, receive + 1000, 1)
            ])
        #expect(
            decoder.outcome(topic: "plant/E1/telemetry/T1", #"{"ts":1763798401001,"v":1}"#).rejections.map(\.reason)
                == [.futureTimestamp])
        #expect(
            decoder.outcome(topic: "plant/E1/batch", #"{"points":[{"tag":"T1","v":1}]}"#).samples == [
                Self.s(2, receive, 1)
            ])
        #expect(
            decoder.outcome(topic: "hz/E1/T1", "1").rejections == [
                Self.r(
                    .malformed,
                    "topic 'hz/E1/T1' matches no telemetry pattern ('plant/{enterprise}/telemetry/{tag}', 'plant/{enterprise}/batch')"
                )
            ])
        #expect(
            decoder.outcome(topic: "plant/E1/telemetry/T1", String(repeating: " ", count: 64) + "1").rejections.map(
                \.reason) == [.oversized])
    }

    @Test func appendsToCallerBuffersAndCounts() {
        var decoder = TelemetryDecoder(model: fixtureModel)
        var samples = [Self.s(9, 1, 1)]
        var rejections = [Self.r(.late, "earlier")]
        let summary = decoder.decode(
            topic: "hz/E1", payload: Array(#"{"points":[{"tag":"T1","v":1},{"tag":"X","v":1}]}"#.utf8),
            receiveTime: receive, into: &samples, rejections: &rejections)
        #expect(summary == DecodeSummary(samples: 1, rejections: 1))
        #expect(samples.count == 2 && rejections.count == 2)
        #expect(samples[0] == Self.s(9, 1, 1) && rejections[0] == Self.r(.late, "earlier"))
    }

    @Test func receiveTimesAtTheEdgesOfTime() {
        var decoder = TelemetryDecoder(model: fixtureModel)
        // ts - receiveTime overflows: still refused as future, and the detail renders.
        let out = decoder.outcome(
            topic: "hz/E1/T1", #"{"ts":"9223372036854775807","v":1}"#, receiveTime: -9_000_000_000_000_000_000)
        #expect(out.rejections.map(\.reason) == [.futureTimestamp])
        #expect(out.rejections.first?.detail.contains("more than 292 million years") == true)
        #expect(decoder.outcome(topic: "hz/E1/T1", "1", receiveTime: .min).samples == [Self.s(2, .min, 1)])
    }

    private func expect(_ c: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        var decoder = TelemetryDecoder(model: fixtureModel)
        let expected = Outcome(samples: c.samples, rejections: c.rejections)
        let lean = decoder.outcome(topic: c.topic, c.payload, lean: true)
        let general = decoder.outcome(topic: c.topic, c.payload, lean: false)
        #expect(lean == expected, "lean path", sourceLocation: sourceLocation)
        #expect(general == expected, "general path", sourceLocation: sourceLocation)
    }
}
