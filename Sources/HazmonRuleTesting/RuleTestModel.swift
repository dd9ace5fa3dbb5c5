public import HazmonCatalog
public import HazmonCore

/// One parsed test file: the catalog it tests and its cases, every name already resolved to dense indices.
public struct RuleTestFile: Sendable {
    /// The file as the caller named it, for messages.
    public var path: String
    /// The catalog the cases run against, loaded exactly as `hazmon check` loads it.
    public var catalog: LoadedCatalog
    public var cases: [RuleTestCase]
}

/// How the expected events are compared with the observed ones.
public enum MatchMode: String, Sendable, Hashable {
    /// Every observed event must be expected and every expected one observed (the default).
    case exact
    /// The expected events must all be observed; others may occur too.
    case contains
}

/// One test case: inputs in time order, operator actions, and the events it must produce.
public struct RuleTestCase: Sendable {
    public var name: String
    /// Line of the case in the test file.
    public var line: Int
    /// Time 0 of the case: relative times (`90s`) count from here.
    public var start: Millis
    /// Every sample of every series, sorted by time (ties keep the order of the series in the file).
    public var samples: [Sample]
    /// Operator actions, sorted by time.
    public var actions: [OperatorAction]
    /// Where the clock is moved after the last input (for `STALE` after the data stop), if anywhere.
    public var advanceTo: Millis?
    public var match: MatchMode
    public var expected: [ExpectedEvent]
}

/// An operator action at a time, as the console would send it.
public struct OperatorAction: Sendable, Hashable {
    /// What the operator does, on which dense alarm, tag or hazard source index.
    public enum Kind: Sendable, Hashable {
        case acknowledge(alarm: Int)
        case shelve(alarm: Int, until: Millis)
        case unshelve(alarm: Int)
        case outOfService(tag: Int, on: Bool)
        case maintenance(hazardSource: Int, on: Bool)
    }

    public var ts: Millis
    public var kind: Kind
    /// Line of the action in the test file, for a refusal.
    public var line: Int
    /// How the action reads in messages, e.g. `ack E-DEMO-01/V101.LT/H`.
    public var label: String
}

/// One event a case expects; nil fields are not compared.
public struct ExpectedEvent: Sendable, Hashable {
    public var enterprise: String
    /// The tag id, a vote id for `VOTE`, `*` for floods (as in the events' `tag` field).
    public var tag: String
    public var condition: Condition
    public var transition: Transition
    public var ts: Millis
    public var state: AlarmState?
    public var priority: Priority?
    public var value: Double?
    public var annunciated: Bool?
    /// Line of the entry in the test file.
    public var line: Int

    /// Creates an expectation; unstated optional fields match anything.
    public init(
        enterprise: String, tag: String, condition: Condition, transition: Transition, ts: Millis,
        state: AlarmState? = nil, priority: Priority? = nil, value: Double? = nil, annunciated: Bool? = nil,
        line: Int = 0
    ) {
        self.enterprise = enterprise
        self.tag = tag
        self.condition = condition
        self.transition = transition
        self.ts = ts
        self.state = state
        self.priority = priority
        self.value = value
        self.annunciated = annunciated
        self.line = line
    }
}

/// One event the engine produced, by name.
public struct ObservedEvent: Sendable, Hashable {
    public var enterprise: String
    public var tag: String
    public var condition: Condition
    public var transition: Transition
    public var ts: Millis
    public var state: AlarmState
    public var priority: Priority
    public var value: Double
    public var annunciated: Bool

    /// Creates an observed event (the runner builds them from engine events).
    public init(
        enterprise: String, tag: String, condition: Condition, transition: Transition, ts: Millis,
        state: AlarmState, priority: Priority, value: Double, annunciated: Bool
    ) {
        self.enterprise = enterprise
        self.tag = tag
        self.condition = condition
        self.transition = transition
        self.ts = ts
        self.state = state
        self.priority = priority
        self.value = value
        self.annunciated = annunciated
    }
}
