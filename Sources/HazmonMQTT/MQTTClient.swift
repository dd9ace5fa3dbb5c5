import CMosquitto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libmosquitto's process-wide set-up, run once by the first client.
///
/// SIGPIPE is ignored process-wide as well: over TLS, OpenSSL writes with plain `write(2)`, so a
/// broker that vanishes mid-write would otherwise kill the whole process.
private let libraryInitialized: Bool = {
    mosquitto_lib_init()
    signal(SIGPIPE, SIG_IGN)
    return true
}()

/// An MQTT 3.1.1/5 client over libmosquitto: connects, keeps reconnecting, subscribes, publishes, and
/// hands every received message to one bounded ``MessageQueue``.
///
/// ```swift
/// var configuration = try MQTTClient.Configuration(url: "mqtt://127.0.0.1:1883", clientID: "hazmon-zibo")
/// configuration.will = .init(topic: "hazmon/status/zibo", payload: Array("offline".utf8))
/// let client = try MQTTClient(configuration)
/// try client.subscribe(["hz/#"], qos: .atLeastOnce)
/// try client.start()
/// while let batch = client.messages.popBatch(max: 1024, timeout: .milliseconds(100)) { … }  // own thread
/// ```
///
/// ## Threads
/// The client runs one network thread of its own. It connects (first `mosquitto_connect_bind(_v5)`,
/// then `mosquitto_reconnect`, both blocking, so never on the caller's thread), drives
/// `mosquitto_loop`, runs every libmosquitto callback, and reconnects with ``Backoff`` after any
/// failure. It does not use `mosquitto_connect_async` + `mosquitto_loop_start`:
/// - that thread runs `mosquitto_loop_forever`, which *returns for good* after "fatal" errors
///   (`MOSQ_ERR_TLS`, `MOSQ_ERR_PROTOCOL`, `MOSQ_ERR_EAI`, …, or `errno == EPROTO`). Measured on this
///   machine with a C client and libmosquitto 2.0.11: over plain TCP it reconnects after the broker is
///   killed and restarted; over TLS it never reconnects, not even after a plain restart;
/// - libmosquitto 2.0.11 has no asynchronous connect that carries MQTT 5 CONNECT properties, and the
///   session expiry is one.
/// `mosquitto_threaded_set(true)` tells libmosquitto that other threads call in, so
/// ``publish(topic:payload:qos:retain:)-([UInt8],_,_)`` only queues the packet and wakes the network
/// thread through libmosquitto's socket pair (publish-to-receive round trip on loopback ≈ 0.1 ms).
/// Until the broker's CONNACK has been handled, at start-up and after every lost connection, publishes
/// are held by the client and handed to libmosquitto by the network thread right after it: QoS 1
/// publishes sent before the CONNACK would be sent twice by libmosquitto 2.0.11 once the CONNACK
/// shrinks its in-flight window to the broker's Receive Maximum (Mosquitto: 20).
/// ``stop(drainTimeout:timeout:)`` too is carried out by the network thread (DISCONNECT is never sent
/// from another thread); it notices a stop within 0.1 s even when the connection is idle.
///
/// ## Subscriptions
/// Filters given to ``subscribe(_:qos:)`` are remembered and sent again on *every* successful connect,
/// whether or not the broker reports a session present: a resumed session may lack filters added since
/// it was created, and re-subscribing is idempotent. With MQTT 5 the re-subscription uses retain handling
/// 1 ("send retained messages only for a new subscription"), so a resumed session does not receive
/// every retained message again; with MQTT 3.1.1 it does (the engine drops them as duplicates by time
/// stamp).
///
/// ## What a crash can lose
/// Verified against libmosquitto 2.0.11 (source of `handle__publish` and an experiment with a
/// `kill -9`): for an incoming QoS 1 message libmosquitto *queues* the PUBACK and then calls the
/// message callback on the network thread; the PUBACK reaches the socket only after the callback has
/// returned, when the same thread next writes. The callback returns once the message is in
/// ``messages``. libmosquitto 2.0.11 has no manual acknowledgement (`mosquitto_manual_ack*` does not
/// exist; upstream issue eclipse/mosquitto#118 is still open). The network thread runs the message
/// callback and writes the PUBACKs, so "acknowledged" and "handed to ``messages``" differ only by the
/// PUBACKs not yet written. Hence, after `kill -9` or a crash:
/// - QoS 1 messages in ``messages`` (received, acknowledged, not yet processed): **lost** — up to
///   ``Configuration-swift.struct/queueCapacity`` of them. The broker has discarded them.
/// - The QoS 1 message whose `push` was blocked on a full queue, and everything still unread in the
///   socket or the broker's session: **redelivered** when the client reconnects with the same client
///   id and a persistent session (`cleanStart == false`, session not expired), the first with DUP set.
/// - QoS 0 messages: lost wherever they are (queue, socket, and the broker does not queue QoS 0 for an
///   offline client).
/// - Outgoing QoS 1 publishes not yet acknowledged by the broker (``Statistics/publishesPending``):
///   lost; libmosquitto keeps them only in memory.
/// An orderly ``stop(drainTimeout:timeout:)`` neither loses nor duplicates: the messages handed to
/// ``messages`` are exactly the ones acknowledged to the broker. The network thread stops reading,
/// writes the PUBACK of every message it handed over, then DISCONNECT, and closes the connection
/// gracefully (it reads and discards until the broker closes, so no reset can make the broker drop
/// those last PUBACKs unread); everything it did not read stays unacknowledged in the broker's session
/// and is redelivered to the next run. The queue is closed and the consumer drains it to the end.
/// The exception is a `stop` whose `timeout` passes while the consumer has stopped draining: see there.
///
/// - Important: Thread-safe: `subscribe`, `publish`, `statistics` and `state` may be called from any
///   thread or task. `start` and `stop` are serialized. `stop`, `waitUntilConnected` and
///   `waitForAcknowledgements` block the calling thread; from async code call them off the cooperative
///   pool (or accept the short block at shutdown).
public final class MQTTClient: @unchecked Sendable {
    /// Where the connection stands.
    public enum ConnectionState: Sendable, Hashable {
        /// Created, ``MQTTClient/start()`` not called yet.
        case idle
        /// Connecting, or waiting for the broker's CONNACK.
        case connecting
        /// Connected; messages flow.
        case connected
        /// The connection failed or was lost; the client retries after its backoff.
        case disconnected
        /// Stopped for good; create a new client to connect again.
        case stopped
    }

