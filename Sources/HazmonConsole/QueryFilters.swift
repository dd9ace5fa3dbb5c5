import HazmonCore
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// Parses query strings into typed filters; a bad value lists the allowed ones, an unknown parameter the known ones.
///
/// Multi-valued filters take a comma-separated list (`?state=unack,ack`) or repeat the parameter
/// (`?state=unack&state=ack`); both mean "any of these".
enum QueryFilters {
    static let alarmParameters = ["state", "priority", "condition", "enterprise", "hazard_source"]
    static let inspectionParameters = ["status", "enterprise", "hazard_source", "overdue", "assignee"]

    static func alarmFilter(_ uri: URI) throws(APIError) -> AlarmFilter {
        let query = uri.queryParameters
        try rejectUnknown(query, allowed: alarmParameters)
        let states: [AlarmState] = [.normal, .unack, .ack, .rtnUnack]
        return AlarmFilter(
            states: try set(query, "state", names: states.map { ($0.name, $0) }),
            priorities: try set(query, "priority", names: Priority.allCases.map { ($0.rawValue, $0) }),
            conditions: try set(query, "condition", names: Condition.allCases.map { ($0.rawValue, $0) }),
            enterprise: try single(query, "enterprise"),
            hazardSource: try single(query, "hazard_source")
        )
    }

    static func inspectionFilter(_ uri: URI) throws(APIError) -> InspectionFilter {
        let query = uri.queryParameters
        try rejectUnknown(query, allowed: inspectionParameters)
        var overdue: Bool?
        if let text = try single(query, "overdue") {
            guard let value = Bool(text) else {
                throw .badRequest("invalid_filter", "overdue=\(text) is not allowed; use overdue=true or overdue=false")
            }
            overdue = value
        }
        return InspectionFilter(
            statuses: try set(query, "status", names: InspectionStatus.allCases.map { ($0.rawValue, $0) }),
            enterprise: try single(query, "enterprise"),
            hazardSource: try single(query, "hazard_source"),
            overdue: overdue,
            assignee: try single(query, "assignee")
        )
    }

    /// A positive integer parameter capped at `maximum`, or `fallback` when absent.
    static func limit(_ uri: URI, _ name: String, fallback: Int, maximum: Int) throws(APIError) -> Int {
        guard let text = uri.queryParameters.get(name) else { return fallback }
        guard let n = Int(text), n >= 1, n <= maximum else {
            throw .badRequest("invalid_parameter", "\(name)=\(text) is not allowed; use a whole number from 1 to \(maximum)")
        }
        return n
    }

    static func rejectUnknown(_ query: Parameters, allowed: [String]) throws(APIError) {
        for (key, _) in query where !allowed.contains(String(key)) {
            throw .badRequest(
                "unknown_parameter",
                "unknown query parameter \"\(key)\"; the filters here are: \(allowed.joined(separator: ", "))"
            )
        }
    }

    private static func single(_ query: Parameters, _ name: String) throws(APIError) -> String? {
        let values = query.getAll(name)
        guard let first = values.first else { return nil }
        guard values.count == 1, !first.isEmpty else {
            throw .badRequest("invalid_filter", "give \(name) once, with a non-empty value")
        }
        return first
    }

    private static func set<T: Hashable>(_ query: Parameters, _ name: String, names: [(String, T)]) throws(APIError)
        -> Set<T>?
    {
        let raw = query.getAll(name)
        guard !raw.isEmpty else { return nil }
        var result: Set<T> = []
        for part in raw.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let value = names.first(where: { $0.0 == part })?.1 else {
                throw .badRequest(
                    "invalid_filter",
                    "\(name)=\(part) is not allowed; use one or more of \(names.map(\.0).joined(separator: ", ")) (comma-separated)"
                )
            }
            result.insert(value)
        }
        return result
    }
}
