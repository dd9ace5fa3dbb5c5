public import HazmonCore

/// A synthetic province for the core benchmark (SPEC §11): 100 enterprises × 10 hazard sources ×
/// 100 tags = 100 000 tags with a fixed mix of rules, and a deterministic sample stream over them.
///
/// Every tag reports once per simulated second, round-robin in tag order, so a round of 100 000
/// samples spans one second of event time and the watermark advances about every 100 samples
/// (timestamps are milliseconds). Values follow slow triangle waves; one tag in ten swings wide
/// enough to cross its limits, so alarms activate and return all through the run.
public struct SyntheticPlant: Sendable {
    public static let sourcesPerEnterprise = 10
    public static let tagsPerSource = 100
    /// The SPEC §11 size: 100 enterprises, 100 000 tags.
    public static let provinceEnterprises = 100

    public let enterprises: Int
    public var tagCount: Int { enterprises * Self.sourcesPerEnterprise * Self.tagsPerSource }
    /// Event time of round 0: 2026-01-01T00:00:00Z.
    public static let epoch: Millis = 1_767_225_600_000

    /// The rule mix of one hazard source, by slot (tag position inside the source).
    public enum TagClass: String, Sendable, CaseIterable {
        /// Slots 0–49: HH/H/L/LL with deadband 2 and a 10 s on-delay on H and L; STALE on even slots.
        case limits
        /// Slots 50–59: H/L plus ROC (12 units per 10 s, both directions) and STALE.
        case limitsRoc
        /// Slots 60–69: HH/H plus WINDOW (mean over 10 s, H 80, deadband 1) and STALE.
        case limitsWindow
        /// Slots 70–79: H/L plus STALE and FROZEN (30 s, epsilon 0.01).
        case limitsFrozen
        /// Slots 80–90: discrete, alarm value true, 3 s on-delay, STALE.
        case discrete
        /// Slots 91–99: combustible gas, H 20 / HH 40 %LEL, STALE; three 2-of-3 votes on H.
        case gas

        public static func of(slot: Int) -> TagClass {
            switch slot {
            case 0..<50: .limits
            case 50..<60: .limitsRoc
            case 60..<70: .limitsWindow
            case 70..<80: .limitsFrozen
            case 80..<91: .discrete
            default: .gas
            }
        }
    }

    public let model: EngineModel
    /// Per tag: its class, and the hash that picks its wave, phase and misbehaviour.
    let classes: [TagClass]
    let hashes: [UInt64]

    /// - Parameter enterprises: 100 for the SPEC's 100 000 tags; fewer to see how the rate depends
    ///   on the state fitting in cache.
    /// - Parameter windowSamples: ring capacity of ROC/WINDOW tags (`window_samples`); nil keeps
    ///   `TagSpec`'s default, which is also the catalog loader's (256).
    public init(enterprises: Int = SyntheticPlant.provinceEnterprises, windowSamples: Int? = nil) {
        self.enterprises = enterprises
        var enterpriseSpecs: [EnterpriseSpec] = []
        var sources: [HazardSourceSpec] = []
        var tags: [TagSpec] = []
        var votes: [VoteSpec] = []
        var classes: [TagClass] = []
        var hashes: [UInt64] = []
        tags.reserveCapacity(enterprises * Self.sourcesPerEnterprise * Self.tagsPerSource)
        for e in 0..<enterprises {
            enterpriseSpecs.append(EnterpriseSpec(id: "E\(1000 + e)", name: "Enterprise \(e)"))
            for s in 0..<Self.sourcesPerEnterprise {
                let source = sources.count
                sources.append(HazardSourceSpec(id: "HS\(s)", enterprise: e, grade: 1 + s % 4))
                let firstTag = tags.count
                for slot in 0..<Self.tagsPerSource {
                    let tagClass = TagClass.of(slot: slot)
                    var tag = Self.tag(tagClass, slot: slot, enterprise: e, source: source)
                    if let windowSamples { tag.windowCapacity = windowSamples }
                    tags.append(tag)
                    classes.append(tagClass)
                    hashes.append(Self.tagHash(tags.count - 1))
                }
                for group in 0..<3 {
                    let members = (0..<3).map { firstTag + 91 + 3 * group + $0 }
                    votes.append(
                        VoteSpec(
                            id: "HS\(s)-GAS\(group)", enterprise: e, hazardSource: source,
                            members: members, condition: .H, k: 2))
                }
            }
        }
        model = EngineModel(enterprises: enterpriseSpecs, hazardSources: sources, tags: tags, votes: votes)
        self.classes = classes
        self.hashes = hashes
    }

