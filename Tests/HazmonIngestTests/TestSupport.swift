import HazmonCore
import HazmonIO

@testable import HazmonIngest

/// Receive time used throughout: 2025-11-22T08:00:00.000Z.
let receive: Millis = 1_763_798_400_000

/// Two enterprises: `E1` with T101.LT (0), T102.PT (1), T1 (2); a long USCC id with T101.LT (3).
let fixtureModel = EngineModel(
    enterprises: [EnterpriseSpec(id: "E1"), EnterpriseSpec(id: "91320500MA1W2X3Y4Z")],
    hazardSources: [HazardSourceSpec(id: "HS1", enterprise: 0), HazardSourceSpec(id: "HS2", enterprise: 1)],
    tags: [
        TagSpec(id: "T101.LT", enterprise: 0, hazardSource: 0, kind: .level),
        TagSpec(id: "T102.PT", enterprise: 0, hazardSource: 0, kind: .pressure),
        TagSpec(id: "T1", enterprise: 0, hazardSource: 0, kind: .discrete),
        TagSpec(id: "T101.LT", enterprise: 1, hazardSource: 1, kind: .level),
    ])

/// What one message produced.
struct Outcome: Equatable, CustomStringConvertible {
    var samples: [Sample]
    var rejections: [Rejection]

    /// Samples compare bit for bit, so NaN equals NaN and -0 differs from 0.
    static func == (a: Outcome, b: Outcome) -> Bool {
        a.rejections == b.rejections && a.samples.count == b.samples.count
            && zip(a.samples, b.samples).allSatisfy {
                $0.tag == $1.tag && $0.ts == $1.ts && $0.quality == $1.quality
                    && $0.value.bitPattern == $1.value.bitPattern
            }
    }

    var description: String { "samples \(samples), rejections \(rejections)" }
}

extension TelemetryDecoder {
    /// Decodes into fresh buffers, by the lean path (default) or the general one.
    mutating func outcome(topic: String, payload: [UInt8], receiveTime: Millis = receive, lean: Bool = true) -> Outcome
    {
        usesLeanPath = lean
        defer { usesLeanPath = true }
        var samples: [Sample] = []
        var rejections: [Rejection] = []
        let summary = decode(
            topic: topic, payload: payload, receiveTime: receiveTime, into: &samples, rejections: &rejections)
        precondition(summary == DecodeSummary(samples: samples.count, rejections: rejections.count))
        return Outcome(samples: samples, rejections: rejections)
    }

    mutating func outcome(topic: String, _ payload: String, receiveTime: Millis = receive, lean: Bool = true) -> Outcome
    {
        outcome(topic: topic, payload: Array(payload.utf8), receiveTime: receiveTime, lean: lean)
    }
}

/// SplitMix64: the same numbers on every platform (as in HazmonCoreTests).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}
