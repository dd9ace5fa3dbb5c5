import Foundation
import HazmonCatalog
import HazmonCore
import Testing

/// One faulty catalog and the single problem it must produce.
struct FaultCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    /// A part of the message that says what was wrong and what is expected.
    var message: String

    var testDescription: String { name }

    init(_ name: String, _ yaml: String, _ line: Int, _ column: Int, _ message: String) {
        self.name = name
        self.yaml = yaml
        self.line = line
        self.column = column
        self.message = message
    }
}

@Suite("Catalog validation")
struct ValidationTests {
    static let tagCases: [FaultCase] = [
        .init(
            "unknown tag key", oneTag("deadbnad: 2"), 8, 9,
            "unknown key 'deadbnad' in tag 'T1' (did you mean 'deadband'?); expected one of: id, name, kind, unit,"),
        .init(
            "unknown kind", oneTag(kind: "levle"), 7, 15,
            "'kind' of tag 'T1' must be one of: level, temperature, pressure, flow, gas_combustible, gas_toxic, "
                + "oxygen, discrete; got 'levle'"),
        .init(
            "H above HH", oneTag("limits:\n  HH: 80\n  H: 90"), 10, 14,
            "limit H (90) of tag 'T1' must be at or below HH (80); limits must keep LL ≤ L < H ≤ HH"),
        .init(
            "LL above L", oneTag("limits:\n  L: 5\n  LL: 10"), 10, 15,
            "limit LL (10) of tag 'T1' must be at or below L (5)"),
        .init("L equal to H", oneTag("limits: {H: 50, L: 50}"), 8, 28, "limit L (50) of tag 'T1' must be below H (50)"),
        .init(
            "limit outside range", oneTag("range: [0, 100]\nlimits:\n  HH: 150"), 10, 15,
            "limit HH (150) of tag 'T1' lies outside its range [0, 100]"),
        .init(
            "window limit outside range", oneTag("range: [0, 100]\nwindow: {fn: mean, over: 15m, H: 200}"), 9, 42,
            "window limit H (200) of tag 'T1' lies outside its range [0, 100]"),
        .init(
            "range low not below high", oneTag("range: [10, 10]"), 8, 16,
            "'range' of tag 'T1' is [10, 10]; low must be below high"),
        .init(
            "range not a pair", oneTag("range: [0]"), 8, 16,
            "'range' of tag 'T1' must be a list of two numbers [low, high]; got a list"),
        .init(
            "negative deadband", oneTag("deadband: -1"), 8, 19,
            "'deadband' of tag 'T1' is -1; a deadband cannot be negative"),
        .init(
            "percent deadband above 100", oneTag("deadband: 150%"), 8, 19,
            "'deadband' of tag 'T1' is 150%; a percentage of the range must be from 0% to 100%"),
        .init(
            "percent deadband without range", oneTag("deadband: 5%\nlimits: {H: 50}"), 8, 19,
            "deadband \"5%\" of tag 'T1' is a percentage of the range, but the tag has no range"),
        .init(
            "bad duration", oneTag("on_delay: 10 sec"), 8, 19,
            "'on_delay' of tag 'T1' must be a duration such as 500ms, 10s, 5m, 2h or 1d; got '10 sec'"),
        .init(
            "zero stale_after", oneTag("stale_after: 0"), 8, 22,
            "'stale_after' of tag 'T1' must be longer than 0; got '0'"),
        .init(
            "stale and stale_after", oneTag("stale_after: 1m\nstale: {after: 2m}"), 9, 9,
            "tag 'T1' gives both 'stale_after' and 'stale'"),
        .init(
            "quoted limit", oneTag("limits: {HH: \"90\"}"), 8, 22,
            "limit HH of tag 'T1' must be a number; got \"90\" (quoted text)"),
        .init(
            "limit without value", oneTag("limits: {HH: {priority: high}}"), 8, 22, "limit HH of tag 'T1' has no value"),
        .init(
            "unknown limit priority", oneTag("limits: {HH: {value: 90, priority: urgent}}"), 8, 44,
            "'priority' of limit HH of tag 'T1' must be one of: critical, high, medium, low; got 'urgent'"),
        .init(
            "unknown priority override", oneTag("priorities: {STALE: urgent}"), 8, 29,
            "priority of STALE in 'priorities' of tag 'T1' must be one of: critical, high, medium, low; got 'urgent'"),
        .init(
            "priority for a vote condition", oneTag("priorities: {VOTE: high}"), 8, 22,
            "unknown key 'VOTE' in 'priorities' of tag 'T1'"),
        .init(
            "roc max zero", oneTag("roc: {max: 0, per: 60s}"), 8, 20,
            "'max' of 'roc' of tag 'T1' is 0; expected a number greater than 0"),
        .init("roc without per", oneTag("roc: {max: 5}"), 8, 14, "'roc' of tag 'T1' has no 'per'"),
        .init(
            "roc bad direction", oneTag("roc: {max: 5, per: 1m, direction: up}"), 8, 43,
            "'direction' of 'roc' of tag 'T1' must be one of: rise, fall, both; got 'up'"),
        .init(
            "window with two limits", oneTag("window: {fn: mean, over: 15m, H: 20, HH: 30}"), 8, 46,
            "'window' of tag 'T1' gives HH and H; a window compares its aggregate with exactly one limit"),
        .init(
            "window without limit", oneTag("window: {fn: mean, over: 15m}"), 8, 17,
            "'window' of tag 'T1' has no limit (HH, H, L or LL)"),
        .init("window without fn", oneTag("window: {over: 15m, H: 20}"), 8, 17, "'window' of tag 'T1' has no 'fn'"),
        .init(
            "window bad fn", oneTag("window: {fn: avg, over: 15m, H: 20}"), 8, 22,
            "'fn' of 'window' of tag 'T1' must be one of: mean, max, min; got 'avg'"),
        .init(
            "window zero over", oneTag("window: {fn: max, over: 0s, H: 20}"), 8, 33,
            "'over' of 'window' of tag 'T1' must be longer than 0"),
        .init("frozen without after", oneTag("frozen: {epsilon: 0.1}"), 8, 17, "'frozen' of tag 'T1' has no 'after'"),
        .init(
            "frozen negative epsilon", oneTag("frozen: {after: 10m, epsilon: -1}"), 8, 39,
            "'epsilon' of 'frozen' of tag 'T1' is -1; expected 0 or more"),
        .init(
            "alarm_value on an analog tag", oneTag("alarm_value: true"), 8, 22,
            "'alarm_value' applies to discrete tags only; tag 'T1' is kind level"),
        .init(
            "limits on a discrete tag", oneTag(kind: "discrete", "limits: {H: 1}"), 8, 21,
            "tag 'T1' is discrete, so it cannot have 'limits'"),
        .init(
            "window_samples too small", oneTag("window_samples: 1"), 8, 25,
            "'window_samples' of tag 'T1' is 1; expected a whole number from 2 to 65536"),
        .init(
            "out_of_service not a bool", oneTag("out_of_service: maybe"), 8, 25,
            "'out_of_service' of tag 'T1' must be true or false; got 'maybe'"),
        .init("duplicate YAML key", oneTag("unit: C\nunit: F"), 8, 9, "duplicate key 'unit' in one mapping"),
        .init(
            "profile without profiles", oneTag("profile: level"), 8, 18,
            "unknown profile 'level': no profiles are loaded"),
    ]

