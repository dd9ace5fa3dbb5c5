import Foundation
import HazmonCatalog
import HazmonCore
import HazmonMQTT
import HazmonService

/// Hot reload for `hazmon run` (SPEC §9): re-reads the catalog and config on SIGHUP or when any file
/// they come from changes, and hands a valid result to the engine thread, which swaps at once between
/// telemetry batches (`EngineLoop.applyReloads`). An invalid change is refused: every problem is logged
/// as `file:line:col: message`, published on `hazmon/status/{instance}/reload` (not retained), and the
/// catalog in force stays.
///
/// Runs on the main thread's signal loop: `poll()` every tick (it looks at the files every
/// `interval`), `reload(because:)` on SIGHUP. Watched: every catalog file (and, for a folder, which
/// files it holds, so an added or removed file counts), the config file (`Config/hazmon.yaml` when
/// none was given, even if it does not exist yet), and the profiles and risk files it names. A file
/// counts as changed when its size or modification time (ns) does, or it appears or disappears.
final class ConfigWatcher {
    private let sensors: String
    private let config: String?
    private let service: LiveService
    private let reloadTopic: String
    private let startupService: ServiceSettings
    private let interval: Duration
    private var lastLook = ContinuousClock.now
    private var watched: [String: FileStamp?]  // nil: watched but absent

    init(catalog: CatalogOptions, loaded: LoadedCatalog, service: LiveService, interval: Duration = .seconds(2)) {
        sensors = catalog.sensors
        config = catalog.config
        self.service = service
        reloadTopic = service.statusTopic + "/reload"  // OutputTopics.reloadStatus(instance:)
        startupService = loaded.config.service
        self.interval = interval
        watched = [:]
        watched = stamps(of: loaded)
    }

    /// Looks at the files when `interval` has passed since the last look; reloads if any changed.
    func poll() {
        guard ContinuousClock.now - lastLook >= interval else { return }
        lastLook = ContinuousClock.now
        let now = currentStamps()
        guard now != watched else { return }
        let changed = Set(now.keys).union(watched.keys).filter { now[$0] != watched[$0] }.sorted()
        reload(because: "\(changed.joined(separator: ", ")) changed")
    }

    /// The stamps of every watched file and of the catalog files there are now.
    private func currentStamps() -> [String: FileStamp?] {
        var now: [String: FileStamp?] = [:]
        for path in watched.keys { now.updateValue(FileStamp(path), forKey: path) }
        for path in catalogFiles() where now.index(forKey: path) == nil { now.updateValue(FileStamp(path), forKey: path) }
        return now
    }

    /// Loads and validates everything; applies it or refuses it.
    func reload(because reason: String) {
        Console.err("hazmon: reload (\(reason)): loading \(sensors)")
        // Taken before reading, so an edit made while loading is seen at the next look; and taken even
        // if the reload is refused, so the same broken files are not retried until they change again.
        watched = currentStamps()
        let loaded: LoadedCatalog
        do {
            loaded = try CatalogLoader.load(sensors: sensors, config: config)
        } catch {
            let errors = error.problems.map(\.description)
            for line in errors { Console.err(line) }
            Console.err("hazmon: reload refused: \(errors.count) problem(s) in the catalog or config; "
                + "the catalog in force stays")
            let ts = WallClock.millis()
            service.loop.reloads.noteRefused(ReloadInbox.Refused(errors: errors, ts: ts))
            publish(ReloadRefusal.json(errors: errors, at: ts))
            return
        }
        // The new config may name other profiles or risk files: watch them too (stamps from before the
        // load win for files already watched).
        for (path, stamp) in stamps(of: loaded) where watched.index(forKey: path) == nil {
            watched.updateValue(stamp, forKey: path)
        }
        if loaded.config.service != startupService {
            Console.err("hazmon: reload: the mqtt/ingest settings changed; they take effect at the next start")
        }
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        service.loop.reloads.submit(ReloadRequest(model: loaded.model, inspections: loaded.config.inspections,
                                                  risk: loaded.config.risk)) { outcome in
            result.set(outcome)
            done.signal()
        }
        // The engine applies it between batches (one tick at most); the wait only guards a stuck engine.
        guard done.wait(timeout: .now() + 60) == .success, let outcome = result.get() else {
            Console.err("hazmon: reload: the engine has not applied the new catalog after 60 s; it will when it can")
            return
        }
        // The reload's clears and overlay changes are committed and published before its status.
        service.output.flush()
        Console.err("hazmon: reloaded \(sensors): \(outcome.summary)")
        publish(outcome.json())
    }

    private func publish(_ json: String) {
        _ = try? service.publisher.publish(topic: reloadTopic, payload: Array(json.utf8), qos: .atLeastOnce,
                                           retain: false)
    }

    private func stamps(of loaded: LoadedCatalog) -> [String: FileStamp?] {
        var paths = Set(loaded.files).union(catalogFiles())
        paths.insert(loaded.config.file ?? config ?? "Config/hazmon.yaml")
        if let profiles = loaded.config.profilesFile { paths.insert(profiles) }
        if let risk = loaded.config.riskFile { paths.insert(risk) }
        var stamps: [String: FileStamp?] = [:]
        for path in paths { stamps.updateValue(FileStamp(path), forKey: path) }
        return stamps
    }

    /// The catalog files as `CatalogLoader` finds them (visible `*.yaml` / `*.yml`, recursively).
    private func catalogFiles() -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sensors, isDirectory: &isFolder), isFolder.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: sensors)
        else { return [sensors] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")
            else { continue }
            files.append((sensors as NSString).appendingPathComponent(relative))
        }
        return files
    }
}

/// A file's size and modification time, or its absence.
private struct FileStamp: Hashable {
    var size: Int64
    var modified: Int64

    /// nil when the file does not exist.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}

/// The engine thread's answer, read by the main thread after the semaphore.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: ReloadOutcome?
    func set(_ value: ReloadOutcome) { lock.withLock { outcome = value } }
    func get() -> ReloadOutcome? { lock.withLock { outcome } }
}
