import Dispatch
import Synchronization

/// Runs independent work items on every core: catalog files parse independently, and parsing is
/// most of a load (SPEC §11: a 100 k-tag catalog should load in seconds, on a 2-core machine).
enum ParallelMap {
    /// `transform` applied to every item, results in the items' order whatever order they finish in.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ transform: @Sendable (Item) -> Result
    ) -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        let results = Mutex<[Result?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let result = transform(items[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