    /// Counters since the client was created, read in one consistent snapshot.
    public struct Statistics: Sendable, Hashable {
        /// Where the connection stands.
        public var state: ConnectionState
        /// Successful connects (CONNACK accepted), reconnects included.
        public var connects: Int
        /// Established connections that ended, by us or not.
        public var disconnects: Int
        /// Connect attempts that failed before the broker accepted them.
        public var connectFailures: Int
        /// Whether the broker had a session for us at the latest connect.
        public var sessionPresent: Bool
        /// Messages received from the broker (queued or refused by a closed queue).
        public var messagesIn: Int
        /// Received messages refused because the queue was closed (at stop).
        public var messagesRefused: Int
        /// SUBACKs received.
        public var subscribeAcknowledgements: Int
        /// Filters the broker refused.
        public var subscriptionsRefused: Int
        /// Publishes accepted by ``MQTTClient/publish(topic:payload:qos:retain:)-([UInt8],_,_)``.
        public var publishes: Int
        /// QoS 1/2 publishes the broker acknowledged.
        public var publishesAcknowledged: Int
        /// QoS 1/2 publishes the broker refused (MQTT 5 reason code ≥ 0x80).
        public var publishesRefused: Int
        /// QoS 1/2 publishes awaiting the broker's acknowledgement now.
        public var publishesPending: Int
        /// The most recent failure (connect, refusal, connection lost, subscription or publish refused).
        public var lastError: MQTTError?
    }

    /// Receives libmosquitto's log lines, on the network thread or the calling thread.
    public typealias LogHandler = @Sendable (LogLevel, String) -> Void

