public import HazmonCore
import Yams

/// The `store` and `http` sections of the runtime config (`hazmon run`); command-line flags override them.
public struct StoreSettings: Sendable, Hashable {
    /// SQLite file, relative to the working directory (`var/hazmon.db` when absent).
    public var path: String?
    /// Cap on the database size in bytes; past it writes fail like on a full disk (nil: no cap).
    public var maxBytes: Int64?
    /// How often the engine's whole state is checkpointed.
    public var checkpointEvery: Millis?

    public init() {}

    static let keys = ["path", "max_size_mb", "checkpoint_every"]
}

/// The `http` section: the API and console of `hazmon run`.
public struct HTTPSettings: Sendable, Hashable {
    /// `host:port`, or `none` to run without HTTP (`127.0.0.1:8080` when absent).
    public var listen: String?
    /// Tokens file (hashes only), relative to the working directory (`var/tokens.jsonl` when absent).
    public var tokens: String?
    /// Samples kept per tag for the console's trend.
    public var recentSamples: Int?

    public init() {}

    static let keys = ["listen", "tokens", "recent_samples"]
}

extension ConfigParser {
    static func store(_ node: Node, reader: NodeReader) -> StoreSettings {
        var settings = StoreSettings()
        guard let fields = reader.fields(node, what: "section 'store'", allowed: StoreSettings.keys) else {
            return settings
        }
        settings.path = fields["path"].flatMap { reader.text($0, what: fields.field("path"))?.value }
        settings.maxBytes = fields["max_size_mb"].flatMap {
            reader.integer($0, what: fields.field("max_size_mb"), in: 1...16_000_000)?.value
        }.map { Int64($0) << 20 }
        settings.checkpointEvery = fields["checkpoint_every"].flatMap {
            reader.duration($0, what: fields.field("checkpoint_every"), positive: true)?.value
        }
        return settings
    }

    static func http(_ node: Node, reader: NodeReader) -> HTTPSettings {
        var settings = HTTPSettings()
        guard let fields = reader.fields(node, what: "section 'http'", allowed: HTTPSettings.keys) else {
            return settings
        }
        settings.listen = fields["listen"].flatMap { reader.text($0, what: fields.field("listen"))?.value }
        settings.tokens = fields["tokens"].flatMap { reader.text($0, what: fields.field("tokens"))?.value }
        settings.recentSamples = fields["recent_samples"].flatMap {
            reader.integer($0, what: fields.field("recent_samples"), in: 1...100_000)?.value
        }
        return settings
    }
}
