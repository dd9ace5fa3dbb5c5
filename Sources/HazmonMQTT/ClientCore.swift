import CMosquitto
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the network thread, the callbacks and the caller's threads share.
///
/// Two locks, never nested and never held across a libmosquitto call that could call back into us:
/// `lock` guards connection state, subscriptions and counters; `ledgerLock` guards the outgoing
/// publish ledger and *is* held across `mosquitto_publish`, so that the PUBACK callback, which takes
/// it too, cannot run before the new message id is recorded. That is safe because libmosquitto 2.0.11
/// invokes `on_publish` holding only its callback mutex (and, for QoS 0, its current-out-packet mutex),
/// neither of which `mosquitto_publish` takes.
///
/// Publishes are *held* (kept in `deferredPublishes`, under `ledgerLock`) from the start and from every
/// lost connection until the broker's CONNACK has been handled, and then handed to libmosquitto by the
/// network thread. Two reasons:
/// - the first connect goes through `mosquitto_connect_bind(_v5)`, which stores host, port and the
///   CONNECT properties (the MQTT 5 session expiry) for every later `mosquitto_reconnect`, and which
///   also closes and re-creates the socket pair that other threads' `mosquitto_publish` writes a
///   wake-up byte to. No other thread may call into libmosquitto meanwhile, or that byte could land in
///   a recycled file descriptor (subscriptions are only sent once connected, DISCONNECT only by the
///   network thread);
/// - a QoS 1 publish handed over before the CONNACK is sent at once, up to our own in-flight limit;
///   the CONNACK then announces the broker's Receive Maximum (Mosquitto: 20), libmosquitto 2.0.11's
///   `handle__connack` recounts the in-flight window with it (`message__reconnect_reset`), marks the
///   messages beyond it as not sent yet, and sends them *again* as PUBACKs free the window: every
///   publish beyond the 20th would reach subscribers twice.
///
/// Stopping is carried out by the network thread itself (see ``closeGracefully()``), so that every
/// message handed to the queue is acknowledged to the broker and no other message is.
final class ClientCore: @unchecked Sendable {
    let handle: OpaquePointer
    let configuration: MQTTClient.Configuration
    let queue: MessageQueue
    let log: MQTTClient.LogHandler?
    /// Checked by the network loop after every `mosquitto_loop` pass, so without a lock.
    private let abandon = Atomic<Bool>(false)
    /// `stopRequested`, readable without the lock by the network loop.
    private let stopping = Atomic<Bool>(false)
    /// The broker accepted the current connection (CONNACK handled; state `.connected`). Set by the
    /// network thread; read by `publish`, which holds QoS 0 publishes too in the moment between this
    /// and the release of the held publishes instead of failing them.
    private let connackAccepted = Atomic<Bool>(false)
    /// How long `mosquitto_loop` waits for the socket when idle: how soon the loop notices a stop.
    private static let loopTimeoutMilliseconds: Int32 = 100

    private let lock = PthreadLock()
    private let changed = PthreadCondition()
    // Guarded by `lock`.
    private var currentState = MQTTClient.ConnectionState.idle
    private var started = false
    private var stopRequested = false
    /// By when the network thread must have said goodbye (set with `stopRequested`).
    private var stopDeadline = Deadline.after(.seconds(10))
    private var threadExited = false
    private var consecutiveFailures = 0
    private var errorRecordedThisAttempt = false
    private var connectedThisAttempt = false
    private var subscriptions: [(filter: String, qos: QoS)] = []
    private var pendingSubscribes: [Int32: [String]] = [:]
    private var counters = MQTTClient.Statistics(
        state: .idle, connects: 0, disconnects: 0, connectFailures: 0, sessionPresent: false, messagesIn: 0,
        messagesRefused: 0, subscribeAcknowledgements: 0, subscriptionsRefused: 0, publishes: 0,
        publishesAcknowledged: 0, publishesRefused: 0, publishesPending: 0, lastError: nil)

    private let ledgerLock = PthreadLock()
    private let ledgerChanged = PthreadCondition()
    // Guarded by `ledgerLock`.
    private var pendingPublishes = Set<Int32>()
    private var publishes = 0
    private var publishesAcknowledged = 0
    private var publishesRefused = 0
    /// Whether publishes are kept in `deferredPublishes` (no CONNACK handled on this connection yet).
    private var holdingPublishes = true
    private var deferredPublishes: [(topic: String, payload: [UInt8], qos: QoS, retain: Bool)] = []

