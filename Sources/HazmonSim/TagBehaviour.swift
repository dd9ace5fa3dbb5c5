import HazmonCore

/// How one tag moves in normal operation, derived once from its spec (kind, range, limits).
///
/// Every analog tag gets a *normal band*: from the highest of its low limits (`L`, `LL`, a low
/// `WINDOW`) or its range's low end, to the lowest of its high limits (`H`, `HH`, a high `WINDOW`)
/// or its range's high end. A nominal value sits inside it and every component of the signal is
/// bounded, so the sum stays within `nominal ± 0.66 · swing`, where `swing` is half the distance from
/// the nominal to the nearer side of the band: a normal run never reaches a limit, whatever the seed.
///
/// | kind | normal behaviour |
/// |---|---|
/// | `level` | slow fill / hold / empty / hold cycle between 20 % and 80 % of the band, at 0.1 % of the range per minute (a 1000 m³ sphere filling), random phase per tag |
/// | `pressure` | centre of the band; follows the sun (daily cycle peaking 15:00 Beijing time); rises a little as its vessel's level (same tag prefix, e.g. `V101.LT` for `V101.PT`) fills; slow drift; noise |
/// | `temperature` | 20 °C when that is well inside the band, else its centre; daily cycle, drift, noise |
/// | `flow` | with a low limit: continuous near 1.5 × the low limit; without one (a loading line): idle at 0, a 40-min transfer every 2 h |
/// | `gas_combustible`, `gas_toxic` | about 1 % of the first alarm level with noise, never below 0 or the range's low end |
/// | `oxygen` | 20.9 %VOL when inside the band; tiny drift and noise |
/// | `discrete` | the value that does not alarm |
struct TagBehaviour: Sendable {
    enum Mode: Sendable {
        case level, analog, gas, batchFlow, discrete
    }

    var mode: Mode
    /// Stream id for this tag's randomness: a hash of "enterprise/tag", stable when the catalog changes.
    var stream: UInt64
    var nominal: Double
    var swing: Double
    var diurnal: Double
    /// Shift of the daily peak, ms (thermal inertia differs per vessel).
    var diurnalShift: Millis
    var drift: Double
    var driftPeriod: Millis
    var noise: Double
    /// Level cycles (fill or empty for `leg`, then `hold`) and loading transfers (`leg` of transfer,
    /// `hold` idle): low and high values, durations, phase.
    var cycleLow = 0.0
    var cycleHigh = 0.0
    var leg: Millis = 1
    var hold: Millis = 0
    var phase: Millis = 0
    /// The level tag of the same vessel, whose fill raises this pressure a little.
    var coupledLevel: Int?
    var coupling = 0.0
    /// Published values are clamped to [clampLow, clampHigh] (the range; gas never below 0).
    var clampLow: Double
    var clampHigh: Double
    /// Values are rounded to 1 / scale (about 1/10 000 of the span, like a 14-bit transmitter).
    var scale: Double
    /// Discrete tags: the value that does not alarm.
    var normalState = false

    /// Normal band and nominal, exposed for scenarios and tests.
    var bandLow: Double
    var bandHigh: Double

    static let minute: Millis = 60_000
    static let hour: Millis = 3_600_000
    static let day: Millis = 86_400_000
    /// 07:00 UTC = 15:00 in China (UTC+8): the afternoon peak of ambient temperature.
    static let diurnalPeak: Millis = 7 * hour