    static let structureCases: [FaultCase] = [
        .init(
            "tag without kind",
            """
            enterprise:
              id: E1
            hazard_sources:
              - id: HS1
                tags:
                  - id: T1
                    unit: C
            """, 6, 9, "tag 'T1' has no 'kind'; expected one of: level, temperature"),
        .init(
            "tag without id",
            """
            enterprise:
              id: E1
            hazard_sources:
              - id: HS1
                tags:
                  - kind: level
            """, 6, 9, "tag #1 of hazard source 'HS1' has no 'id'"),
        .init(
            "enterprise without id", "enterprise:\n  name: X\n", 2, 3,
            "'enterprise' has no 'id'; expected a stable code"),
        .init("no enterprise", "hazard_sources: []\n", 1, 1, "the catalog has no 'enterprise'"),
        .init(
            "catalog not a mapping", "- a\n- b\n", 1, 1,
            "the catalog must be a mapping with keys enterprise, hazard_sources, votes"),
        .init(
            "unknown top-level key", "enterprise:\n  id: E1\nsensors: []\n", 3, 1,
            "unknown key 'sensors' in the catalog; expected one of: enterprise, hazard_sources, votes"),
        .init(
            "id with a slash", oneTag().replacingOccurrences(of: "id: T1", with: "id: \"T/1\""), 6, 13,
            "'id' of tag 'T/1' contains '/'; ids must not contain '/', '+', '#' or whitespace"),
        .init("id with a space", "enterprise:\n  id: E 1\n", 2, 7, "'id' of enterprise 'E 1' contains whitespace"),
        .init(
            "bad credit", "enterprise:\n  id: E1\n  credit: grey_list\n", 3, 11,
            "'credit' of enterprise 'E1' must be one of: normal, red_list, black_list; got 'grey_list'"),
        .init(
            "bad standardization", "enterprise:\n  id: E1\n  standardization: 4\n", 3, 20,
            "'standardization' of enterprise 'E1' must be one of: 1, 2, 3, none; got '4'"),
        .init(
            "negative accidents", "enterprise:\n  id: E1\n  accidents_12m: -1\n", 3, 18,
            "'accidents_12m' of enterprise 'E1' is -1; expected a whole number from 0 to 100000"),
        .init(
            "grade out of range", "enterprise:\n  id: E1\nhazard_sources:\n  - id: HS1\n    grade: 5\n", 5, 12,
            "'grade' of hazard source 'HS1' is 5; expected a whole number from 1 to 4"),
        .init(
            "grade disagrees with r_value",
            "enterprise:\n  id: E1\nhazard_sources:\n  - id: HS1\n    grade: 3\n    r_value: 120\n",
            5, 12, "hazard source 'HS1' has grade 3 but r_value 120 gives grade 1"),
        .init(
            "maintenance not a bool", "enterprise:\n  id: E1\nhazard_sources:\n  - id: HS1\n    maintenance: 2\n", 5,
            18,
            "'maintenance' of hazard source 'HS1' must be true or false; got '2'"),
        .init(
            "duplicate hazard source id",
            "enterprise:\n  id: E1\nhazard_sources:\n  - id: HS1\n  - id: HS1\n", 5, 9,
            "hazard source id 'HS1' is already used at "),
        .init(
            "duplicate tag id across hazard sources",
            """
            enterprise:
              id: E1
            hazard_sources:
              - id: HS1
                tags: [{id: T1, kind: level}]
              - id: HS2
                tags: [{id: T1, kind: flow}]
            """, 7, 17, "tag id 'T1' is already used at "),
        .init(
            "YAML syntax error", "enterprise:\n  id: E1\n  name: [unclosed\n", 4, 1,
            "YAML syntax error: did not find expected ',' or ']'"),
        .init(
            "tab indentation", "enterprise:\n\tid: E1\n", 2, 1,
            "YAML syntax error: found character that cannot start any token"),
    ]

