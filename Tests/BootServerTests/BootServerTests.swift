import Fleet
import Foundation
import Orchestration
import Testing

/// The boot server over real sockets: scripts per state, the lifecycle driven by callbacks, refusals.
@Suite(.serialized)
struct BootServerTests {
    static let hosts = """
          - {mac: "08:00:27:4d:4d:aa", name: centos01, profile: rocky9, ip: 10.0.0.5/24, extra_macs: ["08:00:27:4d:4d:ab"]}
          - {mac: "08:00:27:b2:40:3e", name: W2K8-WEB01, profile: w2k8r2}
          - {mac: "00:19:b9:41:2c:b9", name: dell-745, profile: rocky9, mode: localboot}
          - {mac: "00:19:b9:41:2c:c0", name: dell-746, profile: rocky9, mode: disabled}

        """
    static let centos = "08-00-27-4d-4d-aa"

    func tokenOf(_ server: LiveServer, _ mac: String) throws -> String {
        try HostQueries(session: server.session()).token(of: try MACAddress(mac))
    }

    @Test func everyStateGetsItsOwnScript() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let install = try await server.get("/boot?mac=08%3a00%3a27%3a4d%3a4d%3aab&platform=efi&buildarch=x86_64&uuid=4c4c4544-0051")
            #expect(install.status == 200 && install.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(install.text.contains("inst.ks=http://127.0.0.1:8069/ks/08-00-27-4d-4d-ab.ks"), "the second NIC gets its own kickstart")
            #expect(install.text.contains("kernel http://127.0.0.1:8069/files/os/r9/vmlinuz initrd=initrd.img"))
            let windows = try await server.get("/boot?mac=08-00-27-B2-40-3E")
            #expect(windows.text.contains("set 210:string http://127.0.0.1:8069/tftp/\nchain http://127.0.0.1:8069/tftp/pxelinux.0\n"))
            let local = try await server.get("/boot?mac=0019.b941.2cb9")
            #expect(local.text.hasSuffix("boots from its local disk\nsanboot --no-describe --drive 0x80 || exit\n"))
            let disabled = try await server.get("/boot?mac=00:19:b9:41:2c:c0&platform=efi")
            #expect(disabled.text.hasSuffix("is disabled; booting from the local disk\nexit\n"))
            let unknown = try await server.get("/boot?mac=52:54:00:00:00:01")
            #expect(unknown.status == 200, "iPXE must not stop on an unknown machine")
            #expect(unknown.text.contains("no host has the NIC 52:54:00:00:00:01"))
            let blank = try await server.get("/boot?mac=08:00:27:4d:4d:aa&uuid=&platform=&buildarch=")
            #expect(blank.status == 200, "settings an iPXE build lacks arrive empty and count as not given")
            let chain = try await server.get("/boot.ipxe")
            #expect(chain.text.contains("chain --autofree http://127.0.0.1:8069/boot?mac=${netX/mac}"))
            // Fetching the install script is the booting step; the local-boot host stays idle.
            #expect(try await server.eventually { try server.hosts().first { $0.host.name == "centos01" }?.state == .booting })
            #expect(try server.hosts().first { $0.host.name == "dell-745" }?.state == .idle)
        }
    }

    @Test(arguments: [
        ("/boot", "/boot needs ?mac=${netX/mac}"), ("/boot?mac=zz:zz", "mac: 'zz:zz' is not a MAC address"),
        ("/boot?mac=08:00:27:4d:4d:aa&platform=amiga", "platform: 'amiga' is not pcbios or efi"),
        ("/boot?mac=08:00:27:4d:4d:aa&buildarch=%0a", "buildarch: '\\n' is not an iPXE build architecture"),
        ("/boot?mac=08:00:27:4d:4d:aa&uuid=x;reboot", "uuid: 'x;reboot' is not a UUID"),
    ])
    func malformedBootQueriesAreRefused(_ target: String, _ message: String) async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let reply = try await server.get(target)
            #expect(reply.status == 400)
            #expect(reply.text == "ZeroTouch: \(message)\n")
            #expect(try server.hosts().allSatisfy { $0.state != .booting }, "a refused request changes nothing")
        }
    }

    @Test func aWholeInstallDrivenByCallbacksFlipsToLocalBootAndEndsWithoutSecrets() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let token = try tokenOf(server, "08:00:27:4d:4d:aa")
            let kickstart = try #require(server.file("http/ks/\(Self.centos).ks"))
            #expect(kickstart.contains("Bearer \(token)"), "the kickstart carries the token the server checks")
            let started = try await server.post(Self.centos, #"{"event": "started", "message": "anaconda %pre"}"#, token: token)
            #expect(started.status == 200, "\(started.text)")
            #expect(started.text.contains(#""state":"installing""#) && started.text.contains(#""mode":"localboot""#))
            #expect(server.file("tftp/pxelinux.cfg/01-\(Self.centos)")?.contains("LOCALBOOT 0") == true, "the pxelinux entry flipped at once")
            #expect(server.file("tftp/pxelinux.cfg/01-08-00-27-4d-4d-ab")?.contains("LOCALBOOT 0") == true, "every NIC's entry")
            #expect(try await server.get("/boot?mac=08:00:27:4d:4d:aa").text.contains("sanboot"), "and the iPXE answer")
            #expect(try await server.get("/ks/\(Self.centos).ks").text == kickstart, "the install still reads its kickstart")
            let plan = try FleetApply(session: server.session()).run()
            #expect(plan.fileChanges.filter(\.isChange).isEmpty, "an apply meanwhile neither re-arms the host nor takes its install files")

            #expect(try await server.post(Self.centos, #"{"event": "started"}"#, token: token).status == 409, "a replay changes nothing")
            #expect(try await server.post(Self.centos, #"{"event": "done"}"#, token: token).status == 200)
            #expect(try await server.post(Self.centos, #"{"event": "booting"}"#, token: token).status == 409, "events never move a host back")
            let ready = try await server.post(Self.centos, #"{"event": "ready", "message": "first boot"}"#, token: token)
            #expect(ready.status == 200 && ready.text.contains(#""state":"ready""#))
            #expect(server.file("http/ks/\(Self.centos).ks") == nil, "a ready host's kickstart (root hash, token) is gone")
            #expect(try await server.get("/ks/\(Self.centos).ks").status == 404)

            let detail = try await server.get("/api/v1/hosts/08:00:27:4d:4d:ab")
            let timeline = try #require(try JSONSerialization.jsonObject(with: Data(detail.body)) as? [String: Any])["timeline"] as? [[String: Any]]
            let details = timeline?.compactMap { $0["detail"] as? String } ?? []
            #expect(details.suffix(3) == ["started (callback): anaconda %pre", "done (callback)", "ready (callback): first boot"])
            let metrics = try await server.get("/metrics").text
            #expect(metrics.contains(#"zerotouch_events_total{source="callback",outcome="accepted"} 3"#))
            #expect(metrics.contains(#"zerotouch_hosts{state="ready"} 1"#))

            // The operator arms it again: install entry and kickstart come back.
            _ = try Lifecycle(session: server.session()).arm(try MACAddress("08:00:27:4d:4d:aa"))
            #expect(server.file("http/ks/\(Self.centos).ks") == kickstart)
            #expect(try await server.eventually { try await server.get("/boot?mac=08:00:27:4d:4d:aa").text.contains("inst.ks=") })
        }
    }

    /// `/boot` is answered in the pipeline itself (BootFastPath); on a kept-alive connection with
    /// requests pipelined before and after it, every response still comes back in request order.
    @Test func pipelinedRequestsAreAnsweredInOrderAroundTheBootFastPath() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let requests = ["/api/v1/hosts", "/boot?mac=08:00:27:4d:4d:aa", "/boot?mac=00:19:b9:41:2c:b9", "/metrics", "/boot?mac=zz"]
            var bytes = requests.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
            bytes += "GET /boot?mac=00:19:b9:41:2c:c0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let port = server.port, pipelined = Array(bytes.utf8)
            let reply = try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try RawHTTP.exchange(port: port, pipelined) }) }.start()
            }
            let text = String(decoding: reply, as: UTF8.self)
            let markers = ["\"name\":\"centos01\"", "centos01 install", "boots from its local disk", "zerotouch_hosts", "is not a MAC address", "is disabled"]
            let positions = markers.map { text.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "every request was answered: \(text.prefix(400))")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "in request order")
            #expect(text.components(separatedBy: "HTTP/1.1 ").count - 1 == 6, "one response each")
            #expect(text.contains("HTTP/1.1 400 Bad Request"), "a refused /boot keeps its status")
        }
    }

    /// A boot storm's connections come and go by the thousand: each must be closed when its client
    /// is done, or the server runs out of descriptors after a few storms.
    @Test func aClientThatHalfClosesGetsItsAnswersAndTheConnectionCloses() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let port = server.port
            let bytes = Array((["/boot?mac=08:00:27:4d:4d:aa", "/boot?mac=00:19:b9:41:2c:b9"].map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()).utf8)
            let reply = try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try RawHTTP.exchange(port: port, bytes, halfClose: true, patience: 5) }) }.start()
            }
            let text = String(decoding: reply, as: UTF8.self)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 2, "both answered: \(text.prefix(300))")
            #expect(text.contains("centos01 install") && text.contains("boots from its local disk"))
        }
    }

    @Test func aRequestThatIsNotHTTPGetsABadRequestAndTheConnectionCloses() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let port = server.port
            for garbage in ["GET /boot?mac=08:00:27:4d:4d:aa HTTP/1.1\r\nHost x\r\n\r\n", "\u{01}\u{02} nonsense\r\n\r\n"] {
                let reply = try await withCheckedThrowingContinuation { continuation in
                    Thread { continuation.resume(with: Result { try RawHTTP.exchange(port: port, Array(garbage.utf8)) }) }.start()
                }
                #expect(try RawHTTP.parse(reply).status == 400, "\(garbage.debugDescription)")
            }
        }
    }

    @Test func anEarlyReadyIsRefusedAndTheInstallFilesStay() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let token = try tokenOf(server, "08:00:27:4d:4d:aa")
            let kickstart = try #require(server.file("http/ks/\(Self.centos).ks"))
            for event in ["ready", "applied"] {
                let early = try await server.post(Self.centos, #"{"event": "\#(event)"}"#, token: token)
                #expect(early.status == 409, "\(event) on an armed host: \(early.text)")
            }
            #expect(try await server.post(Self.centos, #"{"event": "started"}"#, token: token).status == 200)
            let ready = try await server.post(Self.centos, #"{"event": "ready"}"#, token: token)
            #expect(ready.status == 409 && ready.text.contains("after the install finished"), "\(ready.text)")
            #expect(server.file("http/ks/\(Self.centos).ks") == kickstart, "the install still needs its kickstart")
            #expect(try server.hosts().first { $0.host.name == "centos01" }?.state == .installing)
        }
    }

    @Test func aFailureReArmsOnceThenStaysFailed() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let token = try tokenOf(server, "08:00:27:4d:4d:aa")
            for round in 1...2 {
                #expect(try await server.post(Self.centos, #"{"event": "started"}"#, token: token).status == 200)
                let failed = try await server.post(Self.centos, #"{"event": "failed", "message": "disk"}"#, token: token)
                #expect(failed.text.contains(round == 1 ? #""state":"armed""# : #""state":"failed""#), "install_retries: 1")
            }
            #expect(server.file("http/ks/\(Self.centos).ks") == nil)
            #expect(try await server.post(Self.centos, #"{"event": "started"}"#, token: token).status == 409)
        }
    }

    @Test func badCallbacksAreRefusedAndChangeNothing() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let token = try tokenOf(server, "08:00:27:4d:4d:aa")
            let other = try tokenOf(server, "08:00:27:b2:40:3e")
            let timelineBefore = try await server.get("/api/v1/hosts/\(Self.centos)").text
            let cases: [(String, String, String?, Int, String)] = [
                (Self.centos, #"{"event": "started"}"#, nil, 401, "missing or wrong token for 08:00:27:4d:4d:aa; 'zerotouch host token"),
                (Self.centos, #"{"event": "started"}"#, other, 401, "missing or wrong token"),
                (Self.centos, #"{"event": "started"}"#, String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0"), 401, "missing or wrong token"),
                (Self.centos, #"{"event": "rebooted"}"#, token, 400, "event 'rebooted' is not one of booting, started, applied, done, ready, failed"),
                (Self.centos, #"{"event": "started", "extra": 1}"#, token, 400, "the body has the unknown key 'extra'; it takes event and message"),
                (Self.centos, #"{"event": "started""#, token, 400, "the body is not a JSON object"),
                (Self.centos, #"["started"]"#, token, 400, "the body is not a JSON object"),
                (Self.centos, #"{"message": "hi"}"#, token, 400, "the body has no \"event\" text"),
                (Self.centos, #"{"event": "started", "message": "\#(String(repeating: "x", count: 5000))"}"#, token, 413, "the body is over 4096 bytes"),
                ("52-54-00-00-00-01", #"{"event": "started"}"#, token, 404, "no host has the NIC 52:54:00:00:00:01"),
                ("not-a-mac", #"{"event": "started"}"#, token, 400, "the path names no MAC address: 'not-a-mac'"),
            ]
            for (mac, body, presented, status, message) in cases {
                let reply = try await server.post(mac, body, token: presented)
                #expect(reply.status == status, "\(mac) \(body.prefix(40)): \(reply.text)")
                #expect(reply.text.hasPrefix("ZeroTouch: ") && reply.text.contains(message), "\(reply.text)")
                #expect(!reply.text.contains(token), "a token is never echoed")
            }
            #expect(try await server.get("/api/v1/hosts/\(Self.centos)").text == timelineBefore, "no event row, no state change")
            let record = try #require(try server.hosts().first { $0.host.name == "centos01" })
            #expect(record.state == .armed && record.host.mode == .install)
            #expect(server.file("tftp/pxelinux.cfg/01-\(Self.centos)")?.contains("inst.ks=") == true)
        }
    }

    @Test func filesAreServedWithRangesAndNeverFromOutsideTheirFolder() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
            try FileManager.default.createDirectory(atPath: server.folder + "/http/os/r9", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: server.folder + "/http/os/r9/vmlinuz"))
            try "secret".write(toFile: server.folder + "/outside", atomically: true, encoding: .utf8)

            let whole = try await server.get("/files/os/r9/vmlinuz")
            #expect(whole.status == 200 && whole.body == bytes && whole.headers["content-length"] == "300000")
            #expect(whole.headers["accept-ranges"] == "bytes")
            let part = try await server.get("/files/os/r9/vmlinuz", headers: ["Range": "bytes=1000-1999"])
            #expect(part.status == 206 && part.body == Array(bytes[1000...1999]))
            #expect(part.headers["content-range"] == "bytes 1000-1999/300000")
            let tail = try await server.get("/files/os/r9/vmlinuz", headers: ["Range": "bytes=-100"])
            #expect(tail.body == Array(bytes.suffix(100)))
            let open = try await server.get("/files/os/r9/vmlinuz", headers: ["Range": "bytes=299990-"])
            #expect(open.body == Array(bytes.suffix(10)))
            let beyond = try await server.get("/files/os/r9/vmlinuz", headers: ["Range": "bytes=300000-"])
            #expect(beyond.status == 416 && beyond.headers["content-range"] == "bytes */300000")
            #expect(try await server.get("/tftp/pxelinux.cfg/default").text.contains("LOCALBOOT 0"))
            // UEFI HTTP Boot asks for the loader's size with HEAD before it downloads it.
            let head = try await RawHTTP.request(port: server.port, "HEAD", "/files/os/r9/vmlinuz")
            #expect(head.status == 200 && head.headers["content-length"] == "300000" && head.body.isEmpty, "\(head.status) \(head.headers)")
            #expect(try await RawHTTP.request(port: server.port, "HEAD", "/tftp/nothing").status == 404)

            for target in ["/files/../outside", "/files/%2e%2e/outside", "/files/os/%2E%2E/%2e%2e/outside", "/files//etc/passwd",
                           "/files/os/..%2f..%2foutside", "/tftp/..%5c..%5coutside", "/ks/%00", "/files/%zz"] {
                let reply = try await server.get(target)
                #expect(reply.status == 400, "\(target): \(reply.status)")
                #expect(!reply.text.contains("secret"))
            }
            #expect(try await server.get("/files/os/r9/nothing").status == 404)
            #expect(try await server.get("/files/os/r9").status == 404, "a folder is not a file")
        }
    }

    @Test func linksInsideARootAreNeverFollowed() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let manager = FileManager.default
            try "secret".write(toFile: server.folder + "/secret", atomically: true, encoding: .utf8)
            try manager.createDirectory(atPath: server.folder + "/elsewhere", withIntermediateDirectories: true)
            try "secret".write(toFile: server.folder + "/elsewhere/vmlinuz", atomically: true, encoding: .utf8)
            try manager.createSymbolicLink(atPath: server.folder + "/http/link-out", withDestinationPath: "../secret")
            try manager.createSymbolicLink(atPath: server.folder + "/http/folder-out", withDestinationPath: "../elsewhere")
            try manager.createSymbolicLink(atPath: server.folder + "/http/absolute", withDestinationPath: "/etc/passwd")
            try manager.createSymbolicLink(atPath: server.folder + "/tftp/etc", withDestinationPath: "/etc")
            for target in ["/files/link-out", "/files/folder-out/vmlinuz", "/files/absolute", "/tftp/etc/passwd", "/tftp/etc/hostname"] {
                let reply = try await server.get(target)
                #expect(reply.status == 404, "\(target): \(reply.status)")
                #expect(!reply.text.contains("secret") && !reply.text.contains("root:"), "\(target)")
                #expect(try await server.get(target, headers: ["Range": "bytes=0-3"]).status == 404, "\(target) with a range")
            }
            #expect(try await server.get("/tftp/pxelinux.cfg/default").status == 200, "real files beside the links are served")
        }
    }

    @Test func windowsMarkersOnTheShareMoveTheHost() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            let status = server.folder + "/share/08-00-27-b2-40-3e/status"
            try FileManager.default.createDirectory(atPath: status, withIntermediateDirectories: true)
            try "Mon 11/23/2026 10:00 W2K8-WEB01\r\n".write(toFile: status + "/started", atomically: true, encoding: .utf8)
            #expect(try await server.eventually { server.file("tftp/pxelinux.cfg/01-08-00-27-b2-40-3e")?.contains("LOCALBOOT 0") == true })
            #expect(server.file("share/08-00-27-b2-40-3e/unattend.xml") != nil, "WinPE still reads the answer file")
            try "".write(toFile: status + "/applied", atomically: true, encoding: .utf8)
            // What the driver step marks: notes in the timeline, in autorun's order, each once.
            try "Mon 11/23/2026 10:05 added: storage-common dell-7090\r\n".write(toFile: status + "/drivers", atomically: true, encoding: .utf8)
            try "Mon 11/23/2026 10:05 not added: hp-dock\r\n".write(toFile: status + "/drivers-failed", atomically: true, encoding: .utf8)
            try "".write(toFile: status + "/done", atomically: true, encoding: .utf8)
            #expect(try await server.eventually { try server.hosts().first { $0.host.name == "W2K8-WEB01" }?.state == .installed })
            try await Task.sleep(for: .milliseconds(1500))
            let timeline = try HostQueries(session: server.session()).details(of: try MACAddress("08:00:27:b2:40:3e")).events
            let notes = timeline.filter { $0.kind == .note }.map(\.detail)
            #expect(notes == ["drivers (share marker): Mon 11/23/2026 10:05 added: storage-common dell-7090",
                              "drivers-failed (share marker): Mon 11/23/2026 10:05 not added: hp-dock"], "\(timeline.map(\.detail))")
            let details = timeline.map(\.detail)
            let applied = try #require(details.firstIndex { $0.hasPrefix("applied") }), done = try #require(details.firstIndex { $0.hasPrefix("done") })
            let drivers = try #require(details.firstIndex { $0.hasPrefix("drivers (") })
            #expect(applied < drivers && drivers < done, "\(details)")
            // A note the inventory already holds is not written again (a restarted server reads it anew).
            #expect(try Lifecycle(session: server.session()).note("drivers", mac: try MACAddress("08:00:27:b2:40:3e"),
                                                                   message: "Mon 11/23/2026 10:05 added: storage-common dell-7090", source: "share marker") == false)
            // Re-arming clears the old run's markers, so they are not taken for the next run.
            _ = try Lifecycle(session: server.session()).arm(try MACAddress("08:00:27:b2:40:3e"))
            #expect((try? FileManager.default.contentsOfDirectory(atPath: status)) == [])
            try await Task.sleep(for: .milliseconds(500))
            #expect(try server.hosts().first { $0.host.name == "W2K8-WEB01" }?.state == .armed)
        }
    }

    @Test func theServerFollowsChangesMadeFromTheCommandLine() async throws {
        try await LiveServer.with(hosts: Self.hosts) { server in
            _ = try HostCommands(session: server.session()).setMode(of: try MACAddress("08:00:27:4d:4d:aa"), to: .localboot)
            #expect(try await server.eventually { try await server.get("/boot?mac=08:00:27:4d:4d:aa").text.contains("sanboot") })
        }
    }

    @Test func aThousandParallelCallbacksAreAllRecorded() async throws {
        let hosts = (0..<1000).map { String(format: "  - {mac: \"52:54:00:00:%02x:%02x\", name: node%04d, profile: rocky9}\n", $0 / 256, $0 % 256, $0) }.joined()
        try await LiveServer.with(hosts: hosts) { server in
            let queries = HostQueries(session: try server.session())
            let macs = try (0..<1000).map { try MACAddress(String(format: "52:54:00:00:%02x:%02x", $0 / 256, $0 % 256)) }
            let tokens = try macs.map { try queries.token(of: $0) }
            let clock = ContinuousClock()
            let start = clock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (mac, token) in zip(macs, tokens) {
                    group.addTask { try await server.post(mac.dashed, #"{"event": "started"}"#, token: token).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            print("1,000 parallel callbacks: \(clock.now - start)")
            #expect(statuses.filter { $0 == 200 }.count == 1000)
            let states = try queries.list().map(\.state)
            #expect(states.filter { $0 == .installing }.count == 1000, "every one recorded, none lost")
            let flipped = macs.filter { server.file("tftp/pxelinux.cfg/01-\($0.dashed)")?.contains("LOCALBOOT") == true }
            #expect(flipped.count == 1000)
        }
    }
}
