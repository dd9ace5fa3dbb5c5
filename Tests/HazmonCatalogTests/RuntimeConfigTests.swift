import Foundation
import HazmonCatalog
import HazmonCore
import Testing

@Suite("Runtime config")
struct RuntimeConfigTests {
    /// The profile names other modules' catalogs (Sensors/) rely on.
    static let shippedProfiles = [
        "discrete", "flow", "gas_combustible", "gas_toxic_cl2", "gas_toxic_co", "gas_toxic_h2s", "gas_toxic_nh3",
        "level", "oxygen", "pressure", "temperature",
    ]

    @Test func shippedConfigLoadsWithEveryProfile() throws {
        let config = try CatalogLoader.loadConfig(Repo.config)
        #expect(config.file == Repo.config)
        #expect(config.profiles.keys.sorted() == Self.shippedProfiles)
        #expect(config.lifecycle == LifecyclePolicy())
        #expect(config.windowSamples == 256)
        #expect(config.profilesFile == Repo.root.appendingPathComponent("Config/profiles.yaml").path)
    }

    @Test func shippedServiceSettings() throws {
        let service = try CatalogLoader.loadConfig(Repo.config).service
        #expect(service.broker == "mqtt://127.0.0.1:1883")
        #expect(service.protocolVersion == "5")
        #expect(service.qos == 1)
        #expect(service.sessionExpiry == 86_400_000)
        #expect(service.sampleTopic == "hz/{enterprise}/{tag}")
        #expect(service.batchTopic == "hz/{enterprise}")
        #expect(service.maxFutureSkew == 300_000)
        #expect(service.maxPayloadBytes == 262_144)
        #expect(service.queueCapacity == 65_536)
        #expect(service.passwordFile == nil)
    }

    @Test func serviceFilesResolveRelativeToTheConfig() throws {
        let scratch = Scratch()
        let file = scratch.write("hazmon.yaml", "mqtt:\n  protocol: \"3.1.1\"\n  password_file: secret\n  ca_file: /etc/ca.pem\n")
        let service = try CatalogLoader.loadConfig(file).service
        #expect(service.protocolVersion == "3.1.1")
        #expect(service.passwordFile == (file as NSString).deletingLastPathComponent + "/secret")
        #expect(service.caFile == "/etc/ca.pem")
    }

    /// Every shipped profile applies cleanly to a tag of its kind with a range, with the documented numbers.
    @Test(arguments: [
        ("level", "level", [] as [LimitRule]),
        ("temperature", "temperature", []),
        (
            "gas_combustible", "gas_combustible",
            [
                LimitRule(condition: .HH, value: 50, deadband: 2, timing: RuleTiming(onDelay: 0, priority: .critical)),
                LimitRule(condition: .H, value: 25, deadband: 2, timing: RuleTiming(onDelay: 5_000, priority: .medium)),
            ]
        ),
        (
            "gas_toxic_cl2", "gas_toxic",
            [
                LimitRule(condition: .HH, value: 2, deadband: 0.1, timing: RuleTiming(onDelay: 0, priority: .critical)),
                LimitRule(
                    condition: .H, value: 1, deadband: 0.1, timing: RuleTiming(onDelay: 5_000, priority: .medium)),
            ]
        ),
        (
            "oxygen", "oxygen",
            [
                LimitRule(
                    condition: .H, value: 23.5, deadband: 0.2, timing: RuleTiming(onDelay: 5_000, priority: .medium)),
                LimitRule(
                    condition: .L, value: 19.5, deadband: 0.2, timing: RuleTiming(onDelay: 5_000, priority: .medium)),
            ]
        ),
    ])
    func shippedProfileApplies(profile: String, kind: String, limits: [LimitRule]) throws {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", oneTag(kind: kind, "profile: \(profile)\nrange: [0, 100]"))
        let tag = try #require(try CatalogLoader.load(sensors: file, config: Repo.config).model.tags.first)
        #expect(tag.limits == limits)
        #expect(tag.stale == StaleRule(after: 300_000))
    }

    @Test func shippedDiscreteProfile() throws {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", oneTag(kind: "discrete", "profile: discrete"))
        let tag = try #require(try CatalogLoader.load(sensors: file, config: Repo.config).model.tags.first)
        #expect(tag.discreteAlarmValue == true)
        #expect(tag.discreteTiming == RuleTiming(onDelay: 3_000, priority: .high))
    }

    @Test func readsEverySetting() throws {
        let scratch = Scratch()
        let config = scratch.config(
            profiles: "p: {on_delay: 1s}\n",
            extra: """
                lifecycle:
                  chatter_activations: 4
                  chatter_window: 2m
                  chatter_clear_after: 30m
                  flood_threshold: 20
                  flood_window: 5m
                  max_shelve: 8h
                engine:
                  window_samples: 1024
                """)
        let loaded = try CatalogLoader.loadConfig(config)
        var expected = LifecyclePolicy()
        expected.chatterActivations = 4
        expected.chatterWindow = 120_000
        expected.chatterClearAfter = 1_800_000
        expected.floodThreshold = 20
        expected.floodWindow = 300_000
        expected.maxShelve = 28_800_000
        #expect(loaded.lifecycle == expected)
        #expect(loaded.windowSamples == 1024)
        #expect(loaded.profiles["p"]?.location == scratch.folder + "/profiles.yaml:1:1")

        let file = scratch.write("E1.yaml", oneTag("roc: {max: 1, per: 1m}"))
        let catalog = try CatalogLoader.load(sensors: file, config: config)
        #expect(catalog.model.policy == expected)
        #expect(catalog.model.tags.first?.windowCapacity == 1024)
        #expect(catalog.config.windowSamples == 1024)
    }

