/// What the console needs from the running service (SPEC §9): the service implements it, the console builds
/// everything HTTP around it, so this module never sees the engine's internals.
///
/// Data crosses as **already rendered JSON objects** (`String`s holding one JSON object each), so the API's
/// objects are exactly the MQTT message formats: an alarm is its latest SPEC §6 event
/// (`Alerts/alarm-event.schema.json`), an inspection task and a risk score are what `hazmon/inspections/…` and
/// `hazmon/risk/…` carry. The console only wraps them (`{"alarms": [...]}`) and never re-encodes them.
///
/// - Important: methods are called concurrently from request handlers; implementations must be thread-safe
///   (an actor, or a `Mutex` around the state). Writes (`acknowledge`, `shelve`, `unshelve`, `updateInspection`)
///   are followed by exactly one `audit` call from the console, on success and on refusal alike.
public protocol ConsoleBackend: Sendable {
    /// Current alarms (every alarm not back to `normal`, plus shelved/suppressed ones) matching `filter`,
    /// as their latest event JSON, in any order (the console sorts).
    func alarms(matching filter: AlarmFilter) async -> [String]

    /// Acknowledges an alarm; the new alarm JSON or why not.
    func acknowledge(alarm id: AlarmID, by actor: Actor, comment: String?) async -> Result<String, AlarmRefusal>

    /// Shelves an alarm for `duration` milliseconds (the service enforces its maximum); the new alarm JSON or why not.
    func shelve(alarm id: AlarmID, by actor: Actor, reason: String, duration: Int64, comment: String?) async
        -> Result<String, AlarmRefusal>

    /// Lifts a shelve; the new alarm JSON or why not.
    func unshelve(alarm id: AlarmID, by actor: Actor, comment: String?) async -> Result<String, AlarmRefusal>

    /// Inspection tasks matching `filter`, as task JSON, in any order.
    func inspections(matching filter: InspectionFilter) async -> [String]

    /// One inspection task's JSON, or nil when there is no task with that id.
    func inspection(id: String) async -> String?

    /// Applies an update to a task; the new task JSON or why not.
    func updateInspection(id: String, _ update: InspectionUpdate, by actor: Actor) async
        -> Result<String, InspectionRefusal>

    /// Every enterprise with its latest risk JSON.
    func enterprises() async -> [EnterpriseSummary]

    /// One enterprise with its risk history (oldest first, at most `historyLimit` entries); nil when unknown.
    func enterprise(id: String, historyLimit: Int) async -> EnterpriseDetail?

    /// The live view of one tag; nil when the catalog has no such tag.
    func tag(enterprise: String, tag: String, sampleLimit: Int) async -> TagView?

    /// Stream items with `seq > after`, oldest first, as far back as the service still holds them
    /// (used to resume a stream from `Last-Event-ID`).
    func events(after seq: Int64) async -> [StreamItem]

    /// Every stream item from now on, until the service stops (then the stream finishes).
    func subscribe() async -> AsyncStream<StreamItem>

    /// The service's own Prometheus text lines (`# HELP`, `# TYPE` and samples); the console appends its HTTP ones.
    func metrics() async -> String

    /// Whether the service can serve traffic (catalog loaded, store open, broker connected…).
    func readiness() async -> Readiness

    /// Takes a tag out of service or a hazard source into maintenance (or back); the alarm events it caused.
    func apply(_ change: ServiceStateChange, by actor: Actor) async -> Result<[String], AlarmRefusal>
    /// Asks the service to reload its catalog and config (as SIGHUP does); false when it cannot now.
    func requestReload(by actor: Actor) async -> Bool
    /// Records one write in the audit log (SPEC §10: who, what, when); called for successes and refusals.
    func audit(actor: String, role: Role, action: String, target: String, outcome: AuditOutcome, details: String?)
        async
}