    init(tag: TagSpec, model: EngineModel, seed: UInt64) {
        let enterprise = model.enterprises[tag.enterprise].id
        stream = SimNoise.stableHash(enterprise + "/" + tag.id)
        let band = Self.band(tag)
        bandLow = band.low
        bandHigh = band.high
        clampLow = tag.rangeLow ?? -.infinity
        clampHigh = tag.rangeHigh ?? .infinity
        let span: Double
        if let low = tag.rangeLow, let high = tag.rangeHigh, high > low {
            span = high - low
        } else {
            span = band.high - band.low
        }
        scale = Self.roundingScale(span: span)
        let jitter = SimNoise.unit(SimNoise.hash(seed, stream, 0x5048_4153))
        diurnalShift = Millis(jitter * Double(Self.hour))
        mode = .analog
        nominal = (band.low + band.high) / 2
        swing = 0.5 * min(nominal - band.low, band.high - nominal)
        diurnal = 0
        drift = 0
        driftPeriod = Self.hour
        noise = 0
        let width = band.high - band.low

        switch tag.kind {
        case .discrete:
            mode = .discrete
            normalState = !(tag.discreteAlarmValue ?? true)
            scale = 1
        case .level:
            mode = .level
            cycleLow = band.low + 0.2 * width
            cycleHigh = band.high - 0.2 * width
            let ratePerMs = 0.001 * span / Double(Self.minute)  // 0.1 % of the range per minute
            leg = max(Self.minute, Millis(((cycleHigh - cycleLow) / ratePerMs).rounded()))
            hold = 45 * Self.minute
            phase = Millis(jitter * Double(2 * (leg + hold)))
            noise = 0.0005 * span
        case .gasCombustible, .gasToxic:
            mode = .gas
            clampLow = max(0, clampLow)
            let firstLevel = Self.highLimits(tag).min() ?? (span.isFinite ? span : 100)
            nominal = 0.01 * firstLevel
            drift = 0.005 * firstLevel
            driftPeriod = 2 * Self.hour
            noise = 0.01 * firstLevel
        case .oxygen:
            nominal = Self.typical(20.9, in: band)
            swing = 0.5 * min(nominal - band.low, band.high - nominal)
            drift = 0.05 * swing
            driftPeriod = 30 * Self.minute
            noise = 0.02 * swing
        case .temperature:
            nominal = Self.typical(20, in: band)
            swing = 0.5 * min(nominal - band.low, band.high - nominal)
            diurnal = 0.4 * swing
            drift = 0.2 * swing
            noise = 0.01 * swing
        case .pressure:
            diurnal = 0.4 * swing
            drift = 0.15 * swing
            noise = 0.004 * swing
            coupling = 0.1 * swing
            coupledLevel = Self.vesselLevel(of: tag, in: model)
        case .flow:
            if tag.limits.contains(where: { $0.condition.isLowLimit }) || (tag.rangeLow ?? 0) > 0 {
                let low = band.low
                if low > 0, !tag.limits.contains(where: { $0.condition.isHighLimit }) {
                    nominal = min(1.5 * low, nominal)
                    swing = 0.5 * min(nominal - band.low, band.high - nominal)
                }
                drift = 0.1 * swing
                noise = 0.02 * swing
            } else {
                // A loading line: idle most of the time, a transfer at 70 % of the band every 2 h.
                mode = .batchFlow
                cycleLow = max(band.low, 0)
                cycleHigh = cycleLow + 0.7 * (band.high - cycleLow)
                leg = 40 * Self.minute  // the transfer
                hold = 80 * Self.minute  // idle until the next truck
                phase = Millis(jitter * Double(leg + hold))
                noise = 0.02 * (cycleHigh - cycleLow)
                drift = 0.03 * (cycleHigh - cycleLow)
            }
        }
        if !swing.isFinite || swing < 0 { swing = 0 }
        if !nominal.isFinite { nominal = 0 }
    }

    /// The normal value at `t` before any scenario, unrounded.
    func value(at t: Millis, seed: UInt64, levels: [TagBehaviour]) -> Double {
        switch mode {
        case .discrete:
            return normalState ? 1 : 0
        case .level:
            return cycleLow + (cycleHigh - cycleLow) * fillFraction(at: t)
                + noise * SimNoise.bell(SimNoise.hash(seed, stream, 0x4E4F_4953, UInt64(bitPattern: t)))
        case .gas:
            let v =
                nominal + drift * SimNoise.drift(seed, stream ^ 0x4452, at: t, period: driftPeriod)
                + noise * SimNoise.bell(SimNoise.hash(seed, stream, 0x4E4F_4953, UInt64(bitPattern: t)))
            return max(clampLow, v)
        case .batchFlow:
            let shape = transferFraction(at: t)
            guard shape > 0 else { return cycleLow }
            let wander = drift * SimNoise.drift(seed, stream ^ 0x4452, at: t, period: 20 * Self.minute)
            let jitter = noise * SimNoise.bell(SimNoise.hash(seed, stream, 0x4E4F_4953, UInt64(bitPattern: t)))
            let run: Double = cycleHigh - cycleLow + wander + jitter
            return max(cycleLow, cycleLow + shape * run)
        case .analog:
            var v = nominal
            if diurnal != 0 {
                let turns = Double(t - Self.diurnalPeak - diurnalShift) / Double(Self.day)
                v += diurnal * SimNoise.cosTurns(turns)
            }
            if drift != 0 { v += drift * SimNoise.drift(seed, stream ^ 0x4452, at: t, period: driftPeriod) }
            if let coupledLevel { v += coupling * (2 * levels[coupledLevel].fillFraction(at: t) - 1) }
            v += noise * SimNoise.bell(SimNoise.hash(seed, stream, 0x4E4F_4953, UInt64(bitPattern: t)))
            return v
        }
    }