    @Test func tagWindowSamplesOverridesConfig() throws {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", oneTag("window_samples: 64\nroc: {max: 1, per: 1m}"))
        let catalog = try CatalogLoader.load(sensors: file, config: scratch.config(profiles: nil))
        #expect(catalog.model.tags.first?.windowCapacity == 64)
    }

    @Test(
        arguments: [
            (
                "stroe: {path: var/hazmon.db}\n", 1, 1,
                "unknown key 'stroe' in the runtime config (did you mean 'store'?); expected one of: profiles, lifecycle, engine, mqtt, ingest, risk, inspections, store, http"
            ),
            (
                "store: {paht: var/hazmon.db}\n", 1, 9,
                "unknown key 'paht' in section 'store' (did you mean 'path'?); expected one of: path, max_size_mb, checkpoint_every"
            ),
            (
                "http: {listen: 127.0.0.1:8080, recent_samples: 0}\n", 1, 48,
                "'recent_samples' of section 'http' is 0; expected a whole number from 1 to 100000"
            ),
            (
                "mqtt: {host: localhost}\n", 1, 8,
                "unknown key 'host' in section 'mqtt'; expected one of: broker, client_id, instance, protocol, qos, keepalive, session_expiry, username, password_file, ca_file, cert_file, key_file"
            ),
            (
                "mqtt:\n  protocol: 4\n", 2, 13, "protocol must be 5 or 3.1.1, not '4'"
            ),
            (
                "lifecycle:\n  chatter_window: 1 minute\n", 2, 19,
                "'chatter_window' of section 'lifecycle' must be a duration"
            ),
            ("lifecycle:\n  flood_window: 0s\n", 2, 17, "'flood_window' of section 'lifecycle' must be longer than 0"),
            (
                "lifecycle:\n  chatter_activations: 1\n", 2, 24,
                "'chatter_activations' of section 'lifecycle' is 1; expected a whole number from 2 to 1000"
            ),
            (
                "lifecycle:\n  flood_treshold: 5\n", 2, 3,
                "unknown key 'flood_treshold' in section 'lifecycle' (did you mean 'flood_threshold'?)"
            ),
            (
                "engine:\n  window_samples: 0\n", 2, 19,
                "'window_samples' of section 'engine' is 0; expected a whole number from 2 to 65536"
            ),
            ("profiles: missing.yaml\n", 1, 11, "profiles file '"),
            ("profiles: [a, b]\n", 1, 11, "'profiles' of the runtime config must be text; got a list"),
        ] as [(String, Int, Int, String)])
    func reportsConfigProblems(yaml: String, line: Int, column: Int, message: String) throws {
        let scratch = Scratch()
        let config = scratch.write("hazmon.yaml", yaml)
        do {
            _ = try CatalogLoader.loadConfig(config)
            Issue.record("expected a problem")
        } catch {
            try #require(error.problems.count == 1, "\(error)")
            let problem = error.problems[0]
            #expect(problem.file == config)
            #expect("\(problem.line):\(problem.column)" == "\(line):\(column)", "\(problem.description)")
            #expect(problem.message.contains(message), "\(problem.message)")
        }
    }

    @Test func defaultsWithoutAConfigFile() throws {
        // Tests run with the package root as working directory or elsewhere; either way a named-but-empty
        // config is the built-in defaults.
        let scratch = Scratch()
        let config = try CatalogLoader.loadConfig(scratch.write("hazmon.yaml", "{}\n"))
        #expect(config.profiles.isEmpty && config.profilesFile == nil)
        #expect(config.lifecycle == LifecyclePolicy() && config.windowSamples == 256)
    }

    /// Without a named config, `Config/hazmon.yaml` in the working directory is used if it exists.
    @Test func noConfigUsesTheWorkingDirectorysConfigOrDefaults() throws {
        let config = try CatalogLoader.loadConfig(nil)
        if FileManager.default.fileExists(atPath: "Config/hazmon.yaml") {
            #expect(config.file == "Config/hazmon.yaml")
            #expect(config.profilesFile == "Config/profiles.yaml")
            #expect(config.profiles.keys.sorted() == Self.shippedProfiles)
        } else {
            #expect(config.file == nil && config.profiles.isEmpty)
        }
        #expect(config.lifecycle == LifecyclePolicy())
    }

    @Test func errorDescriptionListsEveryProblem() {
        let error = CatalogError(problems: [
            CatalogProblem(file: "b.yaml", line: 1, column: 1, message: "second"),
            CatalogProblem(file: "a.yaml", line: 3, column: 2, message: "first"),
            CatalogProblem(file: "a.yaml", line: 3, column: 2, message: "first"),
            CatalogProblem(file: "c.yaml", line: 0, column: 0, message: "whole file"),
        ])
        #expect(error.description == "a.yaml:3:2: first\nb.yaml:1:1: second\nc.yaml: whole file")
    }
}
