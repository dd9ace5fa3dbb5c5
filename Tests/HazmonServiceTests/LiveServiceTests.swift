import Foundation
import HazmonIO
import HazmonMQTT
import Testing

/// `hazmon run` against a real Mosquitto on a loopback port of its own, one test at a time (they share
/// two cores with the broker). The service is the real binary, run like an operator would; the test
/// publishes telemetry and watches `hazmon/#`. Every wait is generous; nothing asserts on speed.
///
/// Tags used (Sensors/demo/E-DEMO-01.yaml with Config/profiles.yaml): the `HH` limits below fire at the
/// first sample (`on_delay: 0s`); their `H` limits have on-delays of 5–15 s, which the tests keep
/// short of by spacing samples by milliseconds and by returning below `H`.
/// - `V101.PT`, `V102.PT`, `V103.PT`: pressure, `HH` 1.60 MPa, deadband 0.02 (returns below 1.58);
///   `H` 1.40 with the profile's 15 s on-delay; `V103.PT` has no `ROC` or `FROZEN`.
/// - `LD1.FT`: flow, `HH` 55 m³/h, deadband 2; `H` 45 with 5 s on-delay.
/// - `GT104`: combustible gas, `HH` 50 %LEL (no delay), `H` 25 with 5 s; in no vote.
@Suite(
    "hazmon run against Mosquitto", .serialized,
    .enabled(if: LoopbackBroker.isAvailable, "Mosquitto is not installed at /usr/sbin/mosquitto"))
struct LiveServiceTests {
    static let high = 1.65
    static let normal = 1.2

    // MARK: 1

    @Test("a sample over HH publishes the activation and the retained alarm; its return keeps rtn_unack")
    func publishToEvent() throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-event"), instance: unique("event"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        // `online`, retained, while it runs.
        #expect(observer.wait { $0.messages(on: hazmon.statusTopic).contains { $0.text == "online" } })
        let status = try retainedMessage(on: hazmon.statusTopic, broker: broker)
        #expect(status?.text == "online")
        #expect(status?.retain == true)

        let t0 = nowMillis()
        try publisher.sample("V101.PT", ts: t0, Self.high)
        #expect(observer.wait { !$0.events(tag: "V101.PT").isEmpty }, "no event; stderr:\n\(hazmon.stderr)")
        let activation = try #require(observer.events(tag: "V101.PT").first)
        #expect(activation.transition == "activate")
        #expect(activation.state == "unack")
        #expect(activation.string("id") == "E-DEMO-01/V101.PT/HH")
        #expect(activation.string("enterprise") == "E-DEMO-01")
        #expect(activation.string("hazard_source") == "HS01")
        #expect(activation.string("tag") == "V101.PT")
        #expect(activation.string("kind") == "pressure")
        #expect(activation.condition == "HH")
        #expect(activation.string("priority") == "high")
        #expect(activation.string("color") == "orange")
        #expect(activation.value == Self.high)
        #expect(activation.number("limit") == 1.6)
        #expect(activation.string("unit") == "MPa")
        #expect(activation.ts == t0)
        #expect(activation.string("activated_at").flatMap { Timestamps.parse($0) } == t0)
        #expect(activation["seq"] is NSNumber)
        #expect(!(activation.string("message") ?? "").isEmpty)
        #expect(activation.string("ts")?.hasSuffix("Z") == true && activation.string("ts")?.contains(".") == true)
        // Not retained on the events topic; the alarm topic carries the same event.
        let eventMessage = try #require(observer.messages(on: "hazmon/events/E-DEMO-01/V101.PT").first)
        #expect(!eventMessage.retain)

