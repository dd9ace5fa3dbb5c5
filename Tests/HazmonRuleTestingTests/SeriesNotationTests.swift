import HazmonCore
import HazmonRuleTesting
import Testing

/// The compact series notation, table-driven: what each form expands to and where errors point.
@Suite struct SeriesNotationTests {
    /// A step as text, so NaN compares equal to itself: `20`, `_`, `bad`, `nan`.
    static func show(_ points: [SeriesPoint]) -> [String] {
        points.map { point in
            switch point {
            case .missing: "_"
            case .sample(_, .bad): "bad"
            case .sample(let v, _) where v.isNaN: "nan"
            case .sample(let v, .uncertain): "\(v)?"
            case .sample(let v, _): "\(v)"
            }
        }
    }

    static let valid: [(String, [String])] = [
        ("20", ["20.0"]),
        ("20 21  -1.5\t1e2", ["20.0", "21.0", "-1.5", "100.0"]),
        ("20+0.5x4", ["20.0", "20.5", "21.0", "21.5", "22.0"]),
        ("50-1x3", ["50.0", "49.0", "48.0", "47.0"]),
        ("-5+2x2", ["-5.0", "-3.0", "-1.0"]),
        ("1e1+1e0x1", ["10.0", "11.0"]),
        ("10x5", ["10.0", "10.0", "10.0", "10.0", "10.0", "10.0"]),
        ("10x0", ["10.0"]),
        ("1 _ 3", ["1.0", "_", "3.0"]),
        ("_x3 7", ["_", "_", "_", "7.0"]),
        ("bad badx1 nan", ["bad", "bad", "bad", "nan"]),
        ("inf -inf", ["inf", "-inf"]),
        ("true false truex2", ["1.0", "0.0", "1.0", "1.0", "1.0"]),
        ("", []),
    ]

    @Test(arguments: valid)
    func expands(text: String, expected: [String]) throws {
        #expect(Self.show(try SeriesNotation.parse(text)) == expected)
    }

    @Test func longRampsDoNotDrift() throws {
        let points = try SeriesNotation.parse("20+0.1x1000")
        #expect(points.count == 1001)
        guard case .sample(let last, .good) = points[1000] else { Issue.record("not a sample"); return }
        #expect(last == 20 + 1000 * 0.1)
    }

    static let invalid: [(String, Int, String)] = [
        ("20 abc", 3, "is not a value"),
        ("20+x3", 3, "the step '' is not a number"),
        ("20+0.5", 0, "a step needs a count"),
        ("1 2 20x", 7, "count after 'x'"),
        ("20x-1", 3, "count after 'x'"),
        ("x3", 0, "a value must come before 'x'"),
        ("0x1p3", 2, "count after 'x'"),
        ("20x2000000", 3, "at most"),
        ("bad+1x2", 0, "is not a value"),
        ("1,5", 0, "is not a value"),
    ]

    @Test(arguments: invalid)
    func refuses(text: String, offset: Int, message: String) {
        do {
            let points = try SeriesNotation.parse(text)
            Issue.record("'\(text)' parsed as \(Self.show(points))")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