    /// Network thread only: whether libmosquitto has host, port and properties for `mosquitto_reconnect`.
    private var connectParametersStored = false
    /// Network thread only: the held publishes have been handed to libmosquitto on this connection.
    private var publishesReleased = false

    init(
        handle: OpaquePointer, configuration: MQTTClient.Configuration, queue: MessageQueue, log: MQTTClient.LogHandler?
    ) {
        self.handle = handle
        self.configuration = configuration
        self.queue = queue
        self.log = log
    }

    private var address: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(configuration.tls == nil ? "mqtt" : "mqtts")://\(host):\(configuration.port)"
    }

    // MARK: Lifecycle (caller threads)

    /// Marks the client started; `false` if it was stopped already.
    func beginStart() -> Bool {
        lock.withLock {
            guard !stopRequested, currentState != .stopped else { return false }
            started = true
            currentState = .connecting
            return true
        }
    }

    /// Asks the network thread to stop; it says goodbye to the broker by `deadline` at the latest.
    func requestStop(until deadline: Deadline = .after(.seconds(10))) {
        lock.withLock {
            if !stopRequested { stopDeadline = deadline }
            stopRequested = true
            stopping.store(true, ordering: .relaxed)
            changed.broadcast()
        }
    }

    func requestAbandon() {
        abandon.store(true, ordering: .relaxed)
        requestStop()
    }

    /// For a client that never started (or whose thread could not start).
    func markStopped() {
        lock.withLock {
            stopRequested = true
            stopping.store(true, ordering: .relaxed)
            currentState = .stopped
            changed.broadcast()
        }
    }

    func waitForThreadExit(until deadline: Deadline) -> Bool {
        lock.withLock {
            while !threadExited {
                if !changed.wait(lock, until: deadline) { break }
            }
            return threadExited
        }
    }

    func waitUntilConnected(until deadline: Deadline) -> Bool {
        lock.withLock {
            while currentState != .connected && currentState != .stopped {
                if !changed.wait(lock, until: deadline) { break }
            }
            return currentState == .connected
        }
    }

    func waitForAcknowledgements(until deadline: Deadline) -> Bool {
        ledgerLock.withLock {
            while pendingCount > 0 {
                if !ledgerChanged.wait(ledgerLock, until: deadline) { break }
            }
            return pendingCount == 0
        }
    }

    var state: MQTTClient.ConnectionState { lock.withLock { currentState } }

    var statistics: MQTTClient.Statistics {
        var snapshot = lock.withLock {
            var copy = counters
            copy.state = currentState
            return copy
        }
        ledgerLock.withLock {
            snapshot.publishes = publishes
            snapshot.publishesAcknowledged = publishesAcknowledged
            snapshot.publishesRefused = publishesRefused
            snapshot.publishesPending = pendingCount
        }
        let queueStatistics = queue.snapshot
        snapshot.messagesIn = queueStatistics.pushed + queueStatistics.refusedAfterClose
        snapshot.messagesRefused = queueStatistics.refusedAfterClose
        return snapshot
    }

    // MARK: Subscriptions and publishes (caller threads)

    /// Records the filters; returns whether the client is connected, i.e. whether to send them now
    /// (otherwise the next connect does).
    func remember(_ filters: [String], qos: QoS) -> Bool {
        lock.withLock {
            for filter in filters {
                if let index = subscriptions.firstIndex(where: { $0.filter == filter }) {
                    subscriptions[index].qos = qos
                } else {
                    subscriptions.append((filter, qos))
                }
            }
            return currentState == .connected
        }
    }

    /// Sends one SUBSCRIBE for `filters`; returns libmosquitto's result code.
    func sendSubscribe(_ mosq: OpaquePointer, _ filters: [String], qos: QoS) -> Int32 {
        let cStrings = filters.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        // MQTT 5 retain handling 1: retained messages only for a subscription the session did not have.
        let options: Int32 =
            configuration.protocolVersion == .v5 ? Int32(MQTT_SUB_OPT_SEND_RETAIN_NEW.rawValue) : 0
        var mid: Int32 = 0
        let rc = cStrings.withUnsafeBufferPointer { pointers in
            mosquitto_subscribe_multiple(
                mosq, &mid, Int32(filters.count), pointers.baseAddress, Int32(qos.rawValue), options, nil)
        }
        if rc == MOSQ_ERR_SUCCESS.rawValue {
            lock.withLock { pendingSubscribes[mid] = filters }
        }
        return rc
    }

    func publish(topic: String, payload: UnsafeRawBufferPointer, qos: QoS, retain: Bool) throws(MQTTError) -> Int32 {
        if lock.withLock({ stopRequested }) {
            throw MQTTError(kind: .misuse, message: "publish to \(topic) after stop(); the client is stopped.")
        }
        return try ledgerLock.withLock { () throws(MQTTError) -> Int32 in
            if qos != .atMostOnce && pendingCount >= configuration.maxPendingPublishes {
                throw MQTTError(
                    kind: .backlogFull,
                    message: """
                        publish to \(topic) refused: \(pendingCount) publishes already await the broker's \
                        acknowledgement (maxPendingPublishes); the broker at \(address) is unreachable or too slow.
                        """)
            }
            if holdingPublishes {
                guard qos != .atMostOnce || connackAccepted.load(ordering: .acquiring) else {
                    throw MQTTError.library(MOSQ_ERR_NO_CONN.rawValue, "publish to \(topic)")
                }
                deferredPublishes.append((topic, Array(payload), qos, retain))
                publishes += 1
                return 0
            }
            let mid = try publishNow(topic: topic, payload: payload, qos: qos, retain: retain)
            publishes += 1
            return mid
        }
    }

    /// Hands a publish to libmosquitto and records its id; `ledgerLock` held.
    private func publishNow(topic: String, payload: UnsafeRawBufferPointer, qos: QoS, retain: Bool) throws(MQTTError)
        -> Int32
    {
        var mid: Int32 = 0
        let rc = mosquitto_publish(
            handle, &mid, topic, Int32(payload.count), payload.baseAddress, Int32(qos.rawValue), retain)
        // For QoS 1/2, libmosquitto 2.0.11 queues the message first and then tries to send it, so
        // MOSQ_ERR_NO_CONN means "queued, goes out after reconnecting", not a failure.
        let queued = qos != .atMostOnce && rc == MOSQ_ERR_NO_CONN.rawValue
        guard rc == MOSQ_ERR_SUCCESS.rawValue || queued else {
            throw MQTTError.library(rc, "publish to \(topic)", errno: errno)
        }
        if qos != .atMostOnce { pendingPublishes.insert(mid) }
        return mid
    }

    /// The pending count includes publishes held until the next CONNACK.
    private var pendingCount: Int { pendingPublishes.count + deferredPublishes.count }

    // MARK: The network thread

    /// Connects, runs libmosquitto's loop until the connection ends, backs off, and again, until stopped.
    func runNetworkLoop() {
        while !isStopRequested {
            lock.withLock {
                errorRecordedThisAttempt = false
                connectedThisAttempt = false
                currentState = .connecting
                changed.broadcast()
            }
            errno = 0
            let rc = connectOnce()
            let connectErrno = errno
            if rc == MOSQ_ERR_SUCCESS.rawValue {
                var loopRC: Int32
                repeat {
                    loopRC = mosquitto_loop(handle, Self.loopTimeoutMilliseconds, 1)
                    if !publishesReleased && connackAccepted.load(ordering: .relaxed) { releaseHeldPublishes() }
                } while loopRC == MOSQ_ERR_SUCCESS.rawValue && !abandon.load(ordering: .relaxed)
                    && !stopping.load(ordering: .relaxed)
                if abandon.load(ordering: .relaxed) {
                    // A simulated crash: cut the socket without DISCONNECT.
                    shutdown(mosquitto_socket(handle), Int32(SHUT_RDWR))
                    break
                }
                holdPublishes()
                if loopRC == MOSQ_ERR_SUCCESS.rawValue {
                    // Stop requested while connected.
                    closeGracefully()
                    break
                }
                connectionEnded(loopRC, errno: errno)
            } else {
                connectFailed(rc, errno: connectErrno)
            }
            lock.withLock {
                // Refused, handshake failed or cut before CONNACK: one failed attempt, whatever the path.
                if !connectedThisAttempt && !stopRequested { counters.connectFailures += 1 }
            }
            if isStopRequested { break }
            waitBeforeReconnect()
        }
        lock.withLock {
            threadExited = true
            currentState = .stopped
            changed.broadcast()
        }
    }

    private var isStopRequested: Bool { lock.withLock { stopRequested } }

    /// One blocking connect attempt; on success the CONNECT packet is on its way.
    private func connectOnce() -> Int32 {
        holdPublishes()
        // Reconnects reuse the stored host, port and CONNECT properties, the session expiry included.
        if connectParametersStored { return mosquitto_reconnect(handle) }
        let rc = connectFirst()
        // MOSQ_ERR_INVAL means libmosquitto refused the arguments before storing them.
        connectParametersStored = rc != MOSQ_ERR_INVAL.rawValue
        return rc
    }

    /// From now until the next accepted CONNACK, publishes wait in `deferredPublishes` (see the type's
    /// comment). Network thread.
    private func holdPublishes() {
        connackAccepted.store(false, ordering: .releasing)
        publishesReleased = false
        ledgerLock.withLock { holdingPublishes = true }
    }

    /// Hands the held publishes to libmosquitto, in order, once the CONNACK has been handled (outside
    /// libmosquitto's callback, so after its own re-sends of the session's unacknowledged messages).
    /// Network thread.
    private func releaseHeldPublishes() {
        publishesReleased = true
        let failures: [MQTTError] = ledgerLock.withLock {
            holdingPublishes = false
            var failures: [MQTTError] = []
            for deferred in deferredPublishes {
                let result = deferred.payload.withUnsafeBytes { bytes in
                    Result { () throws(MQTTError) in
                        try publishNow(
                            topic: deferred.topic, payload: bytes, qos: deferred.qos, retain: deferred.retain)
                    }
                }
                if case .failure(let error) = result {
                    publishesRefused += 1
                    failures.append(error)
                }
            }
            deferredPublishes.removeAll()
            if pendingCount == 0 { ledgerChanged.broadcast() }
            return failures
        }
        if let last = failures.last { lock.withLock { counters.lastError = last } }
    }

    // MARK: Orderly stop (network thread)

    /// Says goodbye so that "handed to the queue" and "acknowledged to the broker" are the same set.
    ///
    /// libmosquitto 2.0.11 queues an incoming QoS 1 message's PUBACK and then calls `on_message`, which
    /// returns once the message is in the queue; packets leave in the order they were queued; writing a
    /// DISCONNECT closes the socket at once (packets queued after it never leave); and a PUBLISH read
    /// after `mosquitto_disconnect` is a protocol error that closes the socket *without* writing what is
    /// still queued. Hence, with no `mosquitto_loop` pass (no read) from the stop request on:
    /// 1. write everything queued: the PUBACK of every message handed to the queue;
    /// 2. DISCONNECT (so the broker does not publish the will), written right behind them;
    /// 3. close gracefully: libmosquitto `close`s its descriptor after the DISCONNECT, which with unread
    ///    data in the socket would send a reset, and the broker may then drop our last PUBACKs unread.
    ///    A `dup` of the descriptor keeps the socket open; we half-close it (FIN after the DISCONNECT)
    ///    and read, discarding, until the broker closes its side. The messages discarded were never
    ///    acknowledged: the broker keeps them in the session and redelivers them at the next connect.
    private func closeGracefully() {
        let deadline = lock.withLock { Deadline.earliest(stopDeadline, .after(.seconds(5))) }
        _ = writeQueuedPackets(until: deadline)
        let socket = mosquitto_socket(handle)
        guard socket >= 0 else { return }  // the connection ended meanwhile (its callback has run)
        let kept = dup(socket)
        _ = mosquitto_disconnect(handle)
        if !writeQueuedPackets(until: deadline) || mosquitto_socket(handle) >= 0 {
            // Not written in time (or the write failed): cut, as a crash would.
            if mosquitto_socket(handle) >= 0 {
                shutdown(mosquitto_socket(handle), Int32(SHUT_RDWR))
                disconnected(rc: 0)
            }
        }
        guard kept >= 0 else { return }
        shutdown(kept, Int32(SHUT_WR))
        drainUntilClosed(kept, until: deadline)
        close(kept)
    }

    /// Writes libmosquitto's queued packets, reading nothing; returns `false` if the deadline passed or a
    /// write failed first. Stops early once libmosquitto has closed the socket (after a DISCONNECT).
    private func writeQueuedPackets(until deadline: Deadline) -> Bool {
        while mosquitto_want_write(handle) {
            let socket = mosquitto_socket(handle)
            guard socket >= 0 else { return true }
            if deadline.hasPassed { return false }
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, deadline.remainingMilliseconds(cap: 100))
            let rc = mosquitto_loop_write(handle, 1)
            if rc != MOSQ_ERR_SUCCESS.rawValue { return false }
        }
        return true
    }

    /// Reads and discards until the peer closes, an error, or the deadline.
    private func drainUntilClosed(_ socket: Int32, until deadline: Deadline) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while !deadline.hasPassed {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, deadline.remainingMilliseconds(cap: 100))
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count == 0 { return }  // the broker closed its side
            if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return }
        }
    }

    private func connectFirst() -> Int32 {
        let keepAlive = Int32(configuration.keepAliveSeconds)
        let port = Int32(configuration.port)
        switch configuration.protocolVersion {
        case .v311:
            return mosquitto_connect_bind(handle, configuration.host, port, keepAlive, nil)
        case .v5:
            // libmosquitto keeps these properties for its reconnects (checked by the test
            // "the MQTT 5 session expiry survives the client's own reconnects").
            var properties: OpaquePointer?
            defer { mosquitto_property_free_all(&properties) }
            if !configuration.cleanStart {
                let rc = mosquitto_property_add_int32(
                    &properties, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), configuration.sessionExpirySeconds)
                if rc != MOSQ_ERR_SUCCESS.rawValue { return rc }
            }
            return mosquitto_connect_bind_v5(handle, configuration.host, port, keepAlive, nil, properties)
        }
    }

    private func connectFailed(_ rc: Int32, errno savedErrno: Int32) {
        let error = MQTTError.library(rc, "connect to \(address)", errno: savedErrno)
        lock.withLock {
            if !stopRequested { counters.lastError = error }
            currentState = stopRequested ? currentState : .disconnected
            changed.broadcast()
        }
    }

    private func connectionEnded(_ rc: Int32, errno savedErrno: Int32) {
        lock.withLock {
            if !stopRequested && !errorRecordedThisAttempt && rc != MOSQ_ERR_NO_CONN.rawValue {
                counters.lastError = MQTTError.library(rc, "connection to \(address)", errno: savedErrno)
            }
            if !stopRequested { currentState = .disconnected }
            changed.broadcast()
        }
    }

    private func waitBeforeReconnect() {
        lock.withLock {
            consecutiveFailures += 1
            let deadline = Deadline.after(configuration.reconnect.delay(afterFailures: consecutiveFailures))
            while !stopRequested {
                if !changed.wait(lock, until: deadline) { break }
            }
        }
    }

    // MARK: Callbacks (network thread)

    func connected(_ mosq: OpaquePointer, rc: Int32, sessionPresent: Bool) {
        var toSubscribe: [QoS: [String]] = [:]
        if rc == 0 { connackAccepted.store(true, ordering: .releasing) }
        lock.withLock {
            if rc == 0 {
                currentState = .connected
                connectedThisAttempt = true
                counters.connects += 1
                counters.sessionPresent = sessionPresent
                consecutiveFailures = 0
                for subscription in subscriptions {
                    toSubscribe[subscription.qos, default: []].append(subscription.filter)
                }
            } else {
                counters.lastError = MQTTError.refused(rc, protocol: configuration.protocolVersion)
                errorRecordedThisAttempt = true
            }
            changed.broadcast()
        }
        for qos in QoS.allCases {
            guard let filters = toSubscribe[qos] else { continue }
            let rc = sendSubscribe(mosq, filters, qos: qos)
            if rc != MOSQ_ERR_SUCCESS.rawValue {
                let error = MQTTError.library(rc, "subscribe to \(filters.joined(separator: ", "))", errno: errno)
                lock.withLock { counters.lastError = error }
            }
        }
    }

    func disconnected(rc: Int32) {
        lock.withLock {
            if currentState == .connected { counters.disconnects += 1 }
            if rc != 0 && !stopRequested && !errorRecordedThisAttempt {
                counters.lastError =
                    rc >= 128
                    ? MQTTError.reason(rc, "the broker at \(address) closed the connection")
                    : MQTTError.library(rc, "connection to \(address)", errno: errno)
                errorRecordedThisAttempt = true
            }
            if !stopRequested { currentState = .disconnected }
            changed.broadcast()
        }
    }

    func published(mid: Int32, reasonCode: Int32) {
        let refused: Bool? = ledgerLock.withLock {
            guard pendingPublishes.remove(mid) != nil else { return nil }  // QoS 0: nothing to track
            if reasonCode >= 128 { publishesRefused += 1 } else { publishesAcknowledged += 1 }
            if pendingCount == 0 { ledgerChanged.broadcast() }
            return reasonCode >= 128
        }
        if refused == true {
            let error = MQTTError.reason(reasonCode, "publish (message id \(mid))")
            lock.withLock { counters.lastError = error }
        }
    }

    func subscribed(mid: Int32, grantedCodes: [Int32]) {
        lock.withLock {
            counters.subscribeAcknowledgements += 1
            let filters = pendingSubscribes.removeValue(forKey: mid) ?? []
            for (index, code) in grantedCodes.enumerated() where code >= 128 {
                counters.subscriptionsRefused += 1
                let filter = index < filters.count ? filters[index] : "a filter"
                counters.lastError = MQTTError.reason(code, "subscribe to \(filter)")
            }
        }
    }
}
