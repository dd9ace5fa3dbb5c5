import Foundation
import HazmonCore
import HazmonIngest
import HazmonIO
import HazmonMQTT
import HazmonService
import HazmonStore

/// The service's own Prometheus text lines for `/metrics` (SPEC §9): samples in, rejected by reason,
/// events by condition, queue depth, publishing, database writes, operator actions, the live stream.
/// The console appends its HTTP lines.
enum ServiceMetrics {
    static func text(loop: EngineLoop, output: DurableOutput, telemetry: MQTTClient, publisher: MQTTClient,
                     view: LiveView) -> String {
        var out = MetricsText()
        let stats = loop.statistics
        out.counter("hazmon_messages_total", "MQTT telemetry messages taken from the queue", stats.messages)
        out.counter("hazmon_samples_total", "samples decoded from telemetry", stats.samples)
        out.counter("hazmon_samples_evaluated_total", "samples the engine evaluated", stats.accepted)
        out.counter("hazmon_samples_late_total", "samples older than their tag's last one, ignored", stats.late)
        out.counter("hazmon_samples_duplicate_total", "samples repeating their tag's last time (redeliveries)",
                    stats.duplicate)
        out.header("hazmon_rejected_total", "counter", "telemetry rejected, by reason (SPEC §3)")
        for (reason, count) in loop.rejections.snapshot().byReason {
            out.sample("hazmon_rejected_total", ["reason": reason.rawValue], Double(count))
        }
        out.header("hazmon_events_total", "counter", "alarm events, by condition")
        for condition in Condition.allCases {
            out.sample("hazmon_events_total", ["condition": condition.rawValue],
                       Double(stats.eventsByCondition[condition] ?? 0))
        }
        out.counter("hazmon_operator_actions_total", "operator and inspector actions applied or refused",
                    stats.operatorActions)
        out.counter("hazmon_checkpoints_total", "engine checkpoints written", stats.checkpoints)
        out.gauge("hazmon_engine_clock_seconds", "the engine's wall clock at its last tick", Double(stats.clock) / 1000)

        let queue = telemetry.messages.snapshot
        out.gauge("hazmon_queue_depth", "telemetry messages waiting for the engine", Double(queue.depth))
        out.gauge("hazmon_queue_high_water", "the deepest the telemetry queue has been", Double(queue.highWater))
        out.gauge("hazmon_queue_capacity", "telemetry queue capacity", Double(telemetry.messages.capacity))
        let incoming = telemetry.statistics
        let outgoing = publisher.statistics
        out.gauge("hazmon_mqtt_connected", "1 while the telemetry connection is up",
                  incoming.state == .connected ? 1 : 0)
        out.counter("hazmon_mqtt_connects_total", "telemetry connections made", UInt64(incoming.connects))
        out.counter("hazmon_mqtt_publishes_total", "messages hazmon published", UInt64(outgoing.publishes))
        out.counter("hazmon_mqtt_publishes_acknowledged_total", "published messages the broker acknowledged",
                    UInt64(outgoing.publishesAcknowledged))
        out.gauge("hazmon_mqtt_publish_lag", "published messages not yet acknowledged by the broker",
                  Double(max(0, outgoing.publishes - outgoing.publishesAcknowledged)))
        let published = output.statistics
        out.counter("hazmon_publish_failures_total", "publishes the MQTT client refused", published.publishFailures)
        out.counter("hazmon_batches_not_durable_total", "batches published while the database could not be written",
                    published.nonDurableBatches)

        let writer = output.writerStatistics
        out.counter("hazmon_db_commits_total", "database transactions committed", writer.commits)
        out.counter("hazmon_db_rows_total", "database rows written", writer.rows)
        out.gauge("hazmon_db_write_seconds_last", "latency of the last database commit", writer.lastCommitSeconds)
        out.gauge("hazmon_db_write_seconds_avg", "average database commit latency", writer.averageCommitSeconds)
        out.gauge("hazmon_db_write_seconds_max", "slowest database commit", writer.maxCommitSeconds)
        out.gauge("hazmon_db_pending_batches", "batches waiting for the database writer", Double(writer.pendingBatches))
        out.gauge("hazmon_db_retained_batches", "batches kept in memory while the database fails",
                  Double(writer.retainedBatches))
        out.counter("hazmon_db_failures_total", "failed database commits", writer.failures)
        out.counter("hazmon_db_dropped_rows_total", "history rows dropped while the database failed too long",
                    writer.droppedRows)
        out.gauge("hazmon_db_failing", "1 while database writes fail", writer.failing ? 1 : 0)

        let reloads = loop.reloads.statistics
        out.counter("hazmon_reloads_applied_total", "catalog/config reloads applied", reloads.applied)
        out.counter("hazmon_reloads_refused_total", "catalog/config reloads refused as invalid", reloads.refused)
        out.gauge("hazmon_floods_active", "enterprises in an alarm flood now", Double(view.floods().count))
        out.gauge("hazmon_stream_subscribers", "live stream subscribers", Double(view.subscriberCount))
        return out.text
    }
}

/// Prometheus text exposition format, version 0.0.4.
struct MetricsText {
    private(set) var text = ""

    mutating func header(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String] = [:], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escape($0.value))\"" }
                .joined(separator: ",") + "}"
        }
        text += " \(Self.format(value))\n"
    }

    mutating func counter(_ name: String, _ help: String, _ value: UInt64) {
        header(name, "counter", help)
        sample(name, [:], Double(value))
    }

    mutating func gauge(_ name: String, _ help: String, _ value: Double) {
        header(name, "gauge", help)
        sample(name, [:], value)
    }

    private static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
