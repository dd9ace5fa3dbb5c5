#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex. `Synchronization.Mutex` has no condition variable, and the queue and the client
/// must wait with a deadline, so both use this pair instead.
final class PthreadLock: @unchecked Sendable {
    fileprivate let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` with the lock held.
    @inline(__always)
    func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A point in time on the clock condition variables wait on (monotonic on Linux, so a wall-clock
/// step never stretches or cuts a wait).
struct Deadline: Sendable {
    fileprivate var time: timespec

    /// Now plus `duration`; negative durations mean now.
    static func after(_ duration: Duration) -> Deadline {
        var now = timespec()
        clock_gettime(Deadline.clock, &now)
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return Deadline(time: now) }
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var wholeSeconds = Int(now.tv_sec) + Int(clamping: min(seconds, Int64(Int32.max)))
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            wholeSeconds += 1
        }
        return Deadline(time: timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds))
    }

    /// The earlier of two deadlines.
    static func earliest(_ a: Deadline, _ b: Deadline) -> Deadline { a.isBefore(b) ? a : b }

    /// Whether this deadline has passed.
    var hasPassed: Bool {
        var now = timespec()
        clock_gettime(Deadline.clock, &now)
        return !Deadline(time: now).isBefore(self)
    }

    /// Milliseconds left (rounded up, at most `cap`), 0 once passed: a `poll(2)` timeout.
    func remainingMilliseconds(cap: Int32) -> Int32 {
        var now = timespec()
        clock_gettime(Deadline.clock, &now)
        let nanoseconds = (Int64(time.tv_sec) - Int64(now.tv_sec)) * 1_000_000_000
            + (Int64(time.tv_nsec) - Int64(now.tv_nsec))
        guard nanoseconds > 0 else { return 0 }
        return Int32(min(Int64(cap), (nanoseconds + 999_999) / 1_000_000))
    }

    private func isBefore(_ other: Deadline) -> Bool {
        (time.tv_sec, time.tv_nsec) < (other.time.tv_sec, other.time.tv_nsec)
    }

    #if os(Linux)
        fileprivate static let clock = CLOCK_MONOTONIC
    #else
        fileprivate static let clock = CLOCK_REALTIME
    #endif
}

/// A pthread condition variable bound to the clock `Deadline` uses.
final class PthreadCondition: @unchecked Sendable {
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if os(Linux)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Waits (the lock held by the caller) until signalled; callers re-check their predicate.
    func wait(_ lock: PthreadLock) {
        pthread_cond_wait(condition, lock.mutex)
    }

    /// Waits until signalled or `deadline`; returns `false` once the deadline has passed.
    func wait(_ lock: PthreadLock, until deadline: Deadline) -> Bool {
        var time = deadline.time
        return pthread_cond_timedwait(condition, lock.mutex, &time) != ETIMEDOUT
    }

    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }
}

/// Wall-clock milliseconds since the Unix epoch (receive time stamps).
func wallClockMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
