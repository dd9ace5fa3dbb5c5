public import HazmonCore
import HazmonIO

/// Turns MQTT telemetry (topic, payload, receive time) into engine samples and counted
/// rejections (SPEC §3). No MQTT here: whoever receives messages calls `decode`.
///
/// Accepted payloads:
/// - on the sample topic, `{"ts": 1763798400123, "v": 42.1, "q": "good"}` (`ts` epoch ms or
///   RFC 3339; `v` a number, a boolean, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`; `q`
///   good (default), uncertain or bad), or a bare number or boolean;
/// - on the batch topic, `{"ts": …, "points": [{"tag": "T101.LT", "v": 42.1, "ts": …, "q": …}, …]}`.
///
/// Timestamps, where the payload gives none: a bare value, a sample object without `ts`, and a
/// batch point without `ts` in a batch without `ts` are stamped with the receive time; a point
/// without `ts` in a batch with one takes the batch's. A point without its own `ts` in a batch
/// whose `ts` is invalid is refused (`bad_timestamp`); points with their own `ts` still count.
///
/// Refused, one rejection each: a payload over `maxPayloadBytes` (`oversized`, never parsed); a
/// topic matching no pattern (`malformed`); an enterprise, or on the sample topic a tag, not in
/// the catalog (`unknown_enterprise`, `unknown_tag`, payload not parsed); invalid JSON and
/// payloads of the wrong shape (`malformed`); a wrong `ts`, `v` or `q` (`bad_timestamp`,
/// `bad_value`, `bad_quality`); a `ts` more than `maxFutureSkew` after the receive time
/// (`future_timestamp`; exactly `maxFutureSkew` ahead is accepted). In a batch a bad point refuses
/// that point only, so a message yields one sample or one rejection, and a batch whose `points`
/// array could be read yields exactly one of either per point (an empty batch yields nothing).
///
/// Ids compare byte for byte. Valid messages of the usual shapes are decoded in one pass over the
/// bytes without building a JSON tree; anything unusual (escapes in strings, nested unknown
/// members, errors) is decoded again by the general `JSONValue` path, which alone decides what
/// is refused and why, so both paths give the same results.
///
/// - Important: Not thread-safe: one consumer task owns a decoder (it reuses a scratch buffer).
///   Share what it produces through `RejectionCounters` and `DeadLetterRing`.
public struct TelemetryDecoder: Sendable {
    /// Limits and topics (SPEC §3 defaults).
    public struct Configuration: Sendable, Hashable {
        /// The sample and batch topic patterns.
        public var topics: TopicPatterns
        /// How far ahead of the receive time a `ts` may be, in ms (*default* 5 min).
        public var maxFutureSkew: Millis
        /// Larger payloads are refused before parsing (*default* 256 KiB).
        public var maxPayloadBytes: Int

        /// SPEC §3 defaults unless given.
        public init(topics: TopicPatterns = .default, maxFutureSkew: Millis = 300_000, maxPayloadBytes: Int = 262_144) {
            self.topics = topics
            self.maxFutureSkew = maxFutureSkew
            self.maxPayloadBytes = maxPayloadBytes
        }
    }

    /// The topics and limits this decoder applies.
    public let configuration: Configuration
    let ids: IdLookup
    /// False sends every payload through `JSONValue`: the reference the lean path is tested against.
    var usesLeanPath = true
    /// Batch points read by the lean path, kept between calls so batches allocate nothing.
    private var pending: [PendingPoint] = []

    /// A decoder for the enterprises and tags of `model`.
    public init(model: EngineModel, configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.ids = IdLookup(model: model)
    }

    /// Decodes one message: appends its samples to `samples` and its rejections to `rejections`
    /// (neither is cleared) and says how many of each it appended.
    ///
    /// Accepted samples cost no allocation beyond `samples`' own growth.
    @discardableResult
    public mutating func decode(
        topic: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>, receiveTime: Millis,
        into samples: inout [Sample], rejections: inout [Rejection]
    ) -> DecodeSummary {
        let samplesBefore = samples.count
        let rejectionsBefore = rejections.count
        decodeMessage(topic: topic, payload: payload, receiveTime: receiveTime, into: &samples, rejections: &rejections)
        return DecodeSummary(samples: samples.count - samplesBefore, rejections: rejections.count - rejectionsBefore)
    }

    /// Same as `decode(topic:payload:receiveTime:into:rejections:)` for a `String` topic and an array payload.
    @discardableResult
    public mutating func decode(
        topic: String, payload: [UInt8], receiveTime: Millis, into samples: inout [Sample],
        rejections: inout [Rejection]
    ) -> DecodeSummary {
        var topic = topic
        return topic.withUTF8 { topicBytes in
            payload.withUnsafeBufferPointer { payloadBytes in
                decode(
                    topic: topicBytes, payload: payloadBytes, receiveTime: receiveTime, into: &samples,
                    rejections: &rejections)
            }
        }
    }

