import HazmonIngest
import Testing

@Suite struct TopicPatternTests {
    @Test(arguments: [
        ("hz/E1/T101.LT", TopicMatch(enterprise: "E1", tag: "T101.LT", isBatch: false)),
        ("hz/E1", TopicMatch(enterprise: "E1", tag: nil, isBatch: true)),
        ("hz/91320500MA1W2X3Y4Z/T-1 a", TopicMatch(enterprise: "91320500MA1W2X3Y4Z", tag: "T-1 a", isBatch: false)),
        ("hz/", TopicMatch(enterprise: "", tag: nil, isBatch: true)),
        ("hz//", TopicMatch(enterprise: "", tag: "", isBatch: false)),
    ])
    func defaultPatternsMatch(topic: String, expected: TopicMatch) {
        #expect(TopicPatterns.default.match(topic) == expected)
    }

    @Test(arguments: ["hz", "hz/E1/T1/extra", "HZ/E1/T1", "x/E1/T1", "", "/hz/E1", "hz/E1/T1/"])
    func defaultPatternsRefuse(topic: String) {
        #expect(TopicPatterns.default.match(topic) == nil)
    }

    @Test func defaultSubscriptions() {
        #expect(TopicPatterns.default.subscriptionFilters == ["hz/+/+", "hz/+"])
        #expect(TopicPatterns.default.sample == "hz/{enterprise}/{tag}")
        #expect(TopicPatterns.default.batch == "hz/{enterprise}")
    }

    @Test func customPatterns() throws {
        let patterns = try TopicPatterns(
            sample: "plant/{enterprise}/telemetry/{tag}", batch: "plant/{enterprise}/batch")
        #expect(patterns.subscriptionFilters == ["plant/+/telemetry/+", "plant/+/batch"])
        #expect(patterns.match("plant/E1/telemetry/T1") == TopicMatch(enterprise: "E1", tag: "T1", isBatch: false))
        #expect(patterns.match("plant/E1/batch") == TopicMatch(enterprise: "E1", tag: nil, isBatch: true))
        #expect(patterns.match("plant/E1/telemetry") == nil)
        #expect(patterns.match("hz/E1/T1") == nil)
    }

    @Test func tagBeforeEnterpriseAndNoBatch() throws {
        let patterns = try TopicPatterns(sample: "{tag}/at/{enterprise}", batch: nil)
        #expect(patterns.subscriptionFilters == ["+/at/+"])
        #expect(patterns.match("T1/at/E1") == TopicMatch(enterprise: "E1", tag: "T1", isBatch: false))
        #expect(patterns.match("E1") == nil)
    }

    /// Both match `hz/E1/batch`: the batch pattern has the extra literal level, so it wins, and
    /// `hz/+/+` already covers `hz/+/batch`, so one subscription is enough.
    @Test func overlappingPatternsPreferTheBatch() throws {
        let patterns = try TopicPatterns(sample: "hz/{enterprise}/{tag}", batch: "hz/{enterprise}/batch")
        #expect(patterns.match("hz/E1/batch") == TopicMatch(enterprise: "E1", tag: nil, isBatch: true))
        #expect(patterns.match("hz/E1/T1") == TopicMatch(enterprise: "E1", tag: "T1", isBatch: false))
        #expect(patterns.subscriptionFilters == ["hz/+/+"])
    }

    @Test(arguments: [
        ("", "hz/{enterprise}", TopicPatternError.Code.empty, "is empty"),
        (
            "hz/{enterprise}/{enterprise}/{tag}", "hz/{enterprise}", .repeatedPlaceholder,
            "{enterprise} appears more than once"
        ),
        ("hz/{enterprise}/{tag}/{tag}", "hz/{enterprise}", .repeatedPlaceholder, "{tag} appears more than once"),
        ("hz/{tag}", "hz/{enterprise}", .missingEnterprise, "has no {enterprise} level"),
        ("hz/{enterprise}", "hz/{enterprise}/b", .missingTag, "needs a {tag} level"),
        ("hz/e-{enterprise}/{tag}", "hz/{enterprise}", .partialPlaceholder, "a placeholder must be a whole level"),
        ("hz/{enterprise}/{tag}x", "hz/{enterprise}", .partialPlaceholder, "mixes a placeholder"),
        ("hz/{site}/{enterprise}/{tag}", "hz/{enterprise}", .unknownPlaceholder, "only {enterprise} and {tag} are"),
        ("hz/+/{enterprise}/{tag}", "hz/{enterprise}", .wildcard, "MQTT wildcard"),
        ("hz/{enterprise}/{tag}/#", "hz/{enterprise}", .wildcard, "MQTT wildcard"),
        ("hz/{enterprise}/{tag}", "hz/{enterprise}/{tag}", .tagInBatch, "cannot hold {tag}"),
        ("hz/{enterprise}/{tag}", "hz/all", .missingEnterprise, "has no {enterprise} level"),
        ("hz/{enterprise}/{tag}", "", .empty, "is empty; the default is 'hz/{enterprise}'"),
    ])
    func invalidPatterns(sample: String, batch: String, code: TopicPatternError.Code, message: String) {
        do {
            _ = try TopicPatterns(sample: sample, batch: batch)
            Issue.record("accepted \(sample) + \(batch)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("topic pattern '\(error.pattern)': "))
        }
    }
}
