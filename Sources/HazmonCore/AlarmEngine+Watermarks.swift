extension AlarmEngine {
    /// Time of the tag's last accepted sample (`Int64.min` if none yet): what later samples of the tag
    /// are compared with to be ignored as late or duplicate.
    public func lastSampleTime(ofTag tag: Int) -> Millis {
        precondition(tag >= 0 && tag < tagCount, "no tag with index \(tag)")
        return storage.runtime[tag].lastTs
    }

    /// After a restart, moves a tag's last sample forward to one the store recorded after the restored
    /// checkpoint, so that redelivered or resent samples up to it are ignored as duplicates instead of
    /// being evaluated twice. Nothing else of the tag changes (its windows and delays stay as the
    /// checkpoint left them: the documented approximation of a restart). Older times are ignored.
    public mutating func restoreLastSample(ofTag tag: Int, ts: Millis, value: Double) {
        precondition(tag >= 0 && tag < tagCount, "no tag with index \(tag)")
        guard ts > storage.runtime[tag].lastTs else { return }
        makeStorageUnique()
        storage.runtime[tag].lastTs = ts
        if value.isFinite { storage.runtime[tag].lastValue = value }
        // It was heard then: a STALE timer armed from the checkpoint's older time would fire early
        // and repeat a transition the journal already holds.
        if storage.runtime[tag].lastHeard < ts {
            storage.runtime[tag].lastHeard = ts
            if storage.layouts[tag].stale >= 0, !storage.runtime[tag].staleActive {
                armStale(tag: tag, staleBase: ts)
            }
        }
    }
}
