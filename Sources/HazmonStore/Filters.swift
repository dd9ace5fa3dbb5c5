/// Which current alarm states to list; nil fields match everything.
public struct AlarmStateFilter: Sendable, Hashable {
    public var state: String?
    public var priority: String?
    public var enterprise: String?
    public var hazardSource: String?
    public var condition: String?

    /// A filter from the fields to match.
    public init(state: String? = nil, priority: String? = nil, enterprise: String? = nil, hazardSource: String? = nil,
                condition: String? = nil) {
        self.state = state
        self.priority = priority
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.condition = condition
    }

    var clauses: [(column: String, value: String?)] {
        [("state", state), ("priority", priority), ("enterprise", enterprise), ("hazard_source", hazardSource),
         ("condition", condition)]
    }
}

/// Which inspection tasks to list; nil fields match everything.
public struct InspectionFilter: Sendable, Hashable {
    public var status: String?
    public var enterprise: String?
    public var hazardSource: String?
    public var trigger: String?
    public var overdue: Bool?
    /// Most tasks returned (newest first).
    public var limit: Int

    /// A filter from the fields to match.
    public init(status: String? = nil, enterprise: String? = nil, hazardSource: String? = nil, trigger: String? = nil,
                overdue: Bool? = nil, limit: Int = 1000) {
        self.status = status
        self.enterprise = enterprise
        self.hazardSource = hazardSource
        self.trigger = trigger
        self.overdue = overdue
        self.limit = limit
    }

    var clauses: [(column: String, value: String?)] {
        [("status", status), ("enterprise", enterprise), ("hazard_source", hazardSource), ("trigger", trigger)]
    }
}

/// `WHERE a = ? AND b = ?` over the set fields, with the arguments in order.
func whereClause(_ clauses: [(column: String, value: String?)]) -> (sql: String, arguments: [String]) {
    let set = clauses.compactMap { clause in clause.value.map { (clause.column, $0) } }
    guard !set.isEmpty else { return ("", []) }
    return (" WHERE " + set.map { "\($0.0) = ?" }.joined(separator: " AND "), set.map(\.1))
}
