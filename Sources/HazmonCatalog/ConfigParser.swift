import Foundation
import HazmonCore
import Yams

/// Reads `Config/hazmon.yaml`. Each top-level section has one parsing function here; a section
/// not listed in `sections` is refused, so a typo never silently falls back to a default.
enum ConfigParser {
    /// Where the config is looked for when the caller names none (relative to the working directory).
    static let defaultPath = "Config/hazmon.yaml"

    /// The sections this build understands. To add one (e.g. `mqtt`): list it here, add a field to
    /// `RuntimeConfig`, and parse it in `load` with its own function (see Config/README.md).
    static let sections = ["profiles", "lifecycle", "engine", "mqtt", "ingest", "risk", "inspections", "store", "http"]
    static let lifecycleKeys = [
        "chatter_activations", "chatter_window", "chatter_clear_after", "flood_threshold", "flood_window",
        "max_shelve",
    ]
    static let engineKeys = ["window_samples"]

    /// The explicit path, else `Config/hazmon.yaml` if it exists, else nil (built-in defaults).
    static func resolvePath(_ path: String?) -> String? {
        if let path { return path }
        return FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil
    }

    static func load(_ path: String?, diagnostics: Diagnostics) -> RuntimeConfig {
        var config = RuntimeConfig()
        guard let file = resolvePath(path) else { return config }
        config.file = file
        guard let root = YAMLSource.load(file, diagnostics: diagnostics, emptyIsMapping: true) else { return config }
        let reader = NodeReader(file: file, diagnostics: diagnostics)
        guard let fields = reader.fields(root, what: "the runtime config", allowed: sections) else { return config }

        if let node = fields["profiles"], let name = reader.text(node, what: fields.field("profiles")) {
            let profilesFile = PathText.resolve(name.value, relativeTo: file)
            config.profilesFile = profilesFile
            if FileManager.default.fileExists(atPath: profilesFile) {
                config.profiles = ProfileParser.load(profilesFile, diagnostics: diagnostics)
            } else {
                reader.report(
                    "profiles file '\(profilesFile)' not found; 'profiles' is resolved relative to this config file",
                    at: node)
            }
        }
        if let node = fields["risk"], let name = reader.text(node, what: fields.field("risk")) {
            let riskFile = PathText.resolve(name.value, relativeTo: file)
            config.riskFile = riskFile
            if FileManager.default.fileExists(atPath: riskFile) {
                config.risk = RiskConfigParser.load(riskFile, diagnostics: diagnostics)
            } else {
                reader.report("risk file '\(riskFile)' not found; 'risk' is resolved relative to this config file", at: node)
            }
        }
        if let node = fields["lifecycle"] { config.lifecycle = lifecycle(node, reader: reader) }
        if let node = fields["engine"],
            let engine = reader.fields(node, what: "section 'engine'", allowed: engineKeys),
            let samples = engine["window_samples"]
        {
            let bounds = RuleFieldsParser.windowSamplesBounds
            config.windowSamples =
                reader.integer(samples, what: engine.field("window_samples"), in: bounds)?.value ?? config.windowSamples
        }
        if let node = fields["mqtt"] { mqtt(node, reader: reader, into: &config.service, file: file) }
        if let node = fields["ingest"] { ingest(node, reader: reader, into: &config.service) }
        if let node = fields["inspections"] { config.inspections = InspectionConfigParser.parse(node, reader: reader) }
        if let node = fields["store"] { config.store = store(node, reader: reader) }
        if let node = fields["http"] { config.http = http(node, reader: reader) }
        return config
    }

    private static func mqtt(_ node: Node, reader: NodeReader, into settings: inout ServiceSettings, file: String) {
        guard let fields = reader.fields(node, what: "section 'mqtt'", allowed: ServiceSettings.mqttKeys) else { return }
        func text(_ key: String) -> String? { fields[key].flatMap { reader.text($0, what: fields.field(key))?.value } }
        func path(_ key: String) -> String? { text(key).map { PathText.resolve($0, relativeTo: file) } }
        settings.broker = text("broker")
        settings.clientID = text("client_id")
        settings.instance = text("instance")
        if let node = fields["protocol"], let version = reader.text(node, what: fields.field("protocol")) {
            if ["5", "3.1.1"].contains(version.value) {
                settings.protocolVersion = version.value
            } else {
                reader.report("protocol must be 5 or 3.1.1, not '\(version.value)'", at: node)
            }
        }
        settings.qos = fields["qos"].flatMap { reader.integer($0, what: fields.field("qos"), in: 0...1)?.value }
        settings.keepAlive = fields["keepalive"].flatMap {
            reader.duration($0, what: fields.field("keepalive"), positive: true)?.value
        }
        settings.sessionExpiry = fields["session_expiry"].flatMap {
            reader.duration($0, what: fields.field("session_expiry"))?.value
        }
        settings.username = text("username")
        settings.passwordFile = path("password_file")
        settings.caFile = path("ca_file")
        settings.certFile = path("cert_file")
        settings.keyFile = path("key_file")
    }

    private static func ingest(_ node: Node, reader: NodeReader, into settings: inout ServiceSettings) {
        guard let fields = reader.fields(node, what: "section 'ingest'", allowed: ServiceSettings.ingestKeys) else {
            return
        }
        func text(_ key: String) -> String? { fields[key].flatMap { reader.text($0, what: fields.field(key))?.value } }
        func count(_ key: String, _ bounds: ClosedRange<Int>) -> Int? {
            fields[key].flatMap { reader.integer($0, what: fields.field(key), in: bounds)?.value }
        }
        settings.sampleTopic = text("sample_topic")
        settings.batchTopic = text("batch_topic")
        settings.maxFutureSkew = fields["max_future_skew"].flatMap {
            reader.duration($0, what: fields.field("max_future_skew"))?.value
        }
        settings.maxPayloadBytes = count("max_payload", 64...(64 << 20))
        settings.queueCapacity = count("queue_capacity", 1...(1 << 24))
        settings.deadLetters = count("dead_letters", 1...1_000_000)
    }

    /// Missing keys keep SPEC §5 defaults; present ones must be sensible (a zero window would make
    /// every alarm chatter or none).
    private static func lifecycle(_ node: Node, reader: NodeReader) -> LifecyclePolicy {
        var policy = LifecyclePolicy()
        guard let fields = reader.fields(node, what: "section 'lifecycle'", allowed: lifecycleKeys) else {
            return policy
        }
        func count(_ key: String, _ bounds: ClosedRange<Int>) -> Int? {
            fields[key].flatMap { reader.integer($0, what: fields.field(key), in: bounds)?.value }
        }
        func duration(_ key: String) -> Millis? {
            fields[key].flatMap { reader.duration($0, what: fields.field(key), positive: true)?.value }
        }
        policy.chatterActivations = count("chatter_activations", 2...1_000) ?? policy.chatterActivations
        policy.chatterWindow = duration("chatter_window") ?? policy.chatterWindow
        policy.chatterClearAfter = duration("chatter_clear_after") ?? policy.chatterClearAfter
        policy.floodThreshold = count("flood_threshold", 1...1_000_000) ?? policy.floodThreshold
        policy.floodWindow = duration("flood_window") ?? policy.floodWindow
        policy.maxShelve = duration("max_shelve") ?? policy.maxShelve
        return policy
    }
}

/// Path text as users wrote it: kept relative so messages name files the way the user does.
enum PathText {
    /// `name` relative to the folder holding `file` (`Config/hazmon.yaml` + `profiles.yaml` → `Config/profiles.yaml`).
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return name }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
