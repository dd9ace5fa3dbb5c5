import Crypto
import Synchronization

/// Checks bearer tokens against the hashes of the tokens file, in constant time.
///
/// Every presented token is hashed and compared with **every** record without stopping at a match, and each
/// comparison ORs byte differences, so timing reveals neither which record matched nor how many bytes did.
/// Thread-safe; `replace(with:)` swaps the records atomically (for a reload).
public final class TokenVerifier: Sendable {
    private let records: Mutex<[TokenRecord]>

    /// A verifier over `records` (usually `TokenFile.load(path:)`).
    public init(records: [TokenRecord]) {
        self.records = Mutex(records)
    }

    /// Replaces the known tokens (e.g. after the file changed).
    public func replace(with records: [TokenRecord]) {
        self.records.withLock { $0 = records }
    }

    /// The holder of `token`, or nil when no record matches.
    public func verify(_ token: String) -> Actor? {
        let digest = TokenFile.hash(token)
        let snapshot = records.withLock { $0 }
        var found: Actor?
        for record in snapshot {
            var diff: UInt8 = record.sha256.count == digest.count ? 0 : 1
            for (a, b) in zip(record.sha256, digest) { diff |= a ^ b }
            if diff == 0 { found = Actor(name: record.name, role: record.role) }
        }
        return found
    }
}
