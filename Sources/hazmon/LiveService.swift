import Foundation
import HazmonCore
import HazmonIO
import HazmonIngest
import HazmonMQTT
import HazmonRisk
import HazmonService
import HazmonStore

/// Wires the live service together: the store and what it restores, the telemetry client and its
/// queue, the engine thread, the durable output stage with the publishing client and its status
/// will, and the orderly shutdown.
final class LiveService: @unchecked Sendable {
    let telemetry: MQTTClient
    let publisher: MQTTClient
    let loop: EngineLoop
    let store: HazmonStore
    let output: DurableOutput
    let view: LiveView
    let statusTopic: String
    private let filters: [String]
    private let qos: QoS
    private var engineThread: Thread?
    private let engineDone = DispatchSemaphore(value: 0)
    private var announcedConnects = 0

    init(model: EngineModel, supervision: (inspections: InspectionSettings, risk: RiskSettings), database: String,
         connection: BrokerOptions.Resolved, ingest: TelemetryDecoder.Configuration, qos: Int, queueCapacity: Int,
         options: EngineLoop.Options, printEvents: Bool) throws {
        statusTopic = OutputTopics().status(instance: connection.instance)
        var input = try connection.configuration(clientID: "in")
        input.cleanStart = false
        input.sessionExpirySeconds = connection.sessionExpirySeconds
        input.queueCapacity = queueCapacity
        var outgoing = try connection.configuration(clientID: "out")
        outgoing.cleanStart = true
        outgoing.will = MQTTClient.Will(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        telemetry = try MQTTClient(input)
        publisher = try MQTTClient(outgoing)
        filters = ingest.topics.subscriptionFilters
        self.qos = qos == 0 ? .atMostOnce : .atLeastOnce
        var observer: EngineLoop.EventObserver?
        if printEvents {
            observer = { event, renderer in Console.out(EventPrinter(renderer: renderer).line(event)) }
        }
        let clock: @Sendable () -> Millis = { WallClock.millis() }
        store = try HazmonStore.open(path: database)
        view = LiveView()
        output = DurableOutput(store: store, sink: MQTTSink(client: publisher), view: view,
                               log: { Console.err($0) })
        let restored = try RestoredState.restore(
            model: model, inspectionSettings: supervision.inspections, riskSettings: supervision.risk, store: store,
            now: clock(), warn: { Console.err($0) })
        Console.err("hazmon: restored from \(database): \(restored.summary)")
        view.restore(alarms: restored.alarms, inspections: restored.inspections, risk: restored.risk,
                     floods: restored.floods, lastSeq: restored.engine.nextSeq - 1)
        loop = EngineLoop(
            engine: restored.engine, supervisor: restored.supervisor, decoder: ingest, queue: telemetry.messages,
            output: output, options: options, now: clock, observer: observer)
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
        view.setReady(true)
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
        view.setReady(false)
        _ = telemetry.stop()  // closes the queue: the engine drains it, checkpoints and returns
        engineDone.wait()
        let notDurable = output.close()  // everything committed, then published
        if notDurable > 0 {
            Console.err("hazmon: \(notDurable) batch(es) could not be written to \(store.path); they were published")
        }
        _ = publisher.waitForAcknowledgements(timeout: .seconds(10))
        _ = try? publisher.publish(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce, retain: true)
        _ = publisher.stop(drainTimeout: .seconds(5))
    }

    /// Starts, then blocks until SIGTERM or SIGINT, then stops in order.
    /// - Important: create `signals` before any thread starts (first thing in `run()`), so every
    ///   thread inherits the blocked mask and the signal reaches `sigtimedwait` only.
    /// SIGHUP, if among `signals`, calls `onHangup` (config reload) instead of stopping.
    func runUntilSignalled(_ signals: SignalWaiter, onTick: (() -> Void)? = nil,
                           onHangup: (() -> Void)? = nil) throws {
        try start()
        Console.err("hazmon: running; telemetry on \(filters.joined(separator: ", ")), status on \(statusTopic)")
        var signal = signals.wait(milliseconds: 500)
        while signal == nil || signal == SIGHUP {
            if signal == SIGHUP { onHangup?() }
            announceIfReconnected()
            onTick?()
            signal = signals.wait(milliseconds: 500)
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