    /// Severity of a libmosquitto log line.
    public enum LogLevel: Sendable, Hashable {
        /// `MOSQ_LOG_DEBUG` and anything unlisted: one line per packet.
        case debug
        /// `MOSQ_LOG_INFO`.
        case info
        /// `MOSQ_LOG_NOTICE`.
        case notice
        /// `MOSQ_LOG_WARNING`.
        case warning
        /// `MOSQ_LOG_ERR`: e.g. OpenSSL's reason for a failed handshake.
        case error
    }

    /// The configuration the client was created with.
    public let configuration: Configuration
    /// Every message received, in order; closed by ``stop(drainTimeout:timeout:)``.
    public let messages: MessageQueue

    private let handle: OpaquePointer
    private let core: ClientCore
    private let lifecycle = PthreadLock()
    // Guarded by `lifecycle`.
    private var thread: pthread_t?
    private var joined = false

    /// Creates the libmosquitto handle and applies the configuration; connects only at ``start()``.
    ///
    /// `log`, when given, receives libmosquitto's own log lines (useful for TLS failures, whose detail
    /// only appears there). It costs a formatted string per packet, so leave it `nil` on hot paths.
    public init(_ configuration: Configuration, log: LogHandler? = nil) throws(MQTTError) {
        _ = libraryInitialized
        try configuration.validate()
        self.configuration = configuration
        messages = MessageQueue(capacity: configuration.queueCapacity)

        let id: String? = configuration.clientID.isEmpty ? nil : configuration.clientID
        guard let handle = mosquitto_new(id, configuration.cleanStart, nil) else {
            throw MQTTError(kind: .library, message: "mosquitto_new failed: \(String(cString: strerror(errno))).")
        }
        // Before the last stored property is set, so a failure here never reaches deinit.
        do {
            try Self.apply(configuration, to: handle)
        } catch {
            mosquitto_destroy(handle)
            throw error
        }
        self.handle = handle
        core = ClientCore(handle: handle, configuration: configuration, queue: messages, log: log)
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(core).toOpaque())
        mosquitto_connect_v5_callback_set(handle, onConnect)
        mosquitto_disconnect_v5_callback_set(handle, onDisconnect)
        mosquitto_message_v5_callback_set(handle, onMessage)
        mosquitto_publish_v5_callback_set(handle, onPublish)
        mosquitto_subscribe_v5_callback_set(handle, onSubscribe)
        if log != nil { mosquitto_log_callback_set(handle, onLog) }
    }

    deinit {
        stop(timeout: .seconds(10))
        lifecycle.withLock {
            // Only a thread stuck in a blocking connect is still running here; wait it out, because the
            // handle it uses is freed next.
            if let thread, !joined {
                pthread_join(thread, nil)
                joined = true
            }
        }
        mosquitto_destroy(handle)
    }

    /// Starts the network thread, which connects and keeps reconnecting until ``stop(drainTimeout:timeout:)``.
    ///
    /// Returns at once; watch ``state`` or call ``waitUntilConnected(timeout:)``. Connection failures do
    /// not throw: they show in ``Statistics/lastError`` and the client retries.
    public func start() throws(MQTTError) {
        try lifecycle.withLock { () throws(MQTTError) in
            guard thread == nil else {
                throw MQTTError(kind: .misuse, message: "start() was called twice; a client starts once.")
            }
            guard core.beginStart() else {
                throw MQTTError(
                    kind: .misuse, message: "the client was stopped; create a new MQTTClient to connect again.")
            }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            var created = pthread_t()
            let argument = Unmanaged.passRetained(core).toOpaque()
            let rc = pthread_create(&created, &attributes, networkThreadEntry, argument)
            guard rc == 0 else {
                Unmanaged<ClientCore>.fromOpaque(argument).release()
                core.markStopped()
                throw MQTTError(
                    kind: .library, message: "cannot start the network thread: \(String(cString: strerror(rc))).")
            }
            thread = created
        }
    }

    /// Subscribes to `filters` now if connected, and again on every reconnect.
    ///
    /// Calling it again for a filter replaces its QoS. Subscribing before ``start()`` is the usual order.
    public func subscribe(_ filters: [String], qos: QoS = .atLeastOnce) throws(MQTTError) {
        for filter in filters where filter.isEmpty || mosquitto_sub_topic_check2(filter, filter.utf8.count) != 0 {
            throw MQTTError(
                kind: .invalidTopic,
                message: "'\(filter)' is not a valid topic filter: '+' and '#' must fill a whole level, '#' only last.")
        }
        guard !filters.isEmpty else { return }
        if core.remember(filters, qos: qos) {
            let rc = core.sendSubscribe(handle, filters, qos: qos)
            // Not connected after all: the next connect subscribes.
            if rc != MOSQ_ERR_SUCCESS.rawValue && rc != MOSQ_ERR_NO_CONN.rawValue {
                throw MQTTError.library(rc, "subscribe to \(filters.joined(separator: ", "))", errno: errno)
            }
        }
    }

    /// Publishes `payload` on `topic`; returns libmosquitto's message id (0 for a publish made while the
    /// client is not connected, which the client holds and hands to libmosquitto once the broker's
    /// CONNACK has been handled).
    ///
    /// Never blocks on the network: the packet is queued and the network thread sends it. QoS 1/2
    /// publishes made while not connected wait (in the client, then in libmosquitto) and go out after
    /// (re)connecting, up to ``Configuration-swift.struct/maxPendingPublishes``; QoS 0 publishes fail
    /// while disconnected.
    /// Waiting QoS 1/2 publishes live only in memory: see "What a crash can lose" above.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: QoS = .atLeastOnce, retain: Bool = false)
        throws(MQTTError) -> Int32
    {
        let result = payload.withUnsafeBytes { bytes in
            Result { () throws(MQTTError) in try publish(topic: topic, payload: bytes, qos: qos, retain: retain) }
        }
        return try result.get()
    }

    /// Publishes a UTF-8 text payload (e.g. JSON) on `topic`; returns libmosquitto's message id.
    @discardableResult
    public func publish(topic: String, payload: String, qos: QoS = .atLeastOnce, retain: Bool = false)
        throws(MQTTError) -> Int32
    {
        var text = payload
        let result = text.withUTF8 { bytes in
            Result { () throws(MQTTError) in
                try publish(topic: topic, payload: UnsafeRawBufferPointer(bytes), qos: qos, retain: retain)
            }
        }
        return try result.get()
    }

    /// Publishes bytes from a buffer (libmosquitto copies them before returning); returns the message id.
    @discardableResult
    public func publish(topic: String, payload: UnsafeRawBufferPointer, qos: QoS = .atLeastOnce, retain: Bool = false)
        throws(MQTTError) -> Int32
    {
        if topic.isEmpty || mosquitto_pub_topic_check2(topic, topic.utf8.count) != 0 {
            throw MQTTError(
                kind: .invalidTopic, message: "'\(topic)' is not a valid topic name: no '+', '#' or empty topic.")
        }
        guard payload.count <= 268_435_455 else {
            throw MQTTError(kind: .library, message: "payload of \(payload.count) bytes is over MQTT's 256 MiB limit.")
        }
        return try core.publish(topic: topic, payload: payload, qos: qos, retain: retain)
    }

    /// Disconnects and stops the network thread; the client cannot be started again.
    ///
    /// With a `drainTimeout`, first waits up to that long for the broker to acknowledge every QoS 1/2
    /// publish made so far. Then asks the network thread to stop and waits up to `timeout` for it. The
    /// network thread finishes the read pass it is in (handing those messages to ``messages``, which
    /// may wait for room), reads nothing more, writes the PUBACKs of everything it handed over, sends
    /// DISCONNECT (so the broker does *not* publish the will), and closes the connection gracefully,
    /// reading and discarding until the broker has closed its side (at most 5 s). So every message in
    /// ``messages`` has been acknowledged to the broker, and every other one stays in the broker's
    /// session (for a persistent session, redelivered at the next connect with the same client id).
    ///
    /// If the thread is still stuck on a full queue when `timeout` passes (the consumer has gone), the
    /// queue is closed; the message it was handing over is refused and the connection is cut before its
    /// PUBACK leaves, so the broker redelivers it. Messages handed over earlier in the same read pass
    /// lose their unwritten PUBACKs too and are redelivered although queued: only this case can
    /// duplicate. Closes ``messages`` in every case: the consumer gets what is queued, then the end.
    ///
    /// Call it while the consumer keeps draining ``messages`` (from another thread or task): a consumer
    /// that calls `stop` itself on a full queue makes `stop` wait the whole `timeout`.
    ///
    /// Returns `false` if the network thread had not finished within `timeout` (it was stuck in a
    /// blocking connect); `deinit` waits for it.
    @discardableResult
    public func stop(drainTimeout: Duration = .zero, timeout: Duration = .seconds(10)) -> Bool {
        lifecycle.withLock {
            guard let thread, !joined else {
                core.markStopped()
                messages.close()
                return true
            }
            if drainTimeout > .zero { _ = core.waitForAcknowledgements(until: .after(drainTimeout)) }
            let deadline = Deadline.after(timeout)
            // The network thread finishes its current read pass, then says goodbye itself.
            core.requestStop(until: deadline)
            var exited = core.waitForThreadExit(until: deadline)
            if !exited {
                // Stuck handing a message to a full queue whose consumer has gone (or in a blocking connect).
                messages.close()
                exited = core.waitForThreadExit(until: .after(.seconds(1)))
            }
            messages.close()
            guard exited else { return false }
            pthread_join(thread, nil)
            joined = true
            return true
        }
    }

    /// Blocks until connected, stopped, or `timeout`; returns whether connected.
    public func waitUntilConnected(timeout: Duration) -> Bool {
        core.waitUntilConnected(until: .after(timeout))
    }

    /// Blocks until the broker has acknowledged every QoS 1/2 publish so far, or `timeout`; returns whether
    /// none is pending.
    public func waitForAcknowledgements(timeout: Duration) -> Bool {
        core.waitForAcknowledgements(until: .after(timeout))
    }

    /// Where the connection stands.
    public var state: ConnectionState { core.state }

    /// A consistent snapshot of the counters.
    public var statistics: Statistics { core.statistics }

    /// The libmosquitto version linked, e.g. `2.0.11`.
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// Drops the connection the way a crashed process would: no DISCONNECT, so the broker publishes the
    /// will and keeps unacknowledged QoS 1 messages in the session. Closes the queue. Tests only.
    func simulateCrash() {
        lifecycle.withLock {
            guard let thread, !joined else { return }
            core.requestAbandon()
            messages.close()
            if core.waitForThreadExit(until: .after(.seconds(10))) {
                pthread_join(thread, nil)
                joined = true
            }
        }
    }

    /// Applies every setting that libmosquitto must know before connecting.
    private static func apply(_ configuration: Configuration, to handle: OpaquePointer) throws(MQTTError) {
        let isV5 = configuration.protocolVersion == .v5
        try MQTTError.check(
            mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, isV5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311),
            "set the protocol version")
        try MQTTError.check(mosquitto_threaded_set(handle, true), "enable threaded mode")
        try MQTTError.check(
            mosquitto_int_option(handle, MOSQ_OPT_TCP_NODELAY, configuration.tcpNoDelay ? 1 : 0), "set TCP_NODELAY")
        if isV5 {
            try MQTTError.check(
                mosquitto_int_option(handle, MOSQ_OPT_SEND_MAXIMUM, Int32(configuration.maxInflight)), "set maxInflight"
            )
            if let receiveMaximum = configuration.receiveMaximum {
                try MQTTError.check(
                    mosquitto_int_option(handle, MOSQ_OPT_RECEIVE_MAXIMUM, Int32(receiveMaximum)), "set receiveMaximum")
            }
        } else {
            try MQTTError.check(
                mosquitto_max_inflight_messages_set(handle, UInt32(configuration.maxInflight)), "set maxInflight")
        }
        if let username = configuration.username {
            try MQTTError.check(
                mosquitto_username_pw_set(handle, username, configuration.password), "set username and password")
        }
        if let will = configuration.will {
            let rc = will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set(
                    handle, will.topic, Int32(bytes.count), bytes.baseAddress, Int32(will.qos.rawValue), will.retain)
            }
            try MQTTError.check(rc, "set the will on \(will.topic)")
        }
        if let tls = configuration.tls {
            if tls.caFile == nil && tls.caPath == nil {
                try MQTTError.check(
                    mosquitto_int_option(handle, MOSQ_OPT_TLS_USE_OS_CERTS, 1), "trust the operating system's CAs")
            }
            if tls.caFile != nil || tls.caPath != nil || tls.certFile != nil {
                let rc = mosquitto_tls_set(handle, tls.caFile, tls.caPath, tls.certFile, tls.keyFile, nil)
                if rc != MOSQ_ERR_SUCCESS.rawValue {
                    throw MQTTError(
                        kind: .tls, code: rc,
                        message: """
                            TLS files rejected (\(String(cString: mosquitto_strerror(rc)))): check that caFile, \
                            certFile and keyFile are readable PEM files and the key matches the certificate.
                            """)
                }
            }
            if tls.insecure {
                try MQTTError.check(mosquitto_tls_insecure_set(handle, true), "disable host name checks")
            }
        }
    }
}

