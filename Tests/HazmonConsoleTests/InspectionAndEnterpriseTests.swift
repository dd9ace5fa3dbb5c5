import HazmonConsole
import HazmonIO
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct InspectionAndEnterpriseTests {
    @Test(arguments: [
        ("", ["T-1", "T-2"]),
        ("?status=open", ["T-1"]),
        ("?status=in_progress,closed", ["T-2"]),
        ("?overdue=true", ["T-2"]),
        ("?enterprise=E-DEMO-01&hazard_source=HS01", ["T-1"]),
    ])
    func listFilters(query: String, ids: [String]) async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/inspections" + query, method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .ok)
            #expect(r.json?["inspections"]?.arrayValue.compactMap { $0["id"]?.stringValue } == ids)
        }
    }

    @Test(arguments: [
        ("?status=done", "open, acknowledged, in_progress, closed, cancelled"),
        ("?overdue=yes", "overdue=true or overdue=false"),
    ])
    func badInspectionFilter(query: String, hint: String) async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/inspections" + query, method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .badRequest)
            #expect(r.errorMessage.contains(hint))
        }
    }

    @Test func getOneAndUnknown() async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: "/api/v1/inspections/T-2", method: .get, headers: Harness.auth(.viewer))
            #expect(r.json?["status"] == .string("in_progress"))
            let missing = try await client.execute(uri: "/api/v1/inspections/T-9", method: .get, headers: Harness.auth(.viewer))
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "unknown_task")
        }
    }

    @Test(arguments: [
        ("T-1", "{\"status\":\"acknowledged\",\"assignee\":\"li.ming\"}", 200, AuditOutcome.success),
        ("T-1", "{\"status\":\"closed\"}", 409, .refused),
        ("T-2", "{\"status\":\"closed\"}", 422, .refused),
        ("T-2", "{\"status\":\"closed\",\"findings\":{\"hazard_confirmed\":true,\"note\":\"阀门泄漏\"}}", 200, .success),
        ("T-9", "{\"status\":\"acknowledged\"}", 404, .refused),
        ("T-1", "{}", 400, .invalid),
        ("T-1", "{\"status\":\"finished\"}", 400, .invalid),
        ("T-1", "{\"findings\":{\"note\":\"x\"}}", 400, .invalid),
    ])
    func patchUpdatesAndRefuses(id: String, json: String, status: Int, outcome: AuditOutcome) async throws {
        let h = Harness()
        try await h.test { client in
            let r = try await client.execute(
                uri: "/api/v1/inspections/\(id)", method: .patch, headers: Harness.auth(.inspector), body: body(json))
            #expect(r.status.code == status, "\(r.text)")
            if status == 200 { #expect(r.json?["id"] == .string(id)) } else { #expect(r.errorCode != nil) }
        }
        let audits = await h.backend.audits
        #expect(audits.map(\.outcome) == [outcome])
        #expect(audits.first?.action == "inspection.update")
        #expect(audits.first?.actor == "inspector.user")
    }

    @Test func enterprisesWithRiskAndDetailWithHistory() async throws {
        try await Harness().test { client in
            let list = try await client.execute(uri: "/api/v1/enterprises", method: .get, headers: Harness.auth(.viewer))
            let first = list.json?["enterprises"]?.arrayValue.first
            #expect(first?["id"] == .string("E-DEMO-01"))
            #expect(first?["risk"]?["grade"] == .string("orange"))
            let one = try await client.execute(
                uri: "/api/v1/enterprises/E-DEMO-01?history=1", method: .get, headers: Harness.auth(.viewer))
            #expect(one.json?["risk"]?["factors"]?.arrayValue.count == 4)
            #expect(one.json?["history"]?.arrayValue.count == 1)
            let bad = try await client.execute(
                uri: "/api/v1/enterprises/E-DEMO-01?history=0", method: .get, headers: Harness.auth(.viewer))
            #expect(bad.status == .badRequest)
            let missing = try await client.execute(uri: "/api/v1/enterprises/E-X", method: .get, headers: Harness.auth(.viewer))
            #expect(missing.errorCode == "unknown_enterprise")
        }
    }

    @Test func tagViewHasLimitsAlarmsAndSamples() async throws {
        try await Harness().test { client in
            let r = try await client.execute(
                uri: "/api/v1/tags/E-DEMO-01/V101.PT?samples=10", method: .get, headers: Harness.auth(.viewer))
            #expect(r.status == .ok)
            #expect(r.json?["limits"]?["HH"] == .number(1.6))
            #expect(r.json?["quality"] == .string("good"))
            #expect(r.json?["samples"]?.arrayValue.count == 10)
            #expect(r.json?["samples"]?.arrayValue.first?.arrayValue.count == 3)
            #expect(r.json?["active_alarms"]?.arrayValue.count == 1)
            let missing = try await client.execute(uri: "/api/v1/tags/E-DEMO-01/X", method: .get, headers: Harness.auth(.viewer))
            #expect(missing.errorCode == "unknown_tag")
        }
    }
}
