import Synchronization

extension RecentSamples {
    /// Re-keys the rings for a reloaded catalog of `tags` tags: `newIndex[old]` is the new dense index of
    /// the tag that had index `old`, or nil when it left the catalog. Kept tags keep their samples; new
    /// tags start empty; removed tags' samples are dropped. The capacity stays.
    func remap(tags: Int, newIndex: [Int?]) {
        let capacity = self.capacity
        rings.withLock { rings in
            var next = Rings(
                ts: Array(repeating: 0, count: tags * capacity), value: Array(repeating: 0, count: tags * capacity),
                quality: Array(repeating: 0, count: tags * capacity), next: Array(repeating: 0, count: tags),
                count: Array(repeating: 0, count: tags))
            for (old, new) in newIndex.enumerated() {
                guard let new, new < tags, old < rings.next.count else { continue }
                let from = old * capacity
                let to = new * capacity
                next.ts[to..<to + capacity] = rings.ts[from..<from + capacity]
                next.value[to..<to + capacity] = rings.value[from..<from + capacity]
                next.quality[to..<to + capacity] = rings.quality[from..<from + capacity]
                next.next[new] = rings.next[old]
                next.count[new] = rings.count[old]
            }
            rings = next
        }
    }
}
