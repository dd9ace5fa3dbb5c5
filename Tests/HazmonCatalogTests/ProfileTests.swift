import HazmonCatalog
import HazmonCore
import Testing

@Suite("Profiles")
struct ProfileTests {
    static let profiles = """
        gas:
          limits:
            H: 25
            HH: {value: 50, on_delay: 0s}
          deadband: 2
          on_delay: 5s
          stale_after: 5m
        tank:
          deadband: 5%
          on_delay: 60s
          limits: {HH: 90}
        site:
          stale: {after: 10m, priority: medium}
          bad: {on_delay: 30s}
        stel:
          window: {fn: mean, over: 15m}
        critical_limits:
          limits:
            H: {priority: critical}
          priorities: {STALE: high, BAD: medium}
        """

    /// Loads `catalog` with the profiles above and returns its tags by id.
    private func tags(_ catalog: String) throws -> [String: TagSpec] {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", catalog)
        let loaded = try CatalogLoader.load(sensors: file, config: scratch.config(profiles: Self.profiles))
        return Dictionary(uniqueKeysWithValues: loaded.model.tags.map { ($0.id, $0) })
    }

    private func limit(_ tag: TagSpec?, _ condition: Condition) -> LimitRule? {
        tag?.limits.first { $0.condition == condition }
    }

