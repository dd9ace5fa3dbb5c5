import HazmonCatalog
import HazmonCore
import HazmonIO
import HazmonSim
import Testing

/// Each scenario, run straight into the engine, raises the alarms it is meant to and nothing else.
@Suite struct ScenarioTests {
    private func simulator(_ script: String, seed: UInt64 = 1, tag: String? = nil) throws -> PlantSimulator {
        try PlantSimulator(
            model: Demo.catalog().model, seed: seed, start: Demo.start,
            script: ScenarioScript(parsing: script, duration: DurationParser.parse), target: tag.map(TagReference.init))
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func overfillRaisesLevelHighThenHighHighAndReturnsAfterwards(seed: UInt64) throws {
        let simulator = try simulator("normal:1m,overfill:8m,normal:6m", seed: seed)
        let phase = simulator.phases[1]
        #expect(simulator.model.tags[phase.targets[0]].id == "V101.LT")
        let events = runThroughEngine(simulator, until: simulator.end!)
        let h = try #require(events.first("V101.LT", .H), "\(events)")
        let hh = try #require(events.first("V101.LT", .HH), "\(events)")
        #expect(h.ts < hh.ts)
        #expect(h.ts > phase.start + 30 * oneSecond + 60 * oneSecond, "after the onset and the 60 s on-delay")
        #expect(hh.ts < phase.start + 5 * oneMinute)
        #expect(hh.value >= 90)
        #expect(
            events.first("V101.LT", .H, .return) != nil && events.first("V101.LT", .HH, .return) != nil,
            "the level drains back after the phase: \(events)")
        let others = events.filter { $0.tag != "V101.LT" }
        #expect(others.isEmpty, "\(others)")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func leakRaisesHighOnTwoDetectorsThenTheVoteThenHighHigh(seed: UInt64) throws {
        let simulator = try simulator("normal:1m,leak:8m,normal:6m", seed: seed)
        let start = simulator.phases[1].start
        let events = runThroughEngine(simulator, until: simulator.end!)
        let firstH = try #require(events.first("GT101", .H), "\(events)")
        let secondH = try #require(events.first("GT102", .H), "\(events)")
        let vote = try #require(events.first("SPH-PUMP-GAS", .VOTE), "\(events)")
        let hh = try #require(events.first("GT101", .HH), "\(events)")
        #expect(firstH.ts > start + 60 * oneSecond)
        #expect(firstH.ts < secondH.ts)
        #expect(vote.ts == secondH.ts, "the second detector at H completes 2 of 3")
        #expect(secondH.ts < hh.ts)
        #expect(hh.ts < start + 5 * oneMinute)
        #expect(Set(events.activations.map(\.tag)) == ["GT101", "GT102", "SPH-PUMP-GAS"], "\(events.activations)")
        #expect(events.returns.count == events.activations.count, "the gas disperses after the phase: \(events)")
    }

    @Test func leakAtANamedDetectorUsesItsVote() throws {
        let simulator = try simulator("leak:6m", tag: "E-DEMO-01/AT202")
        let events = runThroughEngine(simulator, until: simulator.end!)
        #expect(events.first("AT202", .H) != nil)
        #expect(events.first("AT201", .H) != nil)
        #expect(events.first("NH3-FARM-TOX", .VOTE) != nil)
        #expect(events.first("AT202", .HH) != nil)
        #expect(Set(events.activations.map(\.tag)) == ["AT201", "AT202", "NH3-FARM-TOX"], "\(events.activations)")
    }

    @Test func aStepCanNameItsTagAndDrainingBackStaysUnderTheRateOfChangeLimit() throws {
        // T201.LT has ROC fall 5 % in 10 min: the drain after the overfill must not look like a rupture.
        let simulator = try simulator("overfill@E-DEMO-01/T201.LT:8m,normal:3h")
        let phase = simulator.phases[0]
        #expect(simulator.model.tags[phase.targets[0]].id == "T201.LT")
        #expect(phase.summary.contains("drains back over 1"), "\(phase.summary)")  // over 1h…, not 2m
        let events = runThroughEngine(simulator, until: simulator.end!, step: 5 * oneSecond)
        #expect(events.first("T201.LT", .H) != nil && events.first("T201.LT", .HH) != nil, "\(events)")
        #expect(events.first("T201.LT", .H, .return) != nil, "\(events)")
        #expect(Set(events.activations.map(\.condition)) == [.H, .HH], "\(events.activations)")
    }

    @Test func stuckSensorRepeatsOneValueUntilFrozenFires() throws {
        let simulator = try simulator("normal:5m,stuck-sensor:130m,normal:5m")
        let phase = simulator.phases[1]
        let tag = phase.targets[0]
        #expect(simulator.model.tags[tag].id == "V102.PT")
        let stuckAt = phase.start + 30 * oneSecond
        var values = Set<Double>()
        let events = runThroughEngine(simulator, until: simulator.end!, step: 5 * oneSecond) { sample in
            if Int(sample.tag) == tag, sample.ts >= stuckAt, sample.ts < phase.end! { values.insert(sample.value) }
        }
        #expect(values.count == 1, "exactly the same value while stuck")
        let frozen = try #require(events.first("V102.PT", .FROZEN), "\(events)")
        // The reference may be an earlier sample that happened to lie within epsilon of the stuck value.
        #expect(frozen.ts >= stuckAt + 2 * oneHour - oneMinute && frozen.ts <= stuckAt + 2 * oneHour + 10 * oneSecond)
        #expect(events.first("V102.PT", .FROZEN, .return) != nil, "live again after the phase")
        #expect(events.activations.count == 1, "\(events.activations)")
    }