        let alarmTopic = "hazmon/alarms/E-DEMO-01/V101.PT/HH"
        #expect(observer.wait { !$0.messages(on: alarmTopic).isEmpty })
        let late = try #require(
            try retainedMessage(on: alarmTopic, broker: broker), "nothing retained on \(alarmTopic)")
        #expect(late.retain)
        let retained = try #require(AlarmEventJSON(late.payload))
        #expect(retained.state == "unack")
        #expect(retained.transition == "activate")
        #expect(retained.ts == t0)

        // 1.59 is under the limit but inside the deadband: still active. 1.2 returns it.
        try publisher.sample("V101.PT", ts: t0 + 1, 1.59)
        try publisher.sample("V101.PT", ts: t0 + 2, Self.normal)
        #expect(observer.wait { $0.events(tag: "V101.PT").count >= 2 })
        let events = observer.events(tag: "V101.PT")
        try #require(events.count >= 2)
        #expect(events[1].transition == "return")
        #expect(events[1].condition == "HH")
        #expect(events[1].state == "rtn_unack")
        #expect(events[1].value == Self.normal)
        #expect(events[1].ts == t0 + 2)
        #expect(events[1].string("activated_at").flatMap { Timestamps.parse($0) } == t0)
        // Returned but not acknowledged: the retained state stays, now rtn_unack (not cleared).
        #expect(observer.wait { $0.messages(on: alarmTopic).count >= 2 })
        let afterReturn = try #require(try retainedMessage(on: alarmTopic, broker: broker), "alarm state was cleared")
        #expect(afterReturn.retain)
        #expect(AlarmEventJSON(afterReturn.payload)?.state == "rtn_unack")
        #expect(hazmon.isRunning)
        #expect(try retainedMessage(on: hazmon.statusTopic, broker: broker)?.text == "online")

        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
        #expect(hazmon.summary?.evaluated == 3)
        #expect(hazmon.summary?.rejected == 0)
        // Only the two transitions: nothing for the deadband sample.
        #expect(observer.events(tag: "V101.PT").count == 2, "\(observer.events(tag: "V101.PT"))")
    }

    // MARK: 2

    @Test("a batch over several tags yields each tag's events; a bare number is stamped with the receive time")
    func batchAndBareNumber() throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-batch"), instance: unique("batch"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        let t0 = nowMillis()
        let batch = """
            {"ts": \(t0), "points": [
              {"tag": "V101.PT", "v": 1.65},
              {"tag": "V102.PT", "v": 1.7, "ts": \(t0 - 5)},
              {"tag": "LD1.FT", "v": 58, "q": "good"},
              {"tag": "GT104", "v": 60},
              {"tag": "T201.LT", "v": 50}
            ]}
            """
        try publisher.raw("hz/E-DEMO-01", Array(batch.utf8))
        let expected: [(tag: String, ts: Int64, value: Double, limit: Double)] = [
            ("V101.PT", t0, 1.65, 1.6), ("V102.PT", t0 - 5, 1.7, 1.6), ("LD1.FT", t0, 58, 55), ("GT104", t0, 60, 50),
        ]
        #expect(
            observer.wait { o in expected.allSatisfy { !o.events(tag: $0.tag).isEmpty } },
            "missing events; got \(observer.messages.map(\.topic)); stderr:\n\(hazmon.stderr)")
        for (tag, ts, value, limit) in expected {
            let events = observer.events(tag: tag)
            #expect(events.count == 1, "\(tag): \(events)")
            guard let event = events.first else { continue }
            #expect(isTransition(event, "activate"), "\(tag): \(event)")
            #expect(event.ts == ts, "\(tag): \(event)")
            #expect(event.value == value, "\(tag): \(event)")
            #expect(event.number("limit") == limit, "\(tag): \(event)")
        }
        #expect(observer.events(tag: "GT104").first?.string("kind") == "gas_combustible")

        // A bare number: accepted, stamped with the time the service received it.
        let before = nowMillis()
        try publisher.raw("hz/E-DEMO-01/V103.PT", Array("1.7".utf8))
        #expect(observer.wait { !$0.events(tag: "V103.PT").isEmpty }, "stderr:\n\(hazmon.stderr)")
        let after = nowMillis()
        let bare = try #require(observer.events(tag: "V103.PT").first)
        #expect(isTransition(bare, "activate"))
        #expect(bare.value == 1.7)
        let stamped = try #require(bare.ts)
        #expect((before...after).contains(stamped), "ts \(stamped) not within \(before)...\(after)")

        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
        let summary = try #require(hazmon.summary, "no summary in:\n\(hazmon.stderr)")
        #expect(summary.messages == 2)
        #expect(summary.samples == 6)
        #expect(summary.evaluated == 6)
        #expect(summary.rejected == 0)
        // T201.LT at 50 % is normal: nothing; the `H` on-delays of LD1.FT and GT104 never ran out.
        #expect(observer.events(tag: "T201.LT").isEmpty)
        #expect(summary.events == 5, "\(summary)")
    }

    // MARK: 3

    @Test("2 000 bad payloads among good ones: the service stays up, good samples alarm, rejections are counted")
    func barrage() throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-barrage"), instance: unique("barrage"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        let base = nowMillis()
        let oversized =
            Array(#"{"ts": \#(base), "v": 20, "pad": ""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 262_144)
            + Array(#""}"#.utf8)
        var good = 0
        var bad = 0
        var kinds: [String: Int] = [:]
        for index in 0..<2_200 {
            let ts = base + Int64(index)
            if index % 11 == 0 {
                // Every good sample crosses HH one way or the other: one event each.
                try publisher.sample("V102.PT", ts: ts, good % 2 == 0 ? Self.high : Self.normal)
                good += 1
                continue
            }
            let kind: String
            if bad % 100 == 99 {
                kind = "oversized"
                try publisher.raw("hz/E-DEMO-01/V101.TT", oversized)
            } else {
                switch bad % 5 {
                case 0:
                    kind = "malformed"
                    try publisher.raw("hz/E-DEMO-01/V102.PT", Array(#"{"ts": \#(ts), "v": "#.utf8))
                case 1:
                    kind = "unknown_enterprise"
                    try publisher.sample("V102.PT", ts: ts, 1.7, enterprise: "E-NOWHERE")
                case 2:
                    kind = "unknown_tag"
                    try publisher.sample("NO.SUCH.TAG", ts: ts, 1.7)
                case 3:
                    kind = "bad_value"
                    try publisher.raw("hz/E-DEMO-01/V102.PT", Array(#"{"ts": \#(ts), "v": "very high"}"#.utf8))
                default:
                    kind = "future_timestamp"
                    try publisher.sample("V102.PT", ts: ts + 3_600_000, 1.7)
                }
            }
            kinds[kind, default: 0] += 1
            bad += 1
        }
        try publisher.flush()
        #expect(good == 200)
        #expect(bad == 2_000)
        #expect(kinds["oversized"] == 20)

        let alarmEvents = { (o: Observer) in
            o.events(tag: "V102.PT").filter { isTransition($0, "activate") || isTransition($0, "return") }
        }
        #expect(
            observer.wait { alarmEvents($0).count >= good },
            "\(alarmEvents(observer).count) of \(good) events; stderr:\n\(hazmon.stderr)")
        #expect(hazmon.isRunning, "hazmon died; stderr:\n\(hazmon.stderr)")
        let events = alarmEvents(observer)
        #expect(events.count == good)
        // In order, alternating, each stamped with its sample's time: bad input disturbed nothing.
        let goodTimes = (0..<2_200).filter { $0 % 11 == 0 }.map { base + Int64($0) }
        #expect(events.map(\.ts) == goodTimes.map { Optional($0) })
        #expect(
            events.enumerated().allSatisfy { $0.element.transition == ($0.offset % 2 == 0 ? "activate" : "return") })

        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
        let summary = try #require(hazmon.summary, "no summary in:\n\(hazmon.stderr)")
        #expect(summary.rejected == bad, "\(summary); sent \(kinds)")
        #expect(summary.messages == good + bad)
        #expect(summary.evaluated == good)
    }

    // MARK: 4

    @Test("after the broker is killed and restarted, hazmon reconnects, says online again and carries on")
    func brokerRestart() throws {
        let broker = try startBroker(persistence: true)
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-restart"), instance: unique("restart"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        let t0 = nowMillis()
        try publisher.sample("V101.PT", ts: t0, Self.high)
        #expect(observer.wait { !$0.events(tag: "V101.PT").isEmpty }, "stderr:\n\(hazmon.stderr)")
        let online = { (o: Observer) in o.messages(on: hazmon.statusTopic).filter { $0.text == "online" }.count }
        #expect(observer.wait { online($0) >= 1 })
        let onlineBefore = online(observer)

        broker.kill()
        try broker.restart()
        // SIGKILL saved nothing: whatever is retained now, hazmon published after the restart.
        try hazmon.waitUntilSubscribed(broker, count: 2)
        #expect(
            observer.wait { online($0) > onlineBefore },
            "no new 'online' after the restart; status: \(observer.messages(on: hazmon.statusTopic).map(\.text))")
        #expect(try retainedMessage(on: hazmon.statusTopic, broker: broker)?.text == "online")
        #expect(publisher.client.waitUntilConnected(timeout: patience))

        // The engine kept its state: the alarm raised before the restart returns now.
        try publisher.sample("V101.PT", ts: nowMillis(), Self.normal)
        #expect(
            observer.wait { $0.events(tag: "V101.PT").contains { isTransition($0, "return") } },
            "no return after the restart; stderr:\n\(hazmon.stderr)")
        #expect(hazmon.isRunning)
        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
        #expect(hazmon.summary?.evaluated == 2)
    }

    // MARK: 5

    @Test(
        "telemetry published while hazmon is down is queued by the broker and evaluated when it comes back",
        arguments: [false, true])
    func persistentSession(brokerRestartsMeanwhile: Bool) throws {
        let broker = try startBroker(persistence: true)
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let clientID = unique("svc-session")
        let instance = unique("session")
        let publisher = try TelemetryPublisher(broker: broker)

        let first = try HazmonProcess(broker: broker, clientID: clientID, instance: instance)
        defer { first.kill() }
        try first.waitUntilSubscribed(broker)
        let t0 = nowMillis()
        try publisher.sample("V101.PT", ts: t0, Self.high)
        #expect(observer.wait { !$0.events(tag: "V101.PT").isEmpty }, "stderr:\n\(first.stderr)")
        first.terminate()
        #expect(first.waitForExit() == 0, "stderr:\n\(first.stderr)")
        #expect(observer.wait { $0.messages(on: first.statusTopic).last?.text == "offline" })

        // While it is down: 100 samples on V103.PT alternating across HH (one event each), 100 on LD1.FT
        // of which one crosses HH.
        let base = t0 + 1_000
        var alternating: [Int64] = []
        var spike: Int64 = 0
        for index in 0..<200 {
            let ts = base + Int64(index)
            if index % 2 == 0 {
                try publisher.sample("V103.PT", ts: ts, alternating.count % 2 == 0 ? Self.high : Self.normal)
                alternating.append(ts)
            } else {
                if index == 151 { spike = ts }
                try publisher.sample("LD1.FT", ts: ts, index == 151 ? 58 : 10)
            }
        }
        try publisher.flush()
        if brokerRestartsMeanwhile {
            broker.stop()  // SIGTERM: Mosquitto saves sessions and their queued messages
            try broker.restart()
            #expect(publisher.client.waitUntilConnected(timeout: patience))
        }

        let second = try HazmonProcess(broker: broker, clientID: clientID, instance: instance)
        defer { second.kill() }
        let alarmEvents = { (o: Observer) in
            o.events(tag: "V103.PT").filter { isTransition($0, "activate") || isTransition($0, "return") }
        }
        #expect(
            observer.wait { alarmEvents($0).count >= alternating.count && $0.events(tag: "LD1.FT").count >= 2 },
            "\(alarmEvents(observer).count) of \(alternating.count) events; stderr:\n\(second.stderr)")
        let spikeEvents = observer.events(tag: "LD1.FT")
        #expect(spikeEvents.first.map { isTransition($0, "activate") } == true)
        #expect(spikeEvents.first?.ts == spike)
        #expect(spikeEvents.first?.value == 58)
        #expect(spikeEvents.dropFirst().first.map { isTransition($0, "return") } == true)
        #expect(spikeEvents.dropFirst().first?.ts == spike + 2)

        second.terminate()
        #expect(second.waitForExit() == 0, "stderr:\n\(second.stderr)")
        let summary = try #require(second.summary, "no summary in:\n\(second.stderr)")
        // Nothing lost and nothing twice: every sample once, every alternation one event, each event once.
        #expect(summary.messages == 200, "\(summary)")
        #expect(summary.evaluated == 200, "\(summary)")
        let repeated = observer.repeatedEvents()
        #expect(repeated.isEmpty, "\(repeated.count) events delivered twice, e.g. \(repeated.first?.text ?? "")")
        #expect(alarmEvents(observer).map(\.ts) == alternating.map { Optional($0) })
    }

    // MARK: 6

    /// With the default queue (65 536) the service is never back-pressured here; with a queue of 8 the
    /// network thread is blocked on a full queue when SIGTERM comes, the case `MQTTClient.stop` must
    /// handle without acknowledging a message it then refuses.
    ///
    /// Exactly once across orderly restarts: a sample a run evaluated must not come back to the next run
    /// (whose engine starts afresh and would raise its alarms again), and none may be skipped. The sums
    /// of the runs' summaries catch both.
    @Test(
        "SIGTERM drains: every acknowledged sample is evaluated and published, the rest stays queued",
        arguments: [nil, 8] as [Int?])
    func sigtermDrains(queueCapacity: Int?) throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let clientID = unique("svc-drain")
        let instance = unique("drain")
        var extra: [String] = []
        if let queueCapacity {
            let config = try configWithQueueCapacity(queueCapacity)
            extra = ["--config", config.path]
        }
        defer {
            if let config = extra.last {
                try? FileManager.default.removeItem(at: URL(fileURLWithPath: config).deletingLastPathComponent())
            }
        }
        let hazmon = try HazmonProcess(broker: broker, clientID: clientID, instance: instance, extra: extra)
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        let total = 5_000
        let base = nowMillis()
        for index in 0..<total {
            try publisher.sample("V103.PT", ts: base + Int64(index), index % 2 == 0 ? Self.high : Self.normal)
        }
        // Terminate as soon as the service is busy with them.
        _ = observer.wait { !$0.events(tag: "V103.PT").isEmpty }
        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
        let summary = try #require(hazmon.summary, "no summary in:\n\(hazmon.stderr)")
        #expect(summary.rejected == 0)
        #expect(summary.late == 0 && summary.duplicate == 0, "\(summary)")
        #expect(summary.evaluated == summary.samples)
        #expect(!hazmon.stderr.lowercased().contains("lost"), "stderr:\n\(hazmon.stderr)")
        #expect(!hazmon.stderr.lowercased().contains("fail"), "stderr:\n\(hazmon.stderr)")

        // Every evaluated sample's event reached the broker before the service left.
        let alarmEvents = { (o: Observer) in
            o.events(tag: "V103.PT").filter { isTransition($0, "activate") || isTransition($0, "return") }
        }
        #expect(
            observer.wait { alarmEvents($0).count >= summary.evaluated },
            "\(alarmEvents(observer).count) events for \(summary)")
        let firstRun = alarmEvents(observer)
        #expect(firstRun.count == summary.evaluated, "\(summary)")
        #expect(firstRun.map(\.ts) == (0..<summary.evaluated).map { Optional(base + Int64($0)) })
        #expect(observer.events(tag: "V103.PT").count == summary.events, "\(summary)")
        let status = try retainedMessage(on: hazmon.statusTopic, broker: broker)
        #expect(status?.text == "offline")
        #expect(status?.retain == true)

        // What it had not taken is still in its session. Interrupt the next runs mid-stream too (each
        // SIGTERM is a chance to acknowledge a message twice or not at all), then let the last one
        // finish; together the runs must take every sample exactly once.
        try publisher.flush()
        var summaries = [summary]
        let lastTs = base + Int64(total - 1)
        let sawLast = { (o: Observer) in alarmEvents(o).contains { $0.ts == lastTs } }
        for round in 1...4 where !sawLast(observer) {
            let before = alarmEvents(observer).count
            let run = try HazmonProcess(broker: broker, clientID: clientID, instance: instance, extra: extra)
            defer { run.kill() }
            let finishing = round == 4
            #expect(
                observer.wait { finishing ? sawLast($0) : alarmEvents($0).count > before || sawLast($0) },
                "round \(round): \(alarmEvents(observer).count - before) new events; stderr:\n\(run.stderr)")
            run.terminate()
            #expect(run.waitForExit() == 0, "stderr:\n\(run.stderr)")
            summaries.append(try #require(run.summary, "no summary in:\n\(run.stderr)"))
        }
        #expect(sawLast(observer), "the last sample was never evaluated: \(summaries)")
        // Each sample was taken by exactly one run: none that a run evaluated came again to the next.
        #expect(summaries.map(\.messages).reduce(0, +) == total, "runs: \(summaries)")
        #expect(summaries.map(\.evaluated).reduce(0, +) == total, "runs: \(summaries)")
        #expect(summaries.allSatisfy { $0.rejected == 0 && $0.late == 0 && $0.duplicate == 0 }, "runs: \(summaries)")
        // Each event published once.
        let repeated = observer.repeatedEvents()
        #expect(repeated.isEmpty, "\(repeated.count) events delivered twice, e.g. \(repeated.first?.text ?? "")")
        let queue = queueCapacity.map(String.init) ?? "default"
        Swift.print("drain (queue \(queue)): samples per run \(summaries.map(\.evaluated))")
    }

    // MARK: 7

    @Test("SIGKILL: the broker publishes the will, offline, retained on the status topic")
    func will() throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-will"), instance: unique("will"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        #expect(observer.wait { $0.messages(on: hazmon.statusTopic).last?.text == "online" })

        hazmon.kill()
        #expect(hazmon.wasSignalled)
        #expect(
            observer.wait { $0.messages(on: hazmon.statusTopic).last?.text == "offline" },
            "status: \(observer.messages(on: hazmon.statusTopic).map(\.text))")
        let status = try retainedMessage(on: hazmon.statusTopic, broker: broker)
        #expect(status?.text == "offline")
        #expect(status?.retain == true)
    }

    // MARK: More failure paths

    /// Each round publishes a backlog while hazmon is down and starts it again: the telemetry connection
    /// delivers the backlog at once, so the first events are published while the event connection is
    /// still waiting for its CONNACK. A QoS 1 publish handed to libmosquitto in that window must still
    /// reach the broker once: subscribers count on one message per transition.
    @Test("every event is published once, even when telemetry is already waiting when hazmon starts")
    func startUpBacklogPublishesOnce() throws {
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let publisher = try TelemetryPublisher(broker: broker)
        let clientID = unique("svc-backlog")
        let instance = unique("backlog")
        // Creates the persistent session.
        let creator = try HazmonProcess(broker: broker, clientID: clientID, instance: instance)
        defer { creator.kill() }
        try creator.waitUntilSubscribed(broker)
        creator.terminate()
        #expect(creator.waitForExit() == 0, "stderr:\n\(creator.stderr)")

        let perRound = 300
        var expected = 0
        var ts = nowMillis()
        for round in 0..<4 {
            for index in 0..<perRound {
                ts += 1
                try publisher.sample("V103.PT", ts: ts, index % 2 == 0 ? Self.high : Self.normal)
            }
            try publisher.flush()
            expected += perRound
            let hazmon = try HazmonProcess(broker: broker, clientID: clientID, instance: instance)
            defer { hazmon.kill() }
            let arrived = observer.wait {
                $0.events(tag: "V103.PT").filter { isTransition($0, "activate") || isTransition($0, "return") }.count
                    >= expected
            }
            #expect(arrived, "round \(round): stderr:\n\(hazmon.stderr)")
            hazmon.terminate()
            #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
            #expect(hazmon.summary?.evaluated == perRound, "round \(round): \(String(describing: hazmon.summary))")
        }
        let repeated = observer.repeatedEvents()
        #expect(
            repeated.isEmpty,
            "\(repeated.count) of \(expected) events delivered twice, e.g. \(repeated.first?.text ?? "")")
    }

    @Test("SIGTERM while the broker is down: hazmon still stops in order and exits 0")
    func sigtermWithoutBroker() throws {
        let broker = try startBroker()
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-nobroker"), instance: unique("nobroker"))
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        broker.kill()
        usleep(500_000)
        hazmon.terminate()
        // Its shutdown waits up to 10 s for acknowledgements and 5 s to drain: allow for both.
        let status = hazmon.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "exit \(String(describing: status)); stderr:\n\(hazmon.stderr)")
        #expect(hazmon.summary != nil, "no summary in:\n\(hazmon.stderr)")
    }

    @Test("hazmon started before its broker connects, subscribes and announces itself once the broker is up")
    func startsBeforeBroker() throws {
        let broker = try startBroker()
        broker.kill()  // keeps its port for the restart
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-early"), instance: unique("early"))
        defer { hazmon.kill() }
        try hazmon.waitUntilRunning()
        usleep(1_500_000)  // a few refused connects
        #expect(hazmon.isRunning, "stderr:\n\(hazmon.stderr)")
        try broker.restart()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        try hazmon.waitUntilSubscribed(broker, timeout: .seconds(60))
        #expect(observer.wait { $0.messages(on: hazmon.statusTopic).last?.text == "online" })
        let publisher = try TelemetryPublisher(broker: broker)
        let t0 = nowMillis()
        try publisher.sample("V101.PT", ts: t0, Self.high)
        #expect(observer.wait { !$0.events(tag: "V101.PT").isEmpty }, "stderr:\n\(hazmon.stderr)")
        #expect(observer.events(tag: "V101.PT").first?.ts == t0)
        hazmon.terminate()
        #expect(hazmon.waitForExit() == 0, "stderr:\n\(hazmon.stderr)")
    }
}