    @Test func tagValuesWinFieldByField() throws {
        let tags = try tags(oneTag(kind: "gas_combustible", "profile: gas\nlimits: {H: 20}\non_delay: 10s"))
        let tag = tags["T1"]
        // The tag's H value wins; HH and the deadband come from the profile.
        #expect(
            limit(tag, .H)
                == LimitRule(
                    condition: .H, value: 20, deadband: 2, timing: RuleTiming(onDelay: 10_000, priority: .medium)))
        // The profile's rule-level HH on_delay 0 is more specific than the tag-level on_delay.
        #expect(
            limit(tag, .HH)
                == LimitRule(
                    condition: .HH, value: 50, deadband: 2, timing: RuleTiming(onDelay: 0, priority: .critical)))
        #expect(tag?.stale == StaleRule(after: 300_000))
    }

    @Test func tagRuleLevelFieldBeatsProfileRuleLevelField() throws {
        let tags = try tags(oneTag(kind: "gas_combustible", "profile: gas\nlimits: {HH: {on_delay: 2s}}"))
        #expect(limit(tags["T1"], .HH)?.value == 50)
        #expect(limit(tags["T1"], .HH)?.timing.onDelay == 2_000)
    }

    @Test func percentDeadbandUsesTheTagsRange() throws {
        let tags = try tags(oneTag("profile: tank\nrange: [0, 200]\nlimits: {H: 80}"))
        #expect(limit(tags["T1"], .H)?.deadband == 10)
        #expect(limit(tags["T1"], .HH)?.deadband == 10)
        #expect(limit(tags["T1"], .H)?.timing.onDelay == 60_000)
    }

    @Test func percentDeadbandOnTheTagItself() throws {
        let tags = try tags(oneTag("range: [-50, 150]\ndeadband: 2%\nlimits: {H: 100}"))
        #expect(limit(tags["T1"], .H)?.deadband == 4)
    }

    @Test func nearestProfileApplies() throws {
        let catalog = """
            enterprise:
              id: E1
              profile: site
            hazard_sources:
              - id: HS1
                profile: tank
                tags:
                  - {id: FROM_SOURCE, kind: level, range: [0, 100]}
                  - {id: FROM_TAG, kind: level, profile: site}
                  - {id: NONE, kind: level, profile: none}
              - id: HS2
                tags:
                  - {id: FROM_ENTERPRISE, kind: flow}
            """
        let tags = try tags(catalog)
        #expect(tags["FROM_SOURCE"]?.limits.map(\.condition) == [.HH])
        #expect(tags["FROM_SOURCE"]?.stale == nil)
        #expect(tags["FROM_TAG"]?.limits == [])
        #expect(tags["FROM_TAG"]?.stale == StaleRule(after: 600_000, priority: .medium))
        #expect(tags["FROM_TAG"]?.badTiming == RuleTiming(onDelay: 30_000, priority: .low))
        #expect(tags["FROM_ENTERPRISE"]?.stale == StaleRule(after: 600_000, priority: .medium))
        #expect(tags["NONE"]?.stale == nil && tags["NONE"]?.badTiming == RuleTiming(priority: .low))
    }

    @Test func tagLongFormStaleMergesWithProfile() throws {
        let tags = try tags(oneTag("profile: site\nstale_after: 30s"))
        #expect(tags["T1"]?.stale == StaleRule(after: 30_000, priority: .medium))
    }

    @Test func priorityPrecedence() throws {
        // Rule-level priority in the profile beats the SPEC default …
        let fromProfile = try tags(oneTag("profile: critical_limits\nlimits: {H: 10}\nstale_after: 1m"))["T1"]
        #expect(limit(fromProfile, .H)?.timing.priority == .critical)
        #expect(fromProfile?.stale?.priority == .high)
        #expect(fromProfile?.badTiming.priority == .medium)
        // … and the tag's own `priorities:` beats the profile's rule-level priority.
        let fromTag = try tags(oneTag("profile: critical_limits\nlimits: {H: 10}\npriorities: {H: low, BAD: high}"))[
            "T1"]
        #expect(limit(fromTag, .H)?.timing.priority == .low)
        #expect(fromTag?.badTiming.priority == .high)
    }

    @Test func incompleteProfileRuleIsATemplate() throws {
        let tags = try tags(
            """
            enterprise: {id: E1}
            hazard_sources:
              - id: HS1
                profile: stel
                tags:
                  - {id: WITH_LIMIT, kind: gas_toxic, window: {H: 30}}
                  - {id: WITHOUT, kind: gas_toxic}
            """)
        #expect(
            tags["WITH_LIMIT"]?.window
                == WindowRule(
                    function: .mean, over: 900_000, limit: 30, isHigh: true, timing: RuleTiming(priority: .medium)))
        #expect(tags["WITHOUT"]?.window == nil)
    }

    static let profileFaults: [FaultCase] = [
        .init(
            "unknown profile name", oneTag("profile: gsa"), 8, 18,
            "unknown profile 'gsa' (did you mean 'gas'?); profiles in "),
        .init(
            "percent deadband from a profile without range", oneTag("profile: tank"), 6, 13,
            "deadband \"5%\" from profile 'tank' ("),
        .init(
            "profile limit outside the tag's range", oneTag(kind: "gas_combustible", "profile: gas\nrange: [0, 40]"), 9,
            16,
            "limit HH (50) from profile 'gas' ("),
        .init(
            "tag limit out of order with the profile's",
            oneTag(kind: "gas_combustible", "profile: gas\nlimits: {H: 60}"), 9, 21,
            "limit H (60) of tag 'T1' must be at or below HH (50)"),
        .init(
            "profile limits on a discrete tag", oneTag(kind: "discrete", "profile: gas"), 6, 13,
            "discrete tag 'T1' gets 'limits' from profile 'gas' ("),
    ]

    @Test(arguments: profileFaults)
    func reportsProfileMisuseOnTheCatalogSide(_ fault: FaultCase) throws {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", fault.yaml)
        let found = problems(sensors: file, config: scratch.config(profiles: Self.profiles))
        try #require(found.count == 1, "\(found.map(\.description))")
        #expect(found[0].file == file)
        #expect("\(found[0].line):\(found[0].column)" == "\(fault.line):\(fault.column)", "\(found[0].description)")
        #expect(found[0].message.contains(fault.message), "\(found[0].message)")
    }

    @Test func errorsInsideAProfileAreReportedInTheProfileFile() throws {
        let scratch = Scratch()
        let config = scratch.config(
            profiles: """
                level:
                  deadbnad: 5%
                  limits: {H: 90, HH: 80}
                  on_delay: 1 min
                """)
        let profilesFile = scratch.folder + "/profiles.yaml"
        // Two tags use the broken profile: its own faults are still reported once each.
        let catalog = scratch.write(
            "E1.yaml",
            """
            enterprise: {id: E1}
            hazard_sources:
              - id: HS1
                tags:
                  - {id: T1, kind: level, profile: level, limits: {L: 10}}
                  - {id: T2, kind: level, profile: level}
            """)
        let found = problems(sensors: catalog, config: config)
        #expect(
            found.map(\.description) == [
                profilesFile
                    + ":2:3: unknown key 'deadbnad' in profile 'level' (did you mean 'deadband'?); expected one of: "
                    + "limits, deadband, on_delay, off_delay, stale_after, stale, frozen, roc, window, alarm_value, bad, "
                    + "priorities, window_samples",
                profilesFile + ":3:15: limit H (90) of profile 'level' must be at or below HH (80); limits must keep "
                    + "LL ≤ L < H ≤ HH",
                profilesFile
                    + ":4:13: 'on_delay' of profile 'level' must be a duration such as 500ms, 10s, 5m, 2h or 1d; "
                    + "got '1 min'",
            ])
    }

    @Test func brokenProfilesFileDoesNotCascade() throws {
        let scratch = Scratch()
        let config = scratch.config(profiles: "level: [unclosed\n")
        let catalog = scratch.write("E1.yaml", oneTag("profile: level"))
        let found = problems(sensors: catalog, config: config)
        #expect(found.count == 1)
        #expect(found.first?.file == scratch.folder + "/profiles.yaml")
        #expect(found.first?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func reservedProfileName() throws {
        let scratch = Scratch()
        let config = scratch.config(profiles: "none:\n  on_delay: 1s\n")
        let found = problems(sensors: scratch.write("E1.yaml", oneTag()), config: config)
        #expect(
            found.map { "\($0.line):\($0.column): \($0.message)" } == [
                "1:1: 'none' is reserved (it means \"no profile\"); choose another profile name"
            ])
    }
}