    private static func tag(_ tagClass: TagClass, slot: Int, enterprise: Int, source: Int) -> TagSpec {
        func limit(
            _ condition: Condition, _ value: Double, deadband: Double = 2, onDelay: Millis = 0,
            priority: Priority
        ) -> LimitRule {
            LimitRule(
                condition: condition, value: value, deadband: deadband,
                timing: RuleTiming(onDelay: onDelay, priority: priority))
        }
        let stale = StaleRule(after: 60_000)
        var tag = TagSpec(
            id: "T\(slot)", enterprise: enterprise, hazardSource: source, kind: .level, unit: "%",
            rangeLow: 0, rangeHigh: 100)
        switch tagClass {
        case .limits:
            tag.limits = [
                limit(.HH, 90, priority: .critical), limit(.H, 85, onDelay: 10_000, priority: .high),
                limit(.L, 15, onDelay: 10_000, priority: .high), limit(.LL, 10, priority: .critical),
            ]
            tag.stale = slot % 2 == 0 ? stale : nil
        case .limitsRoc:
            tag.kind = .pressure
            tag.limits = [limit(.H, 85, priority: .high), limit(.L, 15, priority: .high)]
            tag.roc = RocRule(max: 12, per: 10_000, direction: .both, timing: RuleTiming(priority: .medium))
            tag.stale = stale
        case .limitsWindow:
            tag.kind = .temperature
            tag.limits = [limit(.HH, 90, priority: .critical), limit(.H, 85, priority: .high)]
            tag.window = WindowRule(
                function: .mean, over: 10_000, limit: 80, isHigh: true, deadband: 1,
                timing: RuleTiming(priority: .medium))
            tag.stale = stale
        case .limitsFrozen:
            tag.kind = .flow
            tag.limits = [limit(.H, 85, priority: .high), limit(.L, 15, priority: .high)]
            tag.stale = stale
            tag.frozen = FrozenRule(after: 30_000, epsilon: 0.01)
        case .discrete:
            tag.kind = .discrete
            tag.unit = ""
            tag.rangeLow = nil
            tag.rangeHigh = nil
            tag.discreteAlarmValue = true
            tag.discreteTiming = RuleTiming(onDelay: 3_000, priority: .high)
            tag.stale = stale
        case .gas:
            tag.kind = .gasCombustible
            tag.unit = "%LEL"
            tag.limits = [
                limit(.HH, 40, deadband: 1, priority: .critical), limit(.H, 20, deadband: 1, priority: .medium),
            ]
            tag.stale = stale
        }
        return tag
    }

    /// How many tags of each class; the README's mix table.
    public var classCounts: [(TagClass, Int)] {
        TagClass.allCases.map { c in (c, classes.lazy.filter { $0 == c }.count) }
    }

    /// Rounds `rounds` (one simulated second each), every tag once per round unless it is silent.
    ///
    /// - One tag in ten (by hash) swings ±45 around 50 with a period of 120–360 s: it crosses
    ///   H/HH/L/LL, ROC and WINDOW; the others swing ±20 and stay normal. Noise of ±0.3 on top.
    /// - Frozen-class swingers stick at one value for 90 s of every 120 s (FROZEN fires, then returns).
    /// - Discrete swingers are true for 10 s once per period; gas swingers' vote groups rise together.
    /// - 1 % of STALE tags fall silent for 90 s of every 300 s (STALE fires and returns).
    /// - 0.1 % of tags send quality `bad` for 5 s of every 200 s (BAD fires and returns).
    public func stream(rounds: Range<Int>) -> [Sample] {
        var samples: [Sample] = []
        samples.reserveCapacity(rounds.count * tagCount)
        let step = Double(1_000) / Double(tagCount)
        for r in rounds {
            let roundStart = Self.epoch + Millis(r) * 1_000
            for t in 0..<tagCount {
                let h = hashes[t]
                let tagClass = classes[t]
                let phase = Int((h >> 40) & 0xFFFF)
                if h % 100 == 1, model.tags[t].stale != nil, (r + phase) % 300 < 90 { continue }
                let ts = roundStart + Millis(Double(t) * step)
                let quality: Quality = h % 1_000 == 2 && (r + phase) % 200 < 5 ? .bad : .good
                let value = Self.value(of: tagClass, hash: h, tag: t, round: r)
                samples.append(Sample(tag: Int32(t), ts: ts, value: value, quality: quality))
            }
        }
        return samples
    }

    private static func value(of tagClass: TagClass, hash ownHash: UInt64, tag t: Int, round r: Int) -> Double {
        // The three members of a gas vote group follow their group leader's wave, each 2 s behind the last.
        let groupOffset = tagClass == .gas ? (t % tagsPerSource - 91) % 3 : 0
        let h = groupOffset == 0 ? ownHash : tagHash(t - groupOffset)
        let swinger = h % 10 == 0
        let period = Double(120 + Int((h >> 8) % 241))
        let phase = Double((h >> 40) & 0xFFFF)
        let noise = (Double(mix(ownHash ^ UInt64(r)) >> 11) / Double(1 << 53) - 0.5) * 0.6
        // A triangle wave in [-1, 1]: as good as a sine for crossing limits, and cheap to generate.
        let cycle = (Double(r) - 2 * Double(groupOffset) + phase) / period
        let wave = 4 * abs(cycle - (cycle + 0.5).rounded(.down)) - 1
        switch tagClass {
        case .limits, .limitsRoc, .limitsWindow:
            return 50 + (swinger ? 45 : 20) * wave + noise
        case .limitsFrozen:
            if swinger, (r + Int(phase)) % 120 < 90 { return 50 }
            return 50 + 20 * wave + noise
        case .discrete:
            return swinger && (r + Int(phase)) % Int(period) < 10 ? 1 : 0
        case .gas:
            return 2 + abs(noise) + (swinger ? max(0, 35 * wave) : 0)
        }
    }
}

extension SyntheticPlant {
    /// The hash that picks a tag's wave, phase and misbehaviour.
    static func tagHash(_ t: Int) -> UInt64 { mix(UInt64(t) &+ 0x9E37_79B9_7F4A_7C15) }
}

/// splitmix64's finaliser: a cheap, well-mixed hash for deterministic synthetic data.
@inline(__always)
func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
