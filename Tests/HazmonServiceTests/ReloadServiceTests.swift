import Foundation
import HazmonIO
import HazmonMQTT
import Testing

/// Hot reload of `hazmon run` (SPEC §9): the real binary with a copy of `Sensors/demo/E-DEMO-01.yaml` in a
/// temporary folder, edited while it runs. Tags (see `LiveServiceTests`): `V101.PT` / `V103.PT` `HH` 1.60
/// MPa, `LD1.FT` `HH` 55 m³/h (no delays); `LD1.FT`'s `H` 45 has a 5 s on-delay the samples stay short of.
@Suite(
    "hazmon run reloads its catalog", .serialized,
    .enabled(if: LoopbackBroker.isAvailable, "Mosquitto is not installed at /usr/sbin/mosquitto"))
struct ReloadServiceTests {
    static let hhLine = "HH: { value: 55, on_delay: 0s }"

    /// A folder with a copy of the E-DEMO-01 catalog; the caller removes it.
    static func catalogCopy() throws -> (folder: URL, file: URL, text: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hazmon-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("E-DEMO-01.yaml")
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Sensors/demo/E-DEMO-01.yaml"), encoding: .utf8)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file, text)
    }

    /// The catalog without the `V103.PT` tag, and with `LD1.FT`'s `HH` at `hh`.
    static func edited(_ text: String, hh: String) throws -> String {
        let start = try #require(text.range(of: "      - id: \"V103.PT\"\n"))
        let end = try #require(text.range(of: "      - id: \"V103.TT\"", range: start.upperBound..<text.endIndex))
        var edited = text
        edited.removeSubrange(start.lowerBound..<end.lowerBound)
        #expect(edited.contains(hhLine))
        return edited.replacingOccurrences(of: hhLine, with: "HH: { value: \(hh), on_delay: 0s }")
    }

    /// Reload status messages (decoded) so far.
    static func statuses(_ observer: Observer, _ hazmon: HazmonProcess) -> [[String: Any]] {
        observer.messages(on: hazmon.statusTopic + "/reload").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.payload)) as? [String: Any]
        }
    }

    @Test("an edited file is reloaded; the invalid edit is refused", arguments: [false, true])
    func reload(sighup: Bool) throws {
        let catalog = try Self.catalogCopy()
        defer { try? FileManager.default.removeItem(at: catalog.folder) }
        let broker = try startBroker()
        let observer = try Observer(broker: broker)
        defer { observer.stop() }
        let hazmon = try HazmonProcess(broker: broker, clientID: unique("svc-reload"), instance: unique("reload"),
                                       sensors: catalog.folder.path)
        defer { hazmon.kill() }
        try hazmon.waitUntilSubscribed(broker)
        let publisher = try TelemetryPublisher(broker: broker)

        // Before: V101.PT and V103.PT over HH; LD1.FT at 52, under its HH of 55.
        let t0 = nowMillis()
        try publisher.sample("V101.PT", ts: t0, 1.65)
        try publisher.sample("V103.PT", ts: t0, 1.65)
        try publisher.sample("LD1.FT", ts: t0, 52)
        #expect(observer.wait { $0.events(tag: "V101.PT").count == 1 && $0.events(tag: "V103.PT").count == 1 },
                "stderr:\n\(hazmon.stderr)")
        #expect(observer.events(tag: "LD1.FT").isEmpty)

        // 1. An invalid edit is refused, its error on the reload status topic; the old catalog keeps working.
        let broken = catalog.text.replacingOccurrences(of: Self.hhLine, with: "HH: { value: fifty, on_delay: 0s }")
        try broken.write(to: catalog.file, atomically: true, encoding: .utf8)
        if sighup { Foundation.kill(hazmon.pid, SIGHUP) }
        #expect(observer.wait { !Self.statuses($0, hazmon).isEmpty }, "stderr:\n\(hazmon.stderr)")
        let refusal = try #require(Self.statuses(observer, hazmon).first)
        #expect(refusal["ok"] as? Bool == false)
        let errors = refusal["errors"] as? [String] ?? []
        #expect(errors.contains { $0.hasPrefix(catalog.file.path + ":") }, "errors: \(errors)")
        #expect(hazmon.stderr.contains("reload refused"))
        #expect(observer.messages(on: hazmon.statusTopic + "/reload").allSatisfy { !$0.retain })
        try publisher.sample("LD1.FT", ts: t0 + 1, 56)  // the old HH of 55 still applies
        #expect(observer.wait { $0.events(tag: "LD1.FT").contains { isTransition($0, "activate") } })
        try publisher.sample("LD1.FT", ts: t0 + 2, 52)  // back under 55 - 2
        #expect(observer.wait { $0.events(tag: "LD1.FT").contains { isTransition($0, "return") } })

        // 2. A valid edit: V103.PT removed, LD1.FT's HH lowered to 50.
        try Self.edited(catalog.text, hh: "50").write(to: catalog.file, atomically: true, encoding: .utf8)
        if sighup { Foundation.kill(hazmon.pid, SIGHUP) }
        #expect(observer.wait { Self.statuses($0, hazmon).contains { $0["ok"] as? Bool == true } },
                "stderr:\n\(hazmon.stderr)")
        let success = try #require(Self.statuses(observer, hazmon).first { $0["ok"] as? Bool == true })
        #expect((success["reset"] as? Int ?? 0) >= 1)
        #expect((success["removed"] as? Int ?? 0) >= 1)
        #expect((success["carried"] as? Int ?? 0) > 0)
        #expect(hazmon.stderr.contains("hazmon: reloaded"))
        if sighup { #expect(hazmon.stderr.contains("reload (SIGHUP)")) }

        // The removed tag's active alarm: a `clear`, and its retained state is emptied.
        #expect(observer.wait { $0.events(tag: "V103.PT").contains { isTransition($0, "clear") } })
        let alarmTopic = "hazmon/alarms/E-DEMO-01/V103.PT/HH"
        #expect(observer.wait { $0.messages(on: alarmTopic).last?.payload.isEmpty == true })
        #expect(try retainedMessage(on: alarmTopic, broker: broker) == nil)

        // The unchanged alarm stays active: a new sample over HH activates nothing.
        try publisher.sample("V101.PT", ts: t0 + 10, 1.7)
        // The changed limit applies to the next sample.
        try publisher.sample("LD1.FT", ts: t0 + 10, 52)
        #expect(observer.wait { $0.events(tag: "LD1.FT").filter { isTransition($0, "activate") }.count == 2 })
        let activation = try #require(observer.events(tag: "LD1.FT").last { isTransition($0, "activate") })
        #expect(activation.number("limit") == 50)
        #expect(activation.value == 52)
        // V101.PT's sample was sent first, so it has been evaluated by now.
        #expect(observer.events(tag: "V101.PT").count { $0.transition == "activate" } == 1)
        let still = try #require(try retainedMessage(on: "hazmon/alarms/E-DEMO-01/V101.PT/HH", broker: broker))
        #expect(AlarmEventJSON(still.payload)?.state == "unack")
    }
}
