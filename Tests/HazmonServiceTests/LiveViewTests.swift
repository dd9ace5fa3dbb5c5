import HazmonCore
import HazmonService
import Testing

/// The console's read model: resuming the live stream from memory or, when memory does not reach
/// back far enough, from the journal.
@Suite("LiveView stream resumption")
struct LiveViewTests {
    static func alarm(_ seq: UInt64) -> LiveView.Alarm {
        LiveView.Alarm(id: "E/T\(seq)/H", enterprise: "E", hazardSource: "HS", tag: "T\(seq)", condition: .H,
                       priority: .medium, state: .unack, flags: [], seq: seq, ts: Millis(seq), json: "{\"seq\":\(seq)}")
    }

    /// Applies alarms with their events, as the output stage does after a commit.
    static func apply(_ alarms: [LiveView.Alarm], to view: LiveView) {
        view.apply(alarms: alarms, floods: [], inspections: [], risk: [],
                   events: alarms.map { LiveView.StreamItem(type: "alarm", seq: $0.seq, json: $0.json) })
    }

    @Test("memory covers a client whose last seq is just before the oldest item held")
    func memoryCoversRecentGap() {
        let view = LiveView(recentCapacity: 8)
        Self.apply((1...5).map(Self.alarm), to: view)
        let (items, complete) = view.recentItems(after: 2)
        #expect(complete)
        #expect(items.map(\.seq) == [3, 4, 5])
    }

    @Test("a full ring that dropped older items sends the client to the journal")
    func overflowNeedsJournal() {
        let view = LiveView(recentCapacity: 4)
        Self.apply((1...10).map(Self.alarm), to: view)
        let (items, complete) = view.recentItems(after: 2)
        #expect(!complete, "seqs 3–6 are no longer in memory")
        #expect(items.map(\.seq) == [7, 8, 9, 10])
        #expect(view.recentItems(after: 6).complete)
    }

    @Test("after a restart an empty memory covers only a client that is up to date")
    func restartedViewNeedsJournalForOlderSeqs() {
        let view = LiveView(recentCapacity: 8)
        view.restore(alarms: [], inspections: [], risk: [], floods: [], lastSeq: 40)
        #expect(!view.recentItems(after: 30).complete)
        #expect(view.recentItems(after: 40).complete)
        Self.apply([Self.alarm(41)], to: view)
        #expect(view.recentItems(after: 40).items.map(\.seq) == [41])
        #expect(!view.recentItems(after: 35).complete)
    }
}