// MARK: - The network thread and callbacks

#if canImport(Glibc)
    private func networkThreadEntry(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        Unmanaged<ClientCore>.fromOpaque(argument!).takeRetainedValue().runNetworkLoop()
        return nil
    }
#else
    private func networkThreadEntry(_ argument: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        Unmanaged<ClientCore>.fromOpaque(argument).takeRetainedValue().runNetworkLoop()
        return nil
    }
#endif

/// The client's state behind the userdata pointer. Callbacks reach it through `Unmanaged` without
/// retaining it; `MQTTClient` owns it and joins the network thread before releasing it.
private func clientCore(_ userdata: UnsafeMutableRawPointer?) -> ClientCore {
    Unmanaged<ClientCore>.fromOpaque(userdata!).takeUnretainedValue()
}

private func onConnect(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ rc: Int32, _ flags: Int32,
    _ properties: OpaquePointer?
) {
    clientCore(userdata).connected(mosq!, rc: rc, sessionPresent: flags & 1 != 0)
}

private func onDisconnect(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ rc: Int32, _ properties: OpaquePointer?
) {
    clientCore(userdata).disconnected(rc: rc)
}

private func onMessage(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ message: UnsafePointer<mosquitto_message>?,
    _ properties: OpaquePointer?
) {
    guard let message = message?.pointee, let topic = message.topic else { return }
    let payload: [UInt8] =
        message.payloadlen > 0
        ? Array(UnsafeRawBufferPointer(start: message.payload, count: Int(message.payloadlen))) : []
    let received = MQTTMessage(
        topic: String(cString: topic), payload: payload,
        qos: QoS(rawValue: UInt8(truncatingIfNeeded: message.qos)) ?? .atLeastOnce,
        retain: message.retain, receivedAt: wallClockMilliseconds())
    let core = clientCore(userdata)
    if !core.queue.push(received) {
        // The queue is closed: this message will not be processed. libmosquitto has already queued its
        // PUBACK; cutting the connection now keeps that PUBACK from leaving, so the broker redelivers it.
        shutdown(mosquitto_socket(mosq), Int32(SHUT_RDWR))
    }
}

private func onPublish(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ mid: Int32, _ reasonCode: Int32,
    _ properties: OpaquePointer?
) {
    clientCore(userdata).published(mid: mid, reasonCode: reasonCode)
}

private func onSubscribe(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ mid: Int32, _ count: Int32,
    _ granted: UnsafePointer<Int32>?, _ properties: OpaquePointer?
) {
    let codes = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
    clientCore(userdata).subscribed(mid: mid, grantedCodes: codes)
}

private func onLog(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ level: Int32, _ text: UnsafePointer<CChar>?
) {
    guard let text else { return }
    let mapped: MQTTClient.LogLevel =
        switch level {
        case MOSQ_LOG_ERR: .error
        case MOSQ_LOG_WARNING: .warning
        case MOSQ_LOG_NOTICE: .notice
        case MOSQ_LOG_INFO: .info
        default: .debug
        }
    clientCore(userdata).log?(mapped, String(cString: text))
}