    static let voteCases: [FaultCase] = [
        .init(
            "vote member missing", votes("members: [G1, G2, G4]\n    condition: H\n    k: 2"), 15, 23,
            "member 'G4' of vote 'V1' is not a tag of enterprise 'E1'"),
        .init(
            "vote k above members", votes("members: [G1, G2]\n    condition: H\n    k: 3"), 17, 8,
            "'k' of vote 'V1' is 3 but the vote has 2 members; expected 1 to 2"),
        .init(
            "vote k zero", votes("members: [G1, G2]\n    condition: H\n    k: 0"), 17, 8,
            "'k' of vote 'V1' is 0; expected a whole number from 1 to"),
        .init(
            "vote on a condition members lack", votes("members: [G1, G3]\n    condition: HH\n    k: 1"), 15, 19,
            "member 'G3' of vote 'V1' has no HH rule, so it can never count toward the vote"),
        .init(
            "vote on an unknown condition", votes("members: [G1, G2]\n    condition: VOTE\n    k: 1"), 16, 16,
            "'condition' of vote 'V1' must be one of: HH, H, L, LL, ROC, WINDOW, STALE, FROZEN, BAD, DISCRETE; got 'VOTE'"
        ),
        .init(
            "vote member twice", votes("members: [G1, G1]\n    condition: H\n    k: 1"), 15, 19,
            "member 'G1' of vote 'V1' is listed twice"),
        .init("vote without members", votes("condition: H\n    k: 1"), 14, 5, "vote 'V1' has no 'members'"),
        .init(
            "vote bad priority", votes("members: [G1, G2]\n    condition: H\n    k: 1\n    priority: urgent"), 18, 15,
            "'priority' of vote 'V1' must be one of: critical, high, medium, low; got 'urgent'"),
        .init(
            "vote id clashes with a tag", votes("members: [G1, G2]\n    condition: H\n    k: 1", id: "G1"), 14, 9,
            "vote id 'G1' is also the id of the tag at "),
    ]

