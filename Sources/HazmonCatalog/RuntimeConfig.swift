public import HazmonCore
public import HazmonRisk

/// Runtime settings from `Config/hazmon.yaml`: lifecycle parameters, engine sizes, rule profiles and risk settings.
public struct RuntimeConfig: Sendable {
    /// The config file read, or nil when built-in defaults are in use.
    public var file: String?
    /// The profiles file read (resolved relative to the config file), or nil when none is configured.
    public var profilesFile: String?
    /// Rule profiles by name.
    public var profiles: [String: Profile]
    /// ISA-18.2 chattering, flood and shelving parameters (SPEC §5).
    public var lifecycle: LifecyclePolicy
    /// Default ring capacity for ROC/WINDOW samples per tag; a tag's `window_samples` overrides it.
    public var windowSamples: Int
    /// MQTT and ingest settings for the live service (`mqtt` and `ingest` sections).
    public var service: ServiceSettings = ServiceSettings()
    /// The risk settings file read (`risk:`, resolved relative to the config file), or nil for the defaults.
    public var riskFile: String?
    /// Weights and thresholds of the enterprise risk score (SPEC §8), from `risk.yaml`.
    public var risk: RiskSettings = RiskSettings()
    /// Warning-triggered inspection policy (`inspections` section; SPEC §7 defaults when absent).
    public var inspections: InspectionSettings = InspectionSettings()
    /// The `store` section: database path, size cap, checkpoint interval.
    public var store = StoreSettings()
    /// The `http` section: listen address, tokens file, trend length.
    public var http = HTTPSettings()

    /// The built-in defaults: SPEC §5 lifecycle numbers, 256 window samples, no profiles.
    public init(
        file: String? = nil, profilesFile: String? = nil, profiles: [String: Profile] = [:],
        lifecycle: LifecyclePolicy = LifecyclePolicy(), windowSamples: Int = 256
    ) {
        self.file = file
        self.profilesFile = profilesFile
        self.profiles = profiles
        self.lifecycle = lifecycle
        self.windowSamples = windowSamples
    }
}
