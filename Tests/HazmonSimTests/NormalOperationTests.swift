import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonSim
import Testing

/// The plant in normal operation: deterministic, realistic, and quiet.
@Suite struct NormalOperationTests {
    @Test func sameSeedGivesTheSameSamplesAndPayloads() throws {
        let model = try Demo.catalog().model
        let script = try ScenarioScript(parsing: "normal:1m,leak:10m", duration: DurationParser.parse)
        let a = try PlantSimulator(model: model, seed: 42, start: Demo.start, script: script)
        let b = try PlantSimulator(model: model, seed: 42, start: Demo.start, script: script)
        let other = try PlantSimulator(model: model, seed: 43, start: Demo.start, script: script)
        let encoder = TelemetryEncoder(model: model)
        var differs = false
        for k in stride(from: Millis(0), to: 11 * oneMinute, by: Int(7 * oneSecond)) {
            let t = Demo.start + k
            let samples = a.samples(at: t)
            #expect(samples == b.samples(at: t))
            #expect(encoder.encode(samples, batch: false) == encoder.encode(b.samples(at: t), batch: false))
            #expect(encoder.encode(samples, batch: true) == encoder.encode(b.samples(at: t), batch: true))
            if samples != other.samples(at: t) { differs = true }
        }
        #expect(differs, "another seed gives other values")
    }

    @Test func aValueDependsOnlyOnTheTimeNotOnTheRateOrWhatWasAskedBefore() throws {
        let model = try Demo.catalog().model
        let simulator = try PlantSimulator(model: model, seed: 7, start: Demo.start)
        let t = Demo.start + 90 * oneMinute
        let direct = simulator.samples(at: t)
        for k in 0..<100 { _ = simulator.samples(at: Demo.start + Millis(k) * 500) }
        #expect(simulator.samples(at: t) == direct)
        // A fresh simulator from the same seed agrees at any time, whichever times it was asked before.
        let again = try PlantSimulator(model: model, seed: 7, start: Demo.start)
        #expect(again.samples(at: t) == direct)
    }

    @Test(arguments: [
        (UInt64(1), "2026-07-15T04:00:00Z"), (2, "2026-07-15T16:00:00Z"), (3, "2026-01-10T22:00:00Z"),
    ])
    func twoHoursOfNormalOperationRaiseNoAlarm(seed: UInt64, start: String) throws {
        let model = try Demo.catalog().model
        let from = try #require(Timestamps.parse(start))
        let simulator = try PlantSimulator(model: model, seed: seed, start: from)
        var outOfRange: [String] = []
        var negativeGas = 0
        var seen = Set<Int32>()
        var minimum = [Double](repeating: .infinity, count: model.tags.count)
        var maximum = [Double](repeating: -.infinity, count: model.tags.count)
        let events = runThroughEngine(simulator, until: from + 2 * oneHour) { sample in
            let tag = model.tags[Int(sample.tag)]
            seen.insert(sample.tag)
            #expect(sample.ts >= from)
            minimum[Int(sample.tag)] = min(minimum[Int(sample.tag)], sample.value)
            maximum[Int(sample.tag)] = max(maximum[Int(sample.tag)], sample.value)
            if (tag.kind == .gasCombustible || tag.kind == .gasToxic) && sample.value < 0 { negativeGas += 1 }
            if let low = tag.rangeLow, sample.value < low { outOfRange.append("\(tag.id) \(sample.value)") }
            if let high = tag.rangeHigh, sample.value > high { outOfRange.append("\(tag.id) \(sample.value)") }
        }
        #expect(seen.count == model.tags.count, "every tag publishes")
        let limitAlarms = events.activations.filter { Condition.limits.contains($0.condition) }
        #expect(limitAlarms.isEmpty, "process-limit alarms in normal operation: \(limitAlarms)")
        #expect(events.isEmpty, "no alarm of any kind in normal operation: \(events)")
        #expect(negativeGas == 0)
        #expect(outOfRange.isEmpty, "\(outOfRange.prefix(5))")
        // Realistic, not flat: every analog tag moves (a level by at least its noise, others more).
        for (t, tag) in model.tags.enumerated() where tag.kind != .discrete {
            #expect(maximum[t] > minimum[t], "\(tag.id) never changes")
        }
    }

    @Test func tagsBehaveLikeTheirKind() throws {
        let catalog = try Demo.catalog()
        let simulator = try PlantSimulator(model: catalog.model, seed: 1, start: Demo.start)
        func value(_ enterprise: String, _ tag: String, at t: Millis = Demo.start) throws -> Double {
            let index = try #require(catalog.tagIndex(enterprise: enterprise, tag: tag))
            return try #require(simulator.value(ofTag: index, at: t))
        }
        // Gas detectors near zero, never negative.
        for tag in ["GT101", "GT102", "GT103", "GT104", "GT105", "AT201"] {
            let v = try value("E-DEMO-01", tag)
            #expect(v >= 0 && v < 2, "\(tag) \(v)")
        }
        #expect(try value("E-DEMO-02", "CL301") < 0.1)
        // Discrete tags rest at the value that does not alarm.
        #expect(try value("E-DEMO-01", "LD1.GND") == 0)  // alarm_value true: grounded is false
        #expect(try value("E-DEMO-02", "ABS1.FAN") == 1)  // alarm_value false: the fan runs
        // Oxygen in air, sphere pressures around propane's vapour pressure, levels between L and H.
        #expect(abs(try value("E-DEMO-02", "OX301") - 20.9) < 0.3)
        let pressure = try value("E-DEMO-01", "V101.PT")
        #expect(pressure > 0.4 && pressure < 1.0, "\(pressure)")
        let level = try value("E-DEMO-01", "V101.LT")
        #expect(level > 25 && level < 75, "\(level)")
        // Values are rounded to the instrument's resolution (1/10 000 of the range or finer).
        #expect((pressure * 10_000).rounded() / 10_000 == pressure)
        // Levels fill and empty: over 12 h a level travels a good part of its band.
        let samples = stride(from: Demo.start, to: Demo.start + 12 * oneHour, by: Int(10 * oneMinute)).map {
            try? value("E-DEMO-01", "V101.LT", at: $0)
        }.compactMap { $0 }
        #expect(samples.max()! - samples.min()! > 15)
    }
}