    private mutating func decodeMessage(
        topic: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>,
        receiveTime: Millis, into samples: inout [Sample], rejections: inout [Rejection]
    ) {
        guard payload.count <= configuration.maxPayloadBytes else {
            rejections.append(
                Rejection(
                    reason: .oversized,
                    detail: "payload of \(payload.count) bytes is over the \(configuration.maxPayloadBytes)-byte"
                        + " limit; not parsed"
                ))
            return
        }
        guard let match = configuration.topics.match(topic) else {
            let patterns = ([configuration.topics.sample] + (configuration.topics.batch.map { [$0] } ?? []))
                .map { "'\($0)'" }.joined(separator: ", ")
            rejections.append(
                Rejection(
                    reason: .malformed,
                    detail: "topic '\(Self.text(topic))' matches no telemetry pattern (\(patterns))"
                ))
            return
        }
        let enterpriseBytes = UnsafeBufferPointer(rebasing: topic[match.enterprise])
        guard let enterprise = ids.enterprise(enterpriseBytes) else {
            rejections.append(
                Rejection(
                    reason: .unknownEnterprise, detail: "enterprise '\(Self.text(enterpriseBytes))' is in no catalog"))
            return
        }
        let message = Message(
            enterprise: enterprise, enterpriseBytes: enterpriseBytes, receiveTime: receiveTime,
            maxFutureSkew: configuration.maxFutureSkew)
        if let tagRange = match.tag {
            let tagBytes = UnsafeBufferPointer(rebasing: topic[tagRange])
            guard let tag = ids.tag(tagBytes, enterprise: enterprise) else {
                rejections.append(Rejection(reason: .unknownTag, detail: Self.unknownTag(tagBytes, message)))
                return
            }
            if usesLeanPath, let fields = LeanScanner.sample(payload) {
                message.admit(
                    tag: tag, ts: fields.ts ?? receiveTime, value: fields.value, quality: fields.quality,
                    point: nil, into: &samples, rejections: &rejections)
            } else {
                decodeSampleGenerally(tag: tag, payload: payload, message, into: &samples, rejections: &rejections)
            }
        } else {
            if usesLeanPath, decodeBatchLean(payload: payload, message, into: &samples, rejections: &rejections) {
                return
            }
            decodeBatchGenerally(payload: payload, message, into: &samples, rejections: &rejections)
        }
    }

    // MARK: Lean path

    /// True when the lean scanner read the whole batch; then every point was either appended or refused.
    private mutating func decodeBatchLean(
        payload: UnsafeBufferPointer<UInt8>, _ message: Message,
        into samples: inout [Sample], rejections: inout [Rejection]
    ) -> Bool {
        pending.removeAll(keepingCapacity: true)
        guard let batchTs = LeanScanner.batch(payload, ids: ids, enterprise: message.enterprise, into: &pending) else {
            return false
        }
        let defaultTs = batchTs ?? message.receiveTime
        for (k, point) in pending.enumerated() {
            guard point.tag >= 0 else {
                let tagBytes = UnsafeBufferPointer(rebasing: payload[point.tagStart..<point.tagEnd])
                rejections.append(
                    Rejection(
                        reason: .unknownTag, detail: "points[\(k)]: " + Self.unknownTag(tagBytes, message), point: k))
                continue
            }
            message.admit(
                tag: point.tag, ts: point.hasTs ? point.ts : defaultTs, value: point.value, quality: point.quality,
                point: k, into: &samples, rejections: &rejections)
        }
        return true
    }

    // MARK: General path

    private func decodeSampleGenerally(
        tag: Int32, payload: UnsafeBufferPointer<UInt8>, _ message: Message,
        into samples: inout [Sample], rejections: inout [Rejection]
    ) {
        let document: JSONValue
        do throws(JSONValue.ParseError) { document = try JSONValue.parse(payload) } catch {
            rejections.append(Rejection(reason: .malformed, detail: error.description))
            return
        }
        switch document {
        case .number(let n):
            message.admit(
                tag: tag, ts: message.receiveTime, value: n, quality: .good, point: nil, into: &samples,
                rejections: &rejections)
        case .bool(let b):
            message.admit(
                tag: tag, ts: message.receiveTime, value: b ? 1 : 0, quality: .good, point: nil, into: &samples,
                rejections: &rejections)
        case .object:
            switch SampleFields.decode(document, defaultTs: message.receiveTime) {
            case .failure(let problem):
                rejections.append(Rejection(reason: problem.reason, detail: problem.detail))
            case .success(let fields):
                message.admit(
                    tag: tag, ts: fields.ts, value: fields.value, quality: fields.quality, point: nil,
                    into: &samples, rejections: &rejections)
            }
        case .string, .null:
            rejections.append(
                Rejection(
                    reason: .badValue,
                    detail: "a sample must be a JSON object, a number or a boolean; found \(Self.kind(document))"))
        case .array:
            rejections.append(
                Rejection(
                    reason: .malformed,
                    detail: "a sample must be a JSON object, a number or a boolean; found \(Self.kind(document))"))
        }
    }

