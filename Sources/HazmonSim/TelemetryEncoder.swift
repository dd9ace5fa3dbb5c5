public import HazmonCore
import HazmonIO

/// One MQTT message to publish: topic and UTF-8 JSON payload.
public struct TelemetryMessage: Sendable, Hashable {
    /// The MQTT topic.
    public var topic: String
    /// UTF-8 JSON.
    public var payload: String
    /// Samples it carries (1, or the points of a batch).
    public var samples: Int

    /// A message carrying `samples` samples.
    public init(topic: String, payload: String, samples: Int) {
        self.topic = topic
        self.payload = payload
        self.samples = samples
    }
}

/// Samples as the MQTT telemetry of SPEC §3, on the topics hazmon subscribes to.
///
/// - One sample on `hz/{enterprise}/{tag}`: `{"ts":1763798400123,"v":42.1}`.
/// - A batch on `hz/{enterprise}`: `{"ts":1763798400123,"points":[{"tag":"T101.LT","v":42.1},…]}`;
///   consecutive samples of one enterprise with the same `ts` go into one batch (at most
///   `maxBatchPoints` points); a point carries its own `ts` only if it differs from the batch's.
///
/// `ts` is epoch milliseconds; `v` a number, `true`/`false` for discrete tags, or the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"` (recorded files may hold them); `q` appears only when the
/// quality is not `good`. Topic patterns are those of the config (`ingest.sample_topic`,
/// `ingest.batch_topic`), with `{enterprise}` and `{tag}` replaced.
public struct TelemetryEncoder: Sendable {
    /// SPEC §3's single-sample topic.
    public static let defaultSampleTopic = "hz/{enterprise}/{tag}"
    /// SPEC §3's batch topic.
    public static let defaultBatchTopic = "hz/{enterprise}"

    /// The catalog whose ids go into topics and points.
    public let model: EngineModel
    /// Most points in one batch message (the default keeps a batch far below the 256 KiB payload limit).
    public var maxBatchPoints: Int
    private let sampleTopics: [String]
    private let batchTopics: [String]
    /// `"tag":"…"` members, escaped once.
    private let tagMembers: [String]
    private let discrete: [Bool]

    /// An encoder for the tags of `model` with the given topic patterns.
    public init(
        model: EngineModel, sampleTopic: String = defaultSampleTopic, batchTopic: String = defaultBatchTopic,
        maxBatchPoints: Int = 1000
    ) {
        self.model = model
        self.maxBatchPoints = max(1, maxBatchPoints)
        sampleTopics = model.tags.map { tag in
            sampleTopic.replacing("{enterprise}", with: model.enterprises[tag.enterprise].id)
                .replacing("{tag}", with: tag.id)
        }
        batchTopics = model.enterprises.map { batchTopic.replacing("{enterprise}", with: $0.id) }
        tagMembers = model.tags.map { tag in
            var member = "\"tag\":"
            JSONText.appendString(tag.id, to: &member)
            return member
        }
        discrete = model.tags.map { $0.kind == .discrete }
    }

    /// The topic of a single sample of dense tag `tag`.
    public func topic(ofTag tag: Int) -> String { sampleTopics[tag] }

    /// The batch topic of dense enterprise `enterprise`.
    public func batchTopic(ofEnterprise enterprise: Int) -> String { batchTopics[enterprise] }

    /// One sample on its own topic.
    public func single(_ sample: Sample) -> TelemetryMessage {
        var payload = "{\"ts\":\(sample.ts),\"v\":"
        appendValue(sample, to: &payload)
        appendQuality(sample.quality, to: &payload)
        payload += "}"
        return TelemetryMessage(topic: sampleTopics[Int(sample.tag)], payload: payload, samples: 1)
    }

    /// Appends the messages for `samples`: one per sample, or batches per enterprise and time.
    public func encode(_ samples: some Collection<Sample>, batch: Bool, into out: inout [TelemetryMessage]) {
        guard batch else {
            for sample in samples { out.append(single(sample)) }
            return
        }
        var i = samples.startIndex
        while i != samples.endIndex {
            let first = samples[i]
            let enterprise = model.tags[Int(first.tag)].enterprise
            var payload = "{\"ts\":\(first.ts),\"points\":["
            var count = 0
            while i != samples.endIndex, count < maxBatchPoints {
                let sample = samples[i]
                guard model.tags[Int(sample.tag)].enterprise == enterprise, sample.ts == first.ts else { break }
                if count > 0 { payload += "," }
                payload += "{"
                payload += tagMembers[Int(sample.tag)]
                payload += ",\"v\":"
                appendValue(sample, to: &payload)
                appendQuality(sample.quality, to: &payload)
                payload += "}"
                count += 1
                i = samples.index(after: i)
            }
            payload += "]}"
            out.append(TelemetryMessage(topic: batchTopics[enterprise], payload: payload, samples: count))
        }
    }

    /// The messages for `samples`.
    public func encode(_ samples: some Collection<Sample>, batch: Bool) -> [TelemetryMessage] {
        var out: [TelemetryMessage] = []
        encode(samples, batch: batch, into: &out)
        return out
    }

    private func appendValue(_ sample: Sample, to out: inout String) {
        let v = sample.value
        if v.isNaN {
            out += "\"NaN\""
        } else if v.isInfinite {
            out += v > 0 ? "\"Infinity\"" : "\"-Infinity\""
        } else if discrete[Int(sample.tag)] {
            out += v != 0 ? "true" : "false"
        } else {
            JSONText.appendNumber(v, to: &out)
        }
    }

    private func appendQuality(_ quality: Quality, to out: inout String) {
        if quality != .good { out += ",\"q\":\"\(quality.name)\"" }
    }
}

/// Samples as the replay files `hazmon replay` reads (SPEC §9): CSV rows or JSON lines.
public struct RecordingEncoder: Sendable {
    /// CSV with header, or JSON lines.
    public enum Format: Sendable { case csv, jsonLines }

    /// The catalog whose ids go into the lines.
    public let model: EngineModel
    /// CSV or JSON lines.
    public let format: Format

    /// The format from the path's extension, as `SampleFile` reads it (`.jsonl`, `.ndjson`, `.json`: JSON lines).
    public init(model: EngineModel, path: String) {
        self.model = model
        let lower = path.lowercased()
        format = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") ? .jsonLines : .csv
    }

    /// The first line of the file, if the format has one.
    public var header: String? { format == .csv ? "ts,enterprise,tag,value,quality" : nil }

    /// One sample as a line, without the newline.
    public func line(_ sample: Sample) -> String {
        let tag = model.tags[Int(sample.tag)]
        let enterprise = model.enterprises[tag.enterprise].id
        let v = sample.value
        let value: String =
            if v.isNaN { "NaN" } else if v.isInfinite { v > 0 ? "Infinity" : "-Infinity" } else if tag.kind == .discrete
            { v != 0 ? "true" : "false" } else { number(v) }
        switch format {
        case .csv:
            return "\(sample.ts),\(enterprise),\(tag.id),\(value),\(sample.quality.name)"
        case .jsonLines:
            var line = "{\"ts\":\(sample.ts),\"enterprise\":"
            JSONText.appendString(enterprise, to: &line)
            line += ",\"tag\":"
            JSONText.appendString(tag.id, to: &line)
            line += ",\"v\":"
            line += v.isFinite ? value : "\"\(value)\""
            if sample.quality != .good { line += ",\"q\":\"\(sample.quality.name)\"" }
            return line + "}"
        }
    }

    private func number(_ v: Double) -> String {
        var text = ""
        JSONText.appendNumber(v, to: &text)
        return text
    }
}
