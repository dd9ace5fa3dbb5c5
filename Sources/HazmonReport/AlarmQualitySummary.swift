public import HazmonCore

/// The figures of an `AlarmQualityReport` at one moment: what the table and the JSON show.
public struct AlarmQualitySummary: Sendable, Hashable {
    /// First and last event time seen (samples and events); nil when nothing was replayed.
    public var start: Millis?
    public var end: Millis?
    /// Epoch-aligned 10-minute periods from the one holding `start` to the one holding `end`.
    public var periods: Int
    /// `periods` / 6: the hours the averages are taken over.
    public var hours: Double
    public var reference: Millis?
    public var floodThreshold: Int
    /// All enterprises together, as if one console watched them all.
    public var overall: LoadFigures
    public var enterprises: [EnterpriseLoad]
    /// Activations the operator did not see, by reason.
    public var hidden: [HiddenReason: Int]
    /// Annunciated activations by priority.
    public var priorities: [Priority: Int]
    /// The (at most) ten alarms with the most annunciated activations, most first.
    public var badActors: [BadActor]
    /// Their combined share of the annunciated load (0…1).
    public var badActorShare: Double
    /// Alarms the lifecycle flagged chattering at least once.
    public var chattering: [ChatteringAlarm]
    /// Alarms with an activation that lasted (or, at the end, had lasted) more than 24 h.
    public var standing: [StandingAlarm]
    /// Alarms still active at `end`, longest first.
    public var activeAtEnd: [ActiveAlarm]
    /// Every alarm that activated at least once (annunciated or not), in catalog order.
    public var activity: [AlarmCount]
}

/// Load figures of one enterprise or of all of them.
public struct LoadFigures: Sendable, Hashable {
    public var annunciated: Int
    public var tags: Int
    public var per10MinAverage: Double
    public var per10MinPeak: Int
    /// Start of the first period with the peak; nil without activations.
    public var per10MinPeakAt: Millis?
    public var perHourAverage: Double
    public var perHourPeak: Int
    public var perHourPeakAt: Millis?
    /// 10-minute periods with more than `floodThreshold` annunciated activations.
    public var floodPeriods: Int
    /// `floodPeriods / periods` (0…1).
    public var floodShare: Double
    /// Annunciated activations per tag per day.
    public var perTagPerDay: Double
    /// EEMUA 191 band of the average hourly rate.
    public var band: LoadBand
}

/// One enterprise's load and the floods the engine signalled (sliding window, SPEC §5).
public struct EnterpriseLoad: Sendable, Hashable {
    public var id: String
    public var load: LoadFigures
    public var floodStarts: Int
}

/// EEMUA 191 bands for the average alarm rate one operator faces.
public enum LoadBand: String, Sendable, Hashable {
    /// At most ~6 per hour (one per 10 min): very likely acceptable.
    case acceptable
    /// At most ~12 per hour: manageable.
    case manageable
    /// More: likely over-demanding.
    case overDemanding = "over_demanding"

    /// The band of an average hourly rate.
    public init(perHour rate: Double) {
        self = rate <= 6 ? .acceptable : rate <= 12 ? .manageable : .overDemanding
    }
}

/// One of the top-10 bad actors.
public struct BadActor: Sendable, Hashable {
    public var id: String
    public var count: Int
    /// Share of all annunciated activations (0…1).
    public var share: Double

    /// A bad actor with its count and share.
    public init(id: String, count: Int, share: Double) {
        self.id = id
        self.count = count
        self.share = share
    }
}

/// An alarm flagged chattering: how often, and how many activations that hid.
public struct ChatteringAlarm: Sendable, Hashable {
    public var id: String
    public var episodes: Int
    /// Activations not annunciated while it was chattering (or hidden for another reason).
    public var hiddenActivations: Int
    public var annunciated: Int

    /// A chattering alarm's figures.
    public init(id: String, episodes: Int, hiddenActivations: Int, annunciated: Int) {
        self.id = id
        self.episodes = episodes
        self.hiddenActivations = hiddenActivations
        self.annunciated = annunciated
    }
}

/// An alarm that stood active longer than 24 h.
public struct StandingAlarm: Sendable, Hashable {
    public var id: String
    /// Completed activations over 24 h, plus one if it is active at the end for more than 24 h.
    public var episodes: Int
    public var longest: Millis

    /// A standing alarm's figures.
    public init(id: String, episodes: Int, longest: Millis) {
        self.id = id
        self.episodes = episodes
        self.longest = longest
    }
}

/// An alarm active when the replay ended.
public struct ActiveAlarm: Sendable, Hashable {
    public var id: String
    public var priority: Priority
    public var since: Millis
    public var duration: Millis

    /// An alarm active at the end, since when and for how long.
    public init(id: String, priority: Priority, since: Millis, duration: Millis) {
        self.id = id
        self.priority = priority
        self.since = since
        self.duration = duration
    }
}

/// One alarm's activations and first activation: what the catalog comparison works on.
public struct AlarmCount: Sendable, Hashable {
    public var id: String
    public var subject: String
    /// Every activation, annunciated or not.
    public var activations: Int
    public var annunciated: Int
    public var first: Millis
    /// First activation at or after the report's reference time, if any.
    public var firstAfter: Millis?
    /// Activations (annunciated or not) before the reference time; 0 without one.
    public var beforeReference: Int