    private func decodeBatchGenerally(
        payload: UnsafeBufferPointer<UInt8>, _ message: Message,
        into samples: inout [Sample], rejections: inout [Rejection]
    ) {
        let document: JSONValue
        do throws(JSONValue.ParseError) { document = try JSONValue.parse(payload) } catch {
            rejections.append(Rejection(reason: .malformed, detail: error.description))
            return
        }
        guard case .object = document else {
            rejections.append(
                Rejection(
                    reason: .malformed,
                    detail: "a batch must be a JSON object with \"points\"; found \(Self.kind(document))"))
            return
        }
        guard let pointsMember = document["points"] else {
            rejections.append(
                Rejection(
                    reason: .malformed,
                    detail: "a batch needs \"points\": an array of {\"tag\", \"v\"[, \"ts\", \"q\"]}"))
            return
        }
        guard case .array(let points) = pointsMember else {
            rejections.append(
                Rejection(reason: .malformed, detail: "\"points\" must be an array; found \(Self.kind(pointsMember))"))
            return
        }
        // The batch's own ts, read by the same rules as a sample's (SampleFields), `v` aside.
        var batchTs: Millis? = nil
        var batchTsProblem: String? = nil
        if let ts = document["ts"] {
            switch SampleFields.decode(.object([("ts", ts), ("v", .number(0))]), defaultTs: nil) {
            case .success(let fields): batchTs = fields.ts
            case .failure(let problem): batchTsProblem = problem.detail
            }
        }
        for (k, point) in points.enumerated() {
            let prefix = "points[\(k)]: "
            guard case .object = point else {
                rejections.append(
                    Rejection(
                        reason: .malformed,
                        detail: prefix + "must be an object with \"tag\" and \"v\"; found \(Self.kind(point))", point: k
                    ))
                continue
            }
            guard case .string(let tagID)? = point["tag"] else {
                rejections.append(Rejection(reason: .malformed, detail: prefix + "\"tag\" must be a string", point: k))
                continue
            }
            var tagUTF8 = tagID
            let tag = tagUTF8.withUTF8 { ids.tag($0, enterprise: message.enterprise) }
            guard let tag else {
                rejections.append(
                    Rejection(
                        reason: .unknownTag,
                        detail: prefix + "tag '\(tagID)' is not in enterprise '\(Self.text(message.enterpriseBytes))'",
                        point: k))
                continue
            }
            if point["ts"] == nil, let batchTsProblem {
                rejections.append(
                    Rejection(
                        reason: .badTimestamp,
                        detail: prefix + "no \"ts\" of its own, and the batch's is wrong: " + batchTsProblem, point: k))
                continue
            }
            switch SampleFields.decode(point, defaultTs: batchTs ?? message.receiveTime) {
            case .failure(let problem):
                rejections.append(Rejection(reason: problem.reason, detail: prefix + problem.detail, point: k))
            case .success(let fields):
                message.admit(
                    tag: tag, ts: fields.ts, value: fields.value, quality: fields.quality, point: k,
                    into: &samples, rejections: &rejections)
            }
        }
    }

    // MARK: Shared

    /// What every sample of one message shares.
    struct Message {
        var enterprise: Int
        var enterpriseBytes: UnsafeBufferPointer<UInt8>
        var receiveTime: Millis
        var maxFutureSkew: Millis

        /// Appends the sample, or refuses it when its `ts` is too far ahead of the receive time.
        @inline(__always)
        func admit(
            tag: Int32, ts: Millis, value: Double, quality: Quality, point: Int?, into samples: inout [Sample],
            rejections: inout [Rejection]
        ) {
            let (ahead, overflow) = ts.subtractingReportingOverflow(receiveTime)
            if overflow ? ts > receiveTime : ahead > maxFutureSkew {
                rejections.append(
                    Rejection(
                        reason: .futureTimestamp, detail: futureDetail(ts, ahead: overflow ? nil : ahead, point: point),
                        point: point))
                return
            }
            samples.append(Sample(tag: tag, ts: ts, value: value, quality: quality))
        }

        private func futureDetail(_ ts: Millis, ahead: Millis?, point: Int?) -> String {
            let by = ahead.map { "\($0) ms" } ?? "more than 292 million years"
            return (point.map { "points[\($0)]: " } ?? "")
                + "\"ts\" \(Self.render(ts)) is \(by) after the receive time \(Self.render(receiveTime)),"
                + " more than the \(maxFutureSkew) ms allowed; check the publisher's clock"
        }

        /// RFC 3339 for times within ±30 000 years of 1970, epoch ms beyond (where dates stop making sense).
        static func render(_ ms: Millis) -> String {
            ms > -946_728_000_000_000 && ms < 946_728_000_000_000 ? Timestamps.rfc3339(ms) : "\(ms) (epoch ms)"
        }
    }

    static func unknownTag(_ tag: UnsafeBufferPointer<UInt8>, _ message: Message) -> String {
        "tag '\(text(tag))' is not in enterprise '\(text(message.enterpriseBytes))'"
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// How many samples and rejections one message produced.
public struct DecodeSummary: Sendable, Hashable {
    /// Samples appended.
    public var samples: Int
    /// Rejections appended.
    public var rejections: Int

    /// A summary of `samples` samples and `rejections` rejections.
    public init(samples: Int, rejections: Int) {
        self.samples = samples
        self.rejections = rejections
    }
}
