import Foundation
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonService

/// Wires the live service together: the telemetry client and its queue, the engine thread, the
/// publishing client with the status will, and the orderly shutdown.
final class LiveService: @unchecked Sendable {
    let telemetry: MQTTClient
    let publisher: MQTTClient
    let loop: EngineLoop
    let statusTopic: String
    private let filters: [String]
    private let qos: QoS
    private var engineThread: Thread?
    private let engineDone = DispatchSemaphore(value: 0)
    private var announcedConnects = 0

    init(model: EngineModel, connection: BrokerOptions.Resolved, ingest: TelemetryDecoder.Configuration, qos: Int,
         queueCapacity: Int, deadLetters: Int, printEvents: Bool) throws {
        statusTopic = OutputTopics().status(instance: connection.instance)
        var input = try connection.configuration(clientID: "in")
        input.cleanStart = false
        input.sessionExpirySeconds = connection.sessionExpirySeconds
        input.queueCapacity = queueCapacity
        var output = try connection.configuration(clientID: "out")
        output.cleanStart = true
        output.will = MQTTClient.Will(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        telemetry = try MQTTClient(input)
        publisher = try MQTTClient(output)
        filters = ingest.topics.subscriptionFilters
        self.qos = qos == 0 ? .atMostOnce : .atLeastOnce
        var observer: EngineLoop.EventObserver?
        if printEvents {
            observer = { event, renderer in Console.out(EventPrinter(renderer: renderer).line(event)) }
        }
        let clock: @Sendable () -> Millis = { WallClock.millis() }
        loop = EngineLoop(
            model: model, decoder: ingest, queue: telemetry.messages, sink: MQTTSink(client: publisher),
            deadLetters: deadLetters, now: clock, observer: observer)
    }

    /// Connects both clients and starts the engine thread.
    func start() throws {
        try publisher.start()
        try telemetry.subscribe(filters, qos: qos)
        try telemetry.start()
        let thread = Thread { [loop, engineDone] in
            loop.run()
            engineDone.signal()
        }
        thread.name = "hazmon-engine"
        thread.stackSize = 8 << 20
        engineThread = thread
        thread.start()
    }

    /// Publishes `online` (retained) each time the publishing connection comes up: after a broker
    /// restart the broker has published our will, so the status must be set again.
    func announceIfReconnected() {
        let connects = publisher.statistics.connects
        guard connects > announcedConnects else { return }
        announcedConnects = connects
        _ = try? publisher.publish(topic: statusTopic, payload: Array("online".utf8), qos: .atLeastOnce, retain: true)
    }

    /// Orderly shutdown: stop taking telemetry, evaluate and publish everything received, wait for
    /// the broker's acknowledgements, say `offline`, disconnect.
    func stop() {
        _ = telemetry.stop()  // closes the queue: the engine drains it and returns
        engineDone.wait()
        _ = publisher.waitForAcknowledgements(timeout: .seconds(10))
        _ = try? publisher.publish(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        _ = publisher.stop(drainTimeout: .seconds(5))
    }

    /// Starts, then blocks until SIGTERM or SIGINT, then stops in order.
    /// - Important: create `signals` before any thread starts (first thing in `run()`), so every
    ///   thread inherits the blocked mask and the signal reaches `sigtimedwait` only.
    func runUntilSignalled(_ signals: SignalWaiter, onTick: (() -> Void)? = nil) throws {
        try start()
        Console.err("hazmon: running; telemetry on \(filters.joined(separator: ", ")), status on \(statusTopic)")
        while signals.wait(milliseconds: 500) == nil {
            announceIfReconnected()
            onTick?()
        }
        Console.err("hazmon: stopping: draining the queue")
        stop()
        let stats = loop.statistics
        let rejected = loop.rejections.snapshot()
        Console.err("hazmon: stopped after \(stats.messages) messages, \(stats.samples) samples (\(stats.accepted) "
            + "evaluated, \(stats.late) late, \(stats.duplicate) duplicate), \(rejected.total) rejected, "
            + "\(stats.events) events")
    }
}

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
