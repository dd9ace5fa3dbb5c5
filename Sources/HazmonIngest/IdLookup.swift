import HazmonCore

/// Enterprise ids and (enterprise, tag id) pairs → dense indices, looked up by raw UTF-8 bytes
/// straight out of topics and payloads, so a sample costs no `String`, no allocation and no
/// Unicode normalisation (MQTT topics compare byte for byte; so do these ids).
///
/// `TagDirectory` (HazmonIO) answers the same question for `String`s; building a `String` and
/// hashing it per message cost more than the rest of the decoding, hence this open-addressing
/// table over one byte arena.
struct IdLookup: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        /// -1 for an enterprise, else the enterprise a tag belongs to.
        var scope: Int32
        var value: Int32
        var offset: Int32
        var length: Int32
    }

    private var entries: [Entry] = []
    /// Entry position + 1; 0 is empty. A power of two, at most half full.
    private var slots: [Int32]
    private var mask: Int
    private var arena: [UInt8] = []

    init(model: EngineModel) {
        let count = model.enterprises.count + model.tags.count
        var size = 16
        while size < count * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for (e, enterprise) in model.enterprises.enumerated() { insert(enterprise.id, scope: -1, value: Int32(e)) }
        for (t, tag) in model.tags.enumerated() { insert(tag.id, scope: Int32(tag.enterprise), value: Int32(t)) }
    }

    /// Dense index of the enterprise whose id is `bytes`.
    func enterprise(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        find(bytes, scope: -1).map(Int.init)
    }

    /// Dense tag index of the tag `bytes` within enterprise `enterprise`.
    func tag(_ bytes: UnsafeBufferPointer<UInt8>, enterprise: Int) -> Int32? {
        find(bytes, scope: Int32(truncatingIfNeeded: enterprise))
    }

    private mutating func insert(_ id: String, scope: Int32, value: Int32) {
        var key = Array(id.utf8)
        let hash = key.withUnsafeBufferPointer { Self.hash($0, scope: scope) }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let existing = entries[Int(slots[slot]) - 1]
            if existing.hash == hash, existing.scope == scope,
                arena[Int(existing.offset)..<Int(existing.offset + existing.length)].elementsEqual(key)
            {
                // A repeated id: the later one wins, as in `TagDirectory`.
                entries[Int(slots[slot]) - 1].value = value
                return
            }
            slot = (slot + 1) & mask
        }
        entries.append(
            Entry(hash: hash, scope: scope, value: value, offset: Int32(arena.count), length: Int32(key.count)))
        arena.append(contentsOf: key)
        key.removeAll()
        slots[slot] = Int32(entries.count)
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, scope: Int32) -> Int32? {
        let hash = Self.hash(key, scope: scope)
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let position = Int(slots[slot])
                        if position == 0 { return nil }
                        let entry = entries[position - 1]
                        if entry.hash == hash, entry.scope == scope, Int(entry.length) == key.count,
                            key.isEmpty
                                || ByteScan.equal(
                                    arena.baseAddress! + Int(entry.offset), key.baseAddress!, count: key.count)
                        {
                            return entry.value
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// A fast 64-bit mix over 8-byte words; ids are catalog data, so no flooding resistance is
    /// needed (an unknown key still ends at the first empty slot).
    static func hash(_ key: UnsafeBufferPointer<UInt8>, scope: Int32) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(UInt32(bitPattern: scope)) &* 0xFF51_AFD7_ED55_8CCD)
        var i = 0
        let raw = UnsafeRawBufferPointer(key)
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if key.count >= 8, i < key.count {
            // The last 8 bytes, overlapping the previous word: no byte loop for long ids.
            h = (h ^ raw.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
        } else if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count {
                tail |= UInt64(key[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= UInt64(key.count)
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
