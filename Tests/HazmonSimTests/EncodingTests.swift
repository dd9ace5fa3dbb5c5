import Foundation
import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonSim
import Testing

/// Payloads in the shapes of SPEC §3, read back by hazmon's own parsers.
@Suite struct EncodingTests {
    @Test func singleSamplePayloadsRoundTrip() throws {
        let catalog = try Demo.catalog()
        let model = catalog.model
        let simulator = try PlantSimulator(model: model, seed: 3, start: Demo.start)
        let samples = simulator.samples(at: Demo.start + 5 * oneSecond)
        let messages = TelemetryEncoder(model: model).encode(samples, batch: false)
        #expect(messages.count == model.tags.count)
        for (sample, message) in zip(samples, messages) {
            let tag = model.tags[Int(sample.tag)]
            #expect(message.topic == "hz/\(model.enterprises[tag.enterprise].id)/\(tag.id)")
            #expect(message.samples == 1)
            let json = try JSONValue.parse(message.payload)
            guard case .object(let members) = json else {
                Issue.record("not an object: \(message.payload)")
                continue
            }
            #expect(members.map(\.0) == ["ts", "v"], "no q for good samples")
            #expect(json["ts"] == .number(Double(sample.ts)))
            if tag.kind == .discrete {
                #expect(json["v"] == .bool(sample.value != 0))
            } else {
                #expect(json["v"] == .number(sample.value))
            }
        }
        #expect(messages[0].payload == "{\"ts\":\(samples[0].ts),\"v\":\(samples[0].value)}")
    }

    @Test func batchesCarryOneEnterpriseAndOneTimestamp() throws {
        let model = try Demo.catalog().model
        let simulator = try PlantSimulator(model: model, seed: 3, start: Demo.start)
        let samples = simulator.samples(at: Demo.start)
        let messages = TelemetryEncoder(model: model).encode(samples, batch: true)
        #expect(messages.map(\.topic) == ["hz/E-DEMO-01", "hz/E-DEMO-02"])
        #expect(messages.map(\.samples).reduce(0, +) == model.tags.count)
        var index = 0
        for message in messages {
            let json = try JSONValue.parse(message.payload)
            #expect(json["ts"] == .number(Double(Demo.start)))
            guard case .array(let points)? = json["points"] else {
                Issue.record("no points: \(message.payload)")
                continue
            }
            #expect(points.count == message.samples)
            for point in points {
                let sample = samples[index]
                let tag = model.tags[Int(sample.tag)]
                #expect(point["tag"] == .string(tag.id))
                #expect(point["v"] == (tag.kind == .discrete ? .bool(sample.value != 0) : .number(sample.value)))
                #expect(point["ts"] == nil && point["q"] == nil)
                index += 1
            }
        }
        // A small maximum splits an enterprise's points over several messages.
        var small = TelemetryEncoder(model: model)
        small.maxBatchPoints = 10
        #expect(small.encode(samples, batch: true).map(\.samples) == [10, 10, 6, 10])
    }

    @Test(arguments: [false, true])
    func hazmonsDecoderReadsBackExactlyTheSamples(batch: Bool) throws {
        let model = try Demo.catalog().model
        let simulator = try PlantSimulator(
            model: model, seed: 9, start: Demo.start,
            script: ScenarioScript(parsing: "leak:10m", duration: DurationParser.parse))
        var samples: [Sample] = []
        for k in stride(from: Millis(0), to: 10 * oneMinute, by: Int(30 * oneSecond)) {
            simulator.samples(at: Demo.start + k, into: &samples)
        }
        // Quality and non-finite values, as a recording may hold them.
        samples.append(Sample(tag: 0, ts: Demo.start + 11 * oneMinute, value: .nan, quality: .bad))
        samples.append(Sample(tag: 1, ts: Demo.start + 11 * oneMinute, value: 1.5, quality: .uncertain))
        let messages = TelemetryEncoder(model: model).encode(samples, batch: batch)
        var decoder = TelemetryDecoder(model: model)
        var decoded: [Sample] = []
        var rejections: [Rejection] = []
        for message in messages {
            decoder.decode(
                topic: message.topic, payload: Array(message.payload.utf8), receiveTime: Demo.start + oneHour,
                into: &decoded, rejections: &rejections)
        }
        #expect(rejections.isEmpty, "\(rejections.prefix(3))")
        try #require(decoded.count == samples.count)
        for (a, b) in zip(decoded, samples) {
            #expect(a.tag == b.tag && a.ts == b.ts && a.quality == b.quality)
            #expect(a.value == b.value || (a.value.isNaN && b.value.isNaN), "\(a) \(b)")
        }
    }

    @Test func topicPatternsComeFromTheConfig() throws {
        let model = try Demo.catalog().model
        let encoder = TelemetryEncoder(
            model: model, sampleTopic: "site/{enterprise}/t/{tag}", batchTopic: "site/{enterprise}/batch")
        let sample = Sample(tag: 0, ts: 1, value: 2)
        #expect(encoder.single(sample).topic == "site/E-DEMO-01/t/V101.LT")
        #expect(encoder.encode([sample], batch: true)[0].topic == "site/E-DEMO-01/batch")
    }

    @Test(arguments: ["samples.csv", "samples.jsonl"])
    func recordingsReadBackWithSampleFile(name: String) throws {
        let model = try Demo.catalog().model
        let simulator = try PlantSimulator(model: model, seed: 5, start: Demo.start)
        var samples: [Sample] = []
        for k in 0..<20 { simulator.samples(at: Demo.start + Millis(k) * oneSecond, into: &samples) }
        samples.append(Sample(tag: 2, ts: Demo.start + oneMinute, value: -.infinity, quality: .bad))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hazmon-sim-\(UUID().uuidString)-\(name)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recording = RecordingEncoder(model: model, path: path)
        var text = recording.header.map { $0 + "\n" } ?? ""
        for sample in samples { text += recording.line(sample) + "\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var read: [Sample] = []
        var rejected: [SampleFile.Rejection] = []
        try SampleFile(path: path, directory: TagDirectory(model: model)).read(
            accept: { read.append($0) }, reject: { rejected.append($0) })
        #expect(rejected.isEmpty, "\(rejected.prefix(3))")
        #expect(read == samples)
    }
}
