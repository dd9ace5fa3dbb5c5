import Foundation
import HazmonCore
// With MemberImportVisibility, `timespec` resolves to the copy CDispatch re-exports once swift-log and NIO are
// in the target; importing it names the defining module.
#if canImport(CDispatch)
import CDispatch
#endif

/// Blocks termination signals for every thread started afterwards and waits for them on one.
struct SignalWaiter {
    private var set = sigset_t()

    /// - Important: create it before any thread starts, so they all inherit the blocked mask.
    init(_ signals: [Int32]) {
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The signal received, or nil after the timeout.
    func wait(milliseconds: Int) -> Int32? {
        var timeout = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var copy = set
        let signal = sigtimedwait(&copy, nil, &timeout)
        return signal > 0 ? signal : nil
    }
}

/// Wall-clock epoch milliseconds, the live engine's clock.
enum WallClock {
    static func millis() -> Millis {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Millis(spec.tv_sec) * 1000 + Millis(spec.tv_nsec / 1_000_000)
    }
}

/// Monotonic seconds for the wall-time figure of the summary (never used by the engine).
enum Clock {
    static func now() -> Double { Double(monotonicNanos()) / 1e9 }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC).
    static func monotonicNanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
