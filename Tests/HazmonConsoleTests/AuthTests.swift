import HazmonConsole
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AuthTests {
    /// (route, method, body, least role that may, status when allowed) — every protected route. The unshelve
    /// of an alarm that is not shelved answers 409: the request got past authorization to the backend.
    static let routes: [(String, HTTPRequest.Method, String?, Role, Int)] = [
        ("/api/v1/me", .get, nil, .viewer, 200),
        ("/api/v1/alarms", .get, nil, .viewer, 200),
        ("/api/v1/inspections", .get, nil, .viewer, 200),
        ("/api/v1/inspections/T-1", .get, nil, .viewer, 200),
        ("/api/v1/enterprises", .get, nil, .viewer, 200),
        ("/api/v1/enterprises/E-DEMO-01", .get, nil, .viewer, 200),
        ("/api/v1/tags/E-DEMO-01/V101.PT", .get, nil, .viewer, 200),
        ("/api/v1/alarms/E-DEMO-01/V101.PT/HH/ack", .post, nil, .operator, 200),
        ("/api/v1/alarms/E-DEMO-01/GT102/H/shelve", .post, "{\"reason\":\"r\",\"duration\":\"1h\"}", .operator, 200),
        ("/api/v1/alarms/E-DEMO-01/GT102/H/unshelve", .post, nil, .operator, 409),
        ("/api/v1/inspections/T-1", .patch, "{\"assignee\":\"li.ming\"}", .inspector, 200),
        ("/api/v1/reload", .post, nil, .admin, 202),
        ("/api/v1/tags/E-DEMO-01/V101.PT/out-of-service", .post, "{\"on\":true,\"reason\":\"calibration\"}", .operator, 200),
        ("/api/v1/hazard-sources/E-DEMO-01/HS01/maintenance", .post, "{\"on\":false}", .operator, 200),
    ]

    @Test(arguments: 0..<routes.count)
    func missingOrUnknownTokenIs401WithChallenge(index: Int) async throws {
        let (uri, method, json, _, _) = Self.routes[index]
        try await Harness().test { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer not-a-token"], [.authorization: "Basic abc"]] {
                let r = try await client.execute(uri: uri, method: method, headers: headers, body: json.map(body))
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=\"hazmon\"") == true)
                #expect(r.errorCode == "unauthorized")
                #expect(!r.text.contains("not-a-token"))
            }
        }
    }

    @Test(arguments: 0..<routes.count)
    func eachRoleGetsExactlyItsRights(index: Int) async throws {
        let (uri, method, json, needed, allowed) = Self.routes[index]
        for role in Role.allCases {
            let h = Harness()
            try await h.test { client in
                let r = try await client.execute(uri: uri, method: method, headers: Harness.auth(role), body: json.map(body))
                if role.permits(needed) {
                    #expect(r.status.code == allowed, "\(role) on \(method) \(uri): \(r.text)")
                } else {
                    #expect(r.status == .forbidden, "\(role) on \(method) \(uri)")
                    let wanted = needed == .admin ? "needs the admin role" : "needs the \(needed.rawValue) (or admin) role"
                    #expect(r.errorMessage.contains(wanted))
                    #expect(r.errorMessage.contains("has the \(role.rawValue) role"))
                }
                // Writes are audited whatever the outcome, 403s included; reads never are.
                let audited = await h.backend.audits.count
                #expect(audited == (method == .get ? 0 : 1))
                if method != .get && !role.permits(needed) { #expect(await h.backend.audits.first?.outcome == .forbidden) }
            }
        }
    }

    @Test(arguments: ["/", "/console.js", "/console.css", "/healthz", "/readyz", "/metrics"])
    func openRoutesNeedNoToken(uri: String) async throws {
        try await Harness().test { client in
            let r = try await client.execute(uri: uri, method: .get)
            #expect(r.status == .ok)
        }
    }

    @Test func streamAcceptsQueryTokenButAPIDoesNot() async throws {
        let h = Harness()
        await h.backend.setFinishStreams(true)
        try await h.test { client in
            let stream = try await client.execute(uri: "/api/v1/stream?token=tok-viewer", method: .get)
            #expect(stream.status == .ok)
            let api = try await client.execute(uri: "/api/v1/alarms?token=tok-viewer", method: .get)
            #expect(api.status == .unauthorized)
        }
    }
}
