public import HazmonCore
import HazmonIO

/// What a catalog reload did, as the engine thread reports it.
public struct ReloadOutcome: Sendable, Hashable {
    /// Alarms whose state moved over whole (unchanged rules).
    public var carried: Int
    /// Alarms whose rule changed: lifecycle kept, delay tracking restarted.
    public var reset: Int
    /// Alarms new to the catalog.
    public var added: Int
    /// Alarms that left the catalog.
    public var removed: Int
    /// `clear` events written for removed alarms that were not normal.
    public var cleared: Int
    /// Alarms whose `out_of_service` / `maintenance` overlay changed with the catalog.
    public var overlayChanges: Int
    /// When the new catalog took over (wall clock, never before the engine's clock).
    public var ts: Millis

    /// An outcome with the given counts.
    public init(carried: Int, reset: Int, added: Int, removed: Int, cleared: Int, overlayChanges: Int, ts: Millis) {
        self.carried = carried
        self.reset = reset
        self.added = added
        self.removed = removed
        self.cleared = cleared
        self.overlayChanges = overlayChanges
        self.ts = ts
    }

    /// The success message for `hazmon/status/{instance}/reload`:
    /// `{"ok":true,"carried":n,"reset":n,"added":n,"removed":n,"cleared":n,"overlay_changes":n,"ts":"…"}`.
    public func json() -> String {
        "{\"ok\":true,\"carried\":\(carried),\"reset\":\(reset),\"added\":\(added),\"removed\":\(removed),"
            + "\"cleared\":\(cleared),\"overlay_changes\":\(overlayChanges),\"ts\":\"\(Timestamps.rfc3339(ts))\"}"
    }

    /// The log line of a successful reload.
    public var summary: String {
        "\(carried) alarm(s) carried, \(reset) reset (rule changed), \(added) added, \(removed) removed "
            + "(\(cleared) cleared), \(overlayChanges) overlay change(s)"
    }
}

/// The refusal message for `hazmon/status/{instance}/reload`: `{"ok":false,"errors":["file:line:col: …"],"ts":"…"}`.
public enum ReloadRefusal {
    /// The JSON of a refused reload with its errors, in order.
    public static func json(errors: [String], at ts: Millis) -> String {
        var out = "{\"ok\":false,\"errors\":["
        for (i, error) in errors.enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(error, to: &out)
        }
        out += "],\"ts\":\"\(Timestamps.rfc3339(ts))\"}"
        return out
    }
}

extension OutputTopics {
    /// `hazmon/status/{instance}/reload`: the outcome of each catalog reload (not retained).
    public func reloadStatus(instance: String) -> String { "\(status(instance: instance))/reload" }
}