    /// One alarm's activity.
    public init(id: String, subject: String, activations: Int, annunciated: Int, first: Millis, firstAfter: Millis?,
                beforeReference: Int) {
        self.id = id
        self.subject = subject
        self.activations = activations
        self.annunciated = annunciated
        self.first = first
        self.firstAfter = firstAfter
        self.beforeReference = beforeReference
    }
}

extension AlarmQualityReport {
    /// The figures over everything recorded so far.
    public func summary() -> AlarmQualitySummary {
        let hasPeriod = firstTs <= lastTs
        let firstPeriod = hasPeriod ? floorDiv(firstTs, Self.period) : 0
        let periodCount = hasPeriod ? Int(floorDiv(lastTs, Self.period) - firstPeriod + 1) : 0
        let hours = Double(periodCount) / 6

        var merged: [Int64: Int] = [:]
        var enterpriseLoads: [EnterpriseLoad] = []
        for e in enterprises.indices {
            for (p, n) in periods[e] { merged[p, default: 0] += n }
            enterpriseLoads.append(EnterpriseLoad(
                id: enterprises[e], load: load(periods[e], tags: tagsPerEnterprise[e], periodCount: periodCount),
                floodStarts: floodStarts[e]))
        }
        let overall = load(merged, tags: tagsPerEnterprise.reduce(0, +), periodCount: periodCount)

        var priorities: [Priority: Int] = [:]
        var activity: [AlarmCount] = []
        for a in alarms.indices where annunciated[a] + hidden[a] > 0 {
            priorities[alarms[a].priority, default: 0] += annunciated[a]
            activity.append(AlarmCount(
                id: alarms[a].id, subject: alarms[a].subject, activations: annunciated[a] + hidden[a],
                annunciated: annunciated[a], first: firstActivation[a],
                firstAfter: firstAfterReference[a] == .max ? nil : firstAfterReference[a],
                beforeReference: beforeReference[a]))
        }
        let total = overall.annunciated
        let ranked = alarms.indices.filter { annunciated[$0] > 0 }
            .sorted { annunciated[$0] != annunciated[$1] ? annunciated[$0] > annunciated[$1] : alarms[$0].id < alarms[$1].id }
        let badActors = ranked.prefix(10).map { a in
            BadActor(id: alarms[a].id, count: annunciated[a], share: share(annunciated[a], of: total))
        }
        let chattering = alarms.indices.filter { chatterEpisodes[$0] > 0 }.map { a in
            ChatteringAlarm(id: alarms[a].id, episodes: chatterEpisodes[a], hiddenActivations: hidden[a],
                            annunciated: annunciated[a])
        }
        var standing: [StandingAlarm] = []
        var active: [ActiveAlarm] = []
        for a in alarms.indices {
            var episodes = standingEpisodes[a]
            var longest = longestEpisode[a]
            if activeSince[a] != .min {
                let duration = max(0, lastTs - activeSince[a])
                active.append(ActiveAlarm(id: alarms[a].id, priority: alarms[a].priority, since: activeSince[a],
                                          duration: duration))
                if duration > Self.standingAfter { episodes += 1 }
                longest = max(longest, duration)
            }
            if episodes > 0 { standing.append(StandingAlarm(id: alarms[a].id, episodes: episodes, longest: longest)) }
        }
        active.sort { $0.duration != $1.duration ? $0.duration > $1.duration : $0.id < $1.id }
        return AlarmQualitySummary(
            start: hasPeriod ? firstTs : nil, end: hasPeriod ? lastTs : nil, periods: periodCount, hours: hours,
            reference: reference, floodThreshold: floodThreshold, overall: overall, enterprises: enterpriseLoads,
            hidden: hiddenByReason, priorities: priorities, badActors: badActors,
            badActorShare: share(badActors.reduce(0) { $0 + $1.count }, of: total), chattering: chattering,
            standing: standing, activeAtEnd: active, activity: activity)
    }

    private func load(_ counts: [Int64: Int], tags: Int, periodCount: Int) -> LoadFigures {
        let total = counts.values.reduce(0, +)
        var peak = (count: 0, at: Int64.max)
        var hourly: [Int64: Int] = [:]
        var floods = 0
        for (p, n) in counts {
            if n > peak.count || (n == peak.count && p < peak.at) { peak = (n, p) }
            if n > floodThreshold { floods += 1 }
            hourly[floorDiv(p, 6), default: 0] += n
        }
        var hourPeak = (count: 0, at: Int64.max)
        for (h, n) in hourly where n > hourPeak.count || (n == hourPeak.count && h < hourPeak.at) { hourPeak = (n, h) }
        let hours = Double(periodCount) / 6
        let perHour = hours > 0 ? Double(total) / hours : 0
        return LoadFigures(
            annunciated: total, tags: tags,
            per10MinAverage: periodCount > 0 ? Double(total) / Double(periodCount) : 0,
            per10MinPeak: peak.count, per10MinPeakAt: peak.count > 0 ? peak.at * Self.period : nil,
            perHourAverage: perHour,
            perHourPeak: hourPeak.count, perHourPeakAt: hourPeak.count > 0 ? hourPeak.at * 6 * Self.period : nil,
            floodPeriods: floods, floodShare: periodCount > 0 ? Double(floods) / Double(periodCount) : 0,
            perTagPerDay: tags > 0 && hours > 0 ? Double(total) / Double(tags) / (hours / 24) : 0,
            band: LoadBand(perHour: perHour))
    }

    private func share(_ part: Int, of total: Int) -> Double { total > 0 ? Double(part) / Double(total) : 0 }
}