    @Test func gatewayOfflineSilencesAHazardSourceUntilStaleFiresThenResumes() throws {
        let simulator = try simulator("normal:2m,gateway-offline:10m,normal:2m")
        let phase = simulator.phases[1]
        let model = simulator.model
        let silenced = Set(phase.targets.map { model.tags[$0].id })
        #expect(phase.targets.allSatisfy { model.enterprises[model.tags[$0].enterprise].id == "E-DEMO-02" })
        #expect(phase.targets.count == model.tags.filter { model.enterprises[$0.enterprise].id == "E-DEMO-02" }.count)
        let from = phase.start + 30 * oneSecond
        let until = from + 6 * oneMinute  // the profile's stale_after 5m + 60 s
        var heardWhileOffline = 0
        let events = runThroughEngine(simulator, until: simulator.end!) { sample in
            if phase.targets.contains(Int(sample.tag)), sample.ts >= from, sample.ts < until { heardWhileOffline += 1 }
        }
        #expect(heardWhileOffline == 0)
        let stale = events.activations.filter { $0.condition == .STALE }
        #expect(Set(stale.map(\.tag)) == silenced, "\(events)")
        #expect(events.activations.count == stale.count, "nothing but STALE: \(events.activations)")
        for event in stale { #expect(event.ts > from && event.ts <= from + 5 * oneMinute) }
        let returns = events.returns.filter { $0.condition == .STALE }
        #expect(Set(returns.map(\.tag)) == silenced)
        for event in returns { #expect(event.ts == until) }
    }

    @Test func gatewayOfflineEndsWithAShortPhase() throws {
        let simulator = try simulator("gateway-offline:2m,normal:1m")
        let phase = simulator.phases[0]
        let target = phase.targets[0]
        #expect(simulator.value(ofTag: target, at: phase.start + 90 * oneSecond) == nil)
        #expect(simulator.value(ofTag: target, at: phase.start + 2 * oneMinute) != nil)
    }

    @Test func scenariosNeedTagsThatFit() throws {
        let model = try Demo.catalog().model
        #expect(throws: SimulationError.self) {
            try PlantSimulator(
                model: model, start: 0, script: ScenarioScript(.overfill), target: TagReference("LD1.GND"))
        }
        #expect(throws: SimulationError.self) {
            try PlantSimulator(model: model, start: 0, script: ScenarioScript(.leak), target: TagReference("V101.LT"))
        }
        #expect(throws: SimulationError.self) {
            try PlantSimulator(model: model, start: 0, script: ScenarioScript(.overfill), target: TagReference("NOPE"))
        }
        let summary = try PlantSimulator(
            model: model, start: 0, script: ScenarioScript(.overfill),
            target: TagReference("E-DEMO-02/ABS1.LT")
        ).phases[0].summary
        #expect(summary.contains("E-DEMO-02/ABS1.LT"), "\(summary)")
    }

    @Test func scriptsParse() throws {
        let script = try ScenarioScript(parsing: "normal:2m, leak:5m ,normal", duration: DurationParser.parse)
        #expect(
            script.steps == [
                .init(.normal, duration: 2 * oneMinute), .init(.leak, duration: 5 * oneMinute),
                .init(.normal, duration: nil),
            ])
        #expect(script.totalDuration == nil)
        #expect(
            try ScenarioScript(parsing: "stuck-sensor:1h,gateway-offline:10m", duration: DurationParser.parse)
                .totalDuration == 70 * oneMinute)
        for bad in ["", "leak:5m,", "lek:5m", "leak,normal:2m", "leak:5", "leak:0s", "normal:2m,:3m"] {
            #expect(throws: SimulationError.self, "\(bad)") {
                try ScenarioScript(parsing: bad, duration: DurationParser.parse)
            }
        }
        let targeted = try ScenarioScript(
            parsing: "overfill@T201.LT:5m,leak@E-DEMO-01/AT202", duration: DurationParser.parse)
        #expect(
            targeted.steps == [
                .init(.overfill, duration: 5 * oneMinute, target: TagReference("T201.LT")),
                .init(.leak, duration: nil, target: TagReference("E-DEMO-01/AT202")),
            ])
        #expect(throws: SimulationError.self) {
            try ScenarioScript(parsing: "leak@:5m", duration: DurationParser.parse)
        }
        #expect(TagReference("E-DEMO-01/GT101") == TagReference("E-DEMO-01/GT101"))
        #expect(TagReference("E-DEMO-01/GT101").enterprise == "E-DEMO-01")
        #expect(TagReference("GT101").enterprise == nil)
    }

    @Test func phasesFollowEachOther() throws {
        let simulator = try simulator("normal:2m,leak:5m,normal:2m")
        #expect(simulator.phases.map(\.start) == [Demo.start, Demo.start + 2 * oneMinute, Demo.start + 7 * oneMinute])
        #expect(simulator.end == Demo.start + 9 * oneMinute)
        #expect(simulator.phaseIndex(at: Demo.start + 2 * oneMinute - 1) == 0)
        #expect(simulator.phaseIndex(at: Demo.start + 2 * oneMinute) == 1)
        #expect(simulator.phaseIndex(at: Demo.start + 9 * oneMinute) == nil)
        #expect(simulator.phases[1].summary.contains("GT101"))
    }
}