    /// How far a loading transfer is open: ramps up over a minute, runs, ramps down, then idles at 0.
    func transferFraction(at t: Millis) -> Double {
        let period = leg + hold
        let p = t + phase - SimNoise.floorDiv(t + phase, period) * period
        let ramp = Self.minute
        if p < ramp { return Double(p) / Double(ramp) }
        if p < leg - ramp { return 1 }
        if p < leg { return Double(leg - p) / Double(ramp) }
        return 0
    }

    /// Where a level is in its fill / hold / empty / hold cycle: 0 at the bottom, 1 at the top.
    func fillFraction(at t: Millis) -> Double {
        guard mode == .level else { return 0.5 }
        let period = 2 * (leg + hold)
        let k = SimNoise.floorDiv(t + phase, period)
        let p = t + phase - k * period
        if p < leg { return Double(p) / Double(leg) }
        if p < leg + hold { return 1 }
        if p < 2 * leg + hold { return 1 - Double(p - leg - hold) / Double(leg) }
        return 0
    }

    /// Rounded to the tag's resolution and clamped to its range (never below 0 for gas).
    func publishable(_ v: Double) -> Double {
        guard v.isFinite else { return v }
        let rounded = (v * scale).rounded() / scale
        return min(max(rounded, clampLow), clampHigh)
    }

    // MARK: - Derivation

    static func highLimits(_ tag: TagSpec) -> [Double] {
        var values = tag.limits.filter { $0.condition.isHighLimit }.map(\.value)
        if let window = tag.window, window.isHigh { values.append(window.limit) }
        return values
    }

    static func lowLimits(_ tag: TagSpec) -> [Double] {
        var values = tag.limits.filter { $0.condition.isLowLimit }.map(\.value)
        if let window = tag.window, !window.isHigh { values.append(window.limit) }
        return values
    }

    /// The band a normal value lives in: between the nearest low and high limits, inside the range.
    static func band(_ tag: TagSpec) -> (low: Double, high: Double) {
        var low = max(tag.rangeLow ?? -.infinity, lowLimits(tag).max() ?? -.infinity)
        var high = min(tag.rangeHigh ?? .infinity, highLimits(tag).min() ?? .infinity)
        switch (low.isFinite, high.isFinite) {
        case (true, true): break
        case (true, false): high = low + 2 * max(abs(low), 1)
        case (false, true): low = high - 2 * max(abs(high), 1)
        case (false, false):
            let typical = typical(of: tag.kind)
            low = typical - max(abs(typical), 1)
            high = typical + max(abs(typical), 1)
        }
        if !(high > low) { high = low }  // contradictory limits: sit on them rather than invent a band
        return (low, high)
    }

    private static func typical(of kind: TagKind) -> Double {
        switch kind {
        case .level: 50
        case .temperature: 20
        case .pressure: 0.5
        case .flow: 10
        case .oxygen: 20.9
        case .gasCombustible, .gasToxic, .discrete: 0
        }
    }

    /// `value` when it lies in the middle half of the band, else the band's centre.
    static func typical(_ value: Double, in band: (low: Double, high: Double)) -> Double {
        let quarter = (band.high - band.low) / 4
        return value >= band.low + quarter && value <= band.high - quarter ? value : (band.low + band.high) / 2
    }

    /// A power of ten near 10 000 steps over the span, like a transmitter's resolution.
    static func roundingScale(span: Double) -> Double {
        guard span.isFinite, span > 0 else { return 1000 }
        var scale = 1.0
        var steps = span
        while steps < 10_000 && scale < 1e6 {
            scale *= 10
            steps *= 10
        }
        return scale
    }

    /// The level tag of the same vessel: same enterprise, same id up to the last `.`.
    private static func vesselLevel(of tag: TagSpec, in model: EngineModel) -> Int? {
        guard let dot = tag.id.lastIndex(of: ".") else { return nil }
        let prefix = tag.id[..<dot]
        return model.tags.firstIndex { other in
            other.enterprise == tag.enterprise && other.kind == .level
                && other.id.lastIndex(of: ".").map { other.id[..<$0] == prefix } == true
        }
    }
}
