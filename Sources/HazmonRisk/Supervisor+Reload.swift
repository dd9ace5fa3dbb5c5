public import HazmonCore

extension Supervisor {
    /// Supervision for a reloaded catalog at `ts`, continuing this one: `engine` is the new engine (after
    /// `AlarmEngine.reloaded` and before `applyOverlayChanges`, whose events it then observes as usual).
    ///
    /// Feed this supervisor the reload's `clear` events first (with the old engine and renderer), so the
    /// alarms of removed rules end their timers and stretches; then switch. The inspection policy is
    /// carried by `InspectionPolicy.reloaded(model:settings:engine:)`, the risk windows by
    /// `RiskTracker.reloaded(engine:settings:at:)`, the grades last reported by enterprise id (so a red
    /// enterprise is not escalated again). Every enterprise is reassessed at the next `advance(to:)`.
    public func reloaded(engine: AlarmEngine, inspectionSettings: InspectionSettings, riskSettings: RiskSettings,
                         at ts: Millis) -> Supervisor {
        let policy = inspections.reloaded(model: engine.model, settings: inspectionSettings, engine: engine)
        let tracker = risk.reloaded(engine: engine, settings: riskSettings, at: ts)
        let ids = Set(engine.model.enterprises.map(\.id))
        var supervisor = Supervisor(inspections: policy, risk: tracker,
                                    lastGrades: lastGrades.filter { ids.contains($0.key) })
        supervisor.riskInterval = riskInterval
        return supervisor
    }
}