    /// Three gas tags (G1, G2 with H and HH, G3 with H only) and one vote with id on line 14; the body starts on line 15, column 5.
    static func votes(_ body: String, id: String = "V1") -> String {
        """
        enterprise:
          id: E1
        hazard_sources:
          - id: HS1
            tags:
              - id: G1
                kind: gas_combustible
                limits: {H: 25, HH: 50}
              - id: G2
                kind: gas_combustible
                limits: {H: 25, HH: 50}
              - {id: G3, kind: gas_combustible, limits: {H: 25}}
        votes:
          - id: \(id)
            \(body)

        """
    }

    @Test(arguments: tagCases + structureCases + voteCases)
    func reportsOneProblem(_ fault: FaultCase) throws {
        let scratch = Scratch()
        let file = scratch.write("E1.yaml", fault.yaml)
        let found = problems(sensors: file, config: scratch.config(profiles: nil))
        try #require(found.count == 1, "\(found.map(\.description))")
        let problem = found[0]
        #expect(problem.file == file)
        #expect("\(problem.line):\(problem.column)" == "\(fault.line):\(fault.column)", "\(problem.description)")
        #expect(problem.message.contains(fault.message), "\(problem.message)")
        #expect(problem.description == "\(file):\(fault.line):\(fault.column): \(problem.message)")
    }

    @Test func reportsEveryProblemInOneFileSorted() throws {
        let scratch = Scratch()
        let yaml = """
            enterprise:
              id: E1
              credit: grey
            hazard_sources:
              - id: HS1
                grade: 9
                tags:
                  - id: T1
                    kind: level
                    range: [0, 100]
                    limits: {HH: 120, H: 130}
                    deadbnad: 2
                    on_delay: soon
                  - id: T1
                    kind: pressure
                  - id: T2
                    kind: discrete
                    alarm_value: maybe
            votes:
              - {id: V, members: [T1, T9], condition: H, k: 5}
            """
        let file = scratch.write("E1.yaml", yaml)
        let found = problems(sensors: file, config: scratch.config(profiles: nil))
        let positions = found.map { "\($0.line):\($0.column)" }
        #expect(
            positions == [
                "3:11", "6:12", "11:22", "11:30", "11:30", "12:9", "13:19", "14:13", "18:22", "20:27", "20:49",
            ], "\(found.map(\.description).joined(separator: "\n"))")
        #expect(found == found.sorted())
        #expect(found.allSatisfy { $0.file == file })
    }

    @Test func reportsProblemsInEveryFileOfAFolder() throws {
        let scratch = Scratch()
        scratch.write("Sensors/a.yaml", "enterprise:\n  id: E1\n  nmae: A\n")
        scratch.write("Sensors/sub/b.yml", "enterprise:\n  id: E1\n")
        scratch.write("Sensors/notes.txt", "not a catalog")
        let found = problems(sensors: scratch.folder + "/Sensors", config: scratch.config(profiles: nil))
        #expect(
            found.map(\.description) == [
                scratch.folder + "/Sensors/a.yaml:3:3: unknown key 'nmae' in enterprise 'E1' (did you mean 'name'?); "
                    + "expected one of: id, name, district, credit, standardization, accidents_12m, penalties_12m, profile",
                scratch.folder + "/Sensors/sub/b.yml:2:7: enterprise id 'E1' is already used at "
                    + scratch.folder + "/Sensors/a.yaml:2:7; each catalog file describes one enterprise and enterprise "
                    + "ids must be unique",
            ])
    }

    @Test func reportsMissingFilesAndEmptyFolders() {
        let scratch = Scratch()
        #expect(
            problems(sensors: scratch.folder + "/nope.yaml", config: nil).map(\.description)
                == [scratch.folder + "/nope.yaml: catalog file or folder not found"])
        scratch.write("Sensors/README.md", "catalogs go here")
        #expect(
            problems(sensors: scratch.folder + "/Sensors", config: scratch.config(profiles: nil)).map(\.description)
                == [scratch.folder + "/Sensors: no catalog files (*.yaml, *.yml) in this folder"])
        let empty = scratch.write("empty.yaml", "")
        #expect(
            problems(sensors: empty, config: scratch.config(profiles: nil)).map(\.description)
                == [empty + ":1:1: the file is empty; expected a YAML mapping"])
    }
}
