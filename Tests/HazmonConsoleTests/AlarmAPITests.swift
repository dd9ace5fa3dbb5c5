import HazmonConsole
import HazmonCore
import HazmonIO
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AlarmAPITests {
    @Test(arguments: [
        ("", ["E-DEMO-02/T202.TT/HH", "E-DEMO-01/V101.PT/HH", "E-DEMO-01/GT102/H"]),
        ("?state=unack", ["E-DEMO-02/T202.TT/HH", "E-DEMO-01/V101.PT/HH"]),
        ("?priority=high,medium", ["E-DEMO-01/V101.PT/HH", "E-DEMO-01/GT102/H"]),
        ("?priority=high&priority=critical", ["E-DEMO-02/T202.TT/HH", "E-DEMO-01/V101.PT/HH"]),
        ("?enterprise=E-DEMO-01&condition=H", ["E-DEMO-01/GT102/H"]),
        ("?hazard_source=HS02", ["E-DEMO-02/T202.TT/HH"]),
        ("?state=normal", []),
    ])
    func listFiltersAndSortsByPriority(query: String, expected: [String]) async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/alarms" + query, method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .ok)
            #expect(r.json?["alarms"]?.arrayValue.compactMap { $0["id"]?.stringValue } == expected)
            #expect(r.json?["count"] == .number(Double(expected.count)))
        }
    }

    @Test(arguments: [
        ("?state=active", "invalid_filter", "normal, unack, ack, rtn_unack"),
        ("?priority=urgent", "invalid_filter", "critical, high, medium, low"),
        ("?condition=HIGH", "invalid_filter", "HH, H, L, LL"),
        ("?sate=unack", "unknown_parameter", "state, priority, condition, enterprise, hazard_source"),
    ])
    func badFilterListsAllowedValues(query: String, code: String, allowed: String) async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/alarms" + query, method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .badRequest)
            #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(r.errorCode == code)
            #expect(r.errorMessage.contains(allowed))
        }
    }

    @Test func ackChangesStateAndIsAudited() async throws {
        let h = Harness()
        try await h.test { client in
            let r = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/V101.PT/HH/ack", method: .post, headers: Harness.auth(.operator))
            #expect(r.status == .ok)
            #expect(r.json?["state"] == .string("ack"))
            #expect(r.json?["actor"] == .string("operator:operator.user"))
            let again = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/V101.PT/HH/ack", method: .post, headers: Harness.auth(.operator))
            #expect(again.status == .conflict)
            #expect(again.errorCode == "invalid_transition")
            #expect(again.errorMessage.contains("already acknowledged"))
        }
        #expect(await h.backend.alarm("E-DEMO-01/V101.PT/HH")?.state == .ack)
        #expect(await h.backend.audits.map(\.outcome) == [.success, .refused])
        #expect(await h.backend.audits.first?.action == "alarm.ack")
        #expect(await h.backend.audits.first?.target == "E-DEMO-01/V101.PT/HH")
    }

    @Test func percentEncodedSegmentsAddressTheAlarm() async throws {
        try await Harness().test { client in
            let r = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/V101%2EPT/HH/ack", method: .post, headers: Harness.auth(.admin))
            #expect(r.status == .ok)
        }
    }

    @Test(arguments: [
        ("{\"reason\":\"sensor swap WP-031\",\"duration\":\"2h\"}", 200, nil as String?),
        ("{\"reason\":\"sensor swap\",\"duration\":7200}", 200, nil),
        ("{\"reason\":\"sensor swap\",\"duration\":\"13h\"}", 422, "shelve_too_long"),
        ("{\"duration\":\"2h\"}", 400, "invalid_body"),
        ("{\"reason\":\"x\",\"duration\":\"soon\"}", 400, "invalid_body"),
        ("{\"reason\":\"x\",\"duration\":-5}", 400, "invalid_body"),
        ("{\"reason\":\"x\",\"duration\":\"1h\",\"resaon\":1}", 400, "invalid_body"),
        ("not json", 400, "invalid_json"),
    ])
    func shelveValidatesBody(json: String, status: Int, code: String?) async throws {
        let h = Harness()
        try await h.test { client in
            let r = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/GT102/H/shelve", method: .post, headers: Harness.auth(.operator),
                body: body(json))
            #expect(r.status.code == status, "\(r.text)")
            #expect(r.errorCode == code)
            if status == 200 { #expect(r.json?["shelved"] == .bool(true)) }
        }
        let outcome: AuditOutcome = status == 200 ? .success : status == 422 ? .refused : .invalid
        #expect(await h.backend.audits.map(\.outcome) == [outcome])
    }

    @Test func unshelveAfterShelveAndRefusals() async throws {
        let h = Harness()
        try await h.test { client in
            let notShelved = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/GT102/H/unshelve", method: .post, headers: Harness.auth(.operator))
            #expect(notShelved.status == .conflict)
            _ = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/GT102/H/shelve", method: .post, headers: Harness.auth(.operator),
                body: body("{\"reason\":\"maintenance\",\"duration\":\"30m\"}"))
            let r = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/GT102/H/unshelve", method: .post, headers: Harness.auth(.operator),
                body: body("{\"comment\":\"done\"}"))
            #expect(r.status == .ok)
            #expect(r.json?["shelved"] == .bool(false))
            let unknown = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/NOPE/HH/ack", method: .post, headers: Harness.auth(.operator))
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "unknown_alarm")
            let badCondition = try await client.execute(
                uri: "/api/v1/alarms/E-DEMO-01/GT102/HIGH/ack", method: .post, headers: Harness.auth(.operator))
            #expect(badCondition.status == .badRequest)
            #expect(badCondition.errorMessage.contains("HH, H, L, LL"))
        }
        #expect(await h.backend.audits.map(\.outcome) == [.refused, .success, .success, .refused, .invalid])
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/alarmz", method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .notFound)
            #expect(r.errorCode == "not_found")
        }
    }
}
