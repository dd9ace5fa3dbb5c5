import HazmonCore
import HazmonIO

extension RiskAssessment {
    /// The message published retained on `hazmon/risk/{enterprise}` (one JSON object, no newline);
    /// the contract is `Alerts/risk-score.schema.json`. Scores and points carry one decimal.
    public func json() -> String {
        var out = "{\"enterprise\":"
        out.reserveCapacity(2048)
        JSONText.appendString(enterprise, to: &out)
        out += ",\"enterprise_name\":"
        JSONText.appendString(enterpriseName, to: &out)
        out += ",\"ts\":\"\(Timestamps.rfc3339(ts))\",\"score\":\(Self.tenths(score))"
        out += ",\"grade\":\"\(grade.rawValue)\",\"score_grade\":\"\(scoreGrade.rawValue)\""
        out += ",\"class\":\"\(supervisionClass.rawValue)\",\"class_label\":"
        JSONText.appendString(supervisionClass.label, to: &out)
        out += ",\"inspection_frequency\":"
        JSONText.appendString(frequency.text, to: &out)
        out += ",\"inspections_per_year\":\(frequency.perYear),\"forced_red\":["
        for (i, reason) in forcedRed.enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(reason.text, to: &out)
        }
        out += "],\"forced_red_codes\":["
        out += forcedRed.map { "\"\($0.code)\"" }.joined(separator: ",")
        out += "],\"factors\":["
        for (i, factor) in factors.enumerated() {
            if i > 0 { out += "," }
            out += "{\"id\":\"\(factor.id.rawValue)\",\"group\":\"\(factor.group.rawValue)\""
            out += ",\"points\":\(Self.tenths(factor.points)),\"max_points\":\(Self.tenths(factor.maxPoints))"
            out += ",\"inputs\":{"
            for (j, input) in factor.inputs.enumerated() {
                if j > 0 { out += "," }
                JSONText.appendString(input.name, to: &out)
                out += ":"
                switch input.value {
                case .number(let x): JSONText.appendNumber(x, to: &out)
                case .text(let text): JSONText.appendString(text, to: &out)
                case .flag(let flag): out += flag ? "true" : "false"
                case .none: out += "null"
                }
            }
            out += "},\"explanation\":"
            JSONText.appendString(factor.explanation, to: &out)
            out += "}"
        }
        out += "]}"
        return out
    }

    /// `72.5`, `100.0`: one decimal, rounded to the nearest tenth.
    static func tenths(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        let t = Int64((x * 10).rounded())
        let sign = t < 0 ? "-" : ""
        return "\(sign)\(abs(t) / 10).\(abs(t) % 10)"
    }
}
