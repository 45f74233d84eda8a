import BootRequests
import Fleet
import Foundation
import Hummingbird
import HummingbirdCore
import Inventory
import Logging
import Orchestration
import Render


/// The HTTP side of the boot server: iPXE scripts, files, lifecycle callbacks, status and metrics.
/// Handlers read the in-memory `FleetView`; only callbacks (through the backend) change anything.
struct BootRoutes: Sendable {
    let view: FleetView
    let backend: any FleetBackend
    let metrics: ServerMetrics
    let logger: Logger
    /// Events the server records on its own, finished before it stops.
    let pending = PendingTasks()

    /// The largest callback body taken; an event is a few dozen bytes.
    static let maxBody = 4096
    /// Bytes read from disk per write to the socket for files (256 KiB to 4 MiB measured alike).
    static let fileChunk = 1 << 20

    func register(on router: Router<BasicRequestContext>) {
        router.get("boot.ipxe") { _, _ in script(IPXEScript.chain(site: view.snapshot.site)) }
        router.get("boot") { request, _ in bootScript(request) }
        router.get("files/**") { request, context in try await serveFile(request, context: context, prefix: "/files/", root: \.httpRoot) }
        router.get("tftp/**") { request, context in try await serveFile(request, context: context, prefix: "/tftp/", root: \.tftpRoot) }
        router.get("ks/**") { request, context in try await serveFile(request, context: context, prefix: "/ks/", root: \.kickstartRoot) }
        // UEFI HTTP Boot asks for a loader's size with HEAD before it fetches it.
        router.head("files/**") { request, context in try await serveFile(request, context: context, prefix: "/files/", root: \.httpRoot) }
        router.head("tftp/**") { request, context in try await serveFile(request, context: context, prefix: "/tftp/", root: \.tftpRoot) }
        router.post("api/v1/hosts/:mac/events") { request, context in await event(request, context: context) }
        router.get("api/v1/hosts") { _, _ in json(view.snapshot.hosts.map(HostSummary.init)) }
        router.get("api/v1/hosts/:mac") { _, context in await hostDetail(context) }
        router.get("metrics") { _, _ in metricsText() }
    }

    // MARK: iPXE

    func bootScript(_ request: Request) -> Response {
        let (status, body) = bootAnswer(request.uri)
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// The answer to `/boot?mac=…`, from memory: an iPXE script, or a refusal in words. Used by the
    /// route and by `BootFastPath`, which answers it without leaving the event loop.
    func bootAnswer(_ uri: URI) -> (HTTPResponse.Status, ByteBuffer) {
        let query = uri.queryParameters
        guard let text = query["mac"] else { return refusal(.badRequest, "boot-query", "/boot needs ?mac=${netX/mac}") }
        guard let mac = try? MACAddress(String(text)) else {
            return refusal(.badRequest, "boot-query", "mac: \(Self.quoted(text)) is not a MAC address")
        }
        // An iPXE build without a setting sends it empty: that is "not given", not an error.
        var platform: IPXEScript.Platform?
        if let value = query["platform"], !value.isEmpty {
            guard let known = IPXEScript.Platform(rawValue: String(value)) else {
                return refusal(.badRequest, "boot-query", "platform: \(Self.quoted(value)) is not pcbios or efi")
            }
            platform = known
        }
        if let arch = query["buildarch"], !arch.isEmpty, !["i386", "x86_64", "arm32", "arm64", "riscv64"].contains(arch) {
            return refusal(.badRequest, "boot-query", "buildarch: \(Self.quoted(arch)) is not an iPXE build architecture")
        }
        if let uuid = query["uuid"], uuid.count > 36 || !uuid.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
            return refusal(.badRequest, "boot-query", "uuid: \(Self.quoted(uuid)) is not a UUID")
        }
        let key = FleetView.ScriptKey(mac: mac, platform: platform)
        let (cached, generation) = view.cached(key)
        guard let answer = cached ?? render(key) else {
            metrics.count(series: ServerMetrics.bootScripts["unknown"]!)
            logger.info("boot script for an unknown NIC: local boot", metadata: ["mac": "\(mac)"])
            return (.ok, ByteBuffer(string: IPXEScript.unknown(mac, platform: platform)))
        }
        if cached == nil, answer.status == .ok { view.store(answer, for: key, generation: generation) }
        metrics.count(series: answer.series)
        if answer.marksBooting, let host = view.lookup(mac).host?.host.primaryMAC, view.claimBooting(host) {
            pending.start {
                await take(.booting, mac: mac, message: "boot script fetched", source: "boot server")
                view.releaseBooting(host)
            }
        }
        return (answer.status, answer.body)
    }

    /// The answer for a NIC from the view; `nil` when no host has it.
    func render(_ key: FleetView.ScriptKey) -> FleetView.Answer? {
        let (site, found, profile) = view.lookup(key.mac)
        guard let record = found else { return nil }
        guard let profile else {
            logger.error("cannot answer \(key.mac): host \(record.host.name) uses profile \(record.host.profile), which the fleet file does not define")
            return FleetView.Answer(status: .internalServerError,
                                    body: ByteBuffer(string: "ZeroTouch: \(record.host.name) uses a profile the fleet file does not define; see the server log\n"),
                                    series: ServerMetrics.bootScripts["render-failed"]!, marksBooting: false)
        }
        let installs = record.host.mode == .install || record.host.mode == .capture
        let text = IPXEScript.render(host: record.host, nic: key.mac, profile: profile, site: site, platform: key.platform)
        return FleetView.Answer(body: ByteBuffer(string: text), series: ServerMetrics.bootScripts[installs ? record.host.mode.rawValue : "localboot"]!,
                                marksBooting: installs && record.state == .armed)
    }

    // MARK: files

    func serveFile(_ request: Request, context: BasicRequestContext, prefix: String, root: KeyPath<Site, String>) async throws -> Response {
        let raw = request.uri.path.dropFirst(prefix.count)
        let path: ServedPath
        do {
            path = try ServedPath(raw: raw)
        } catch {
            return refuse(.badRequest, "path", "\(error.reason): \(Self.quoted(raw))")
        }
        guard let file = ServedFile(root: view.snapshot.site[keyPath: root], relative: path.relative) else {
            return refuse(.notFound, "missing-file", "no file \(path.relative) under \(prefix)")
        }
        let size = file.size
        var headers: HTTPFields = [.contentType: Self.contentType(of: path.relative), .acceptRanges: "bytes"]
        let range: ByteRange
        var status = HTTPResponse.Status.ok
        switch ByteRange.resolve(request.headers[.range], size: size) {
        case .whole:
            range = ByteRange(first: 0, last: size - 1)
        case .part(let part):
            range = part
            status = .partialContent
            headers[.contentRange] = "bytes \(part.first)-\(part.last)/\(size)"
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            metrics.count("zerotouch_requests_refused_total", "reason=\"range\"")
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        headers[.contentLength] = String(range.count)
        metrics.count("zerotouch_files_bytes_total", by: range.count)
        guard range.count > 0, request.method != .head else { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: file.body(range, chunk: Self.fileChunk))
    }

    static func contentType(of path: String) -> String {
        for suffix in [".ks", ".cfg", ".ipxe", ".txt", ".bat", ".cmd", ".xml", ".inf"] where path.hasSuffix(suffix) {
            return "text/plain; charset=utf-8"
        }
        return path.hasPrefix("pxelinux.cfg/") ? "text/plain; charset=utf-8" : "application/octet-stream"
    }

    // MARK: lifecycle callbacks

    func event(_ request: Request, context: BasicRequestContext) async -> Response {
        guard let text = context.parameters.get("mac"), let mac = try? MACAddress(text) else {
            return refuse(.badRequest, "event-mac", "the path names no MAC address: \(Self.quoted(context.parameters.get("mac") ?? ""))")
        }
        var request = request
        guard let body = try? await request.collectBody(upTo: Self.maxBody) else {
            return refuse(.contentTooLarge, "event-body", "the body is over \(Self.maxBody) bytes")
        }
        let reported: CallbackBody
        do {
            reported = try CallbackBody(json: Data(body.readableBytesView))
        } catch {
            return refuse(.badRequest, "event-body", error.reason)
        }
        guard let record = view.lookup(mac).host else {
            return refuse(.notFound, "event-host", "no host has the NIC \(mac)")
        }
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
              backend.accepts(token: authorization.dropFirst("Bearer ".count), for: record.host.primaryMAC) else {
            logger.warning("callback refused: missing or wrong token", metadata: ["mac": "\(mac)", "event": "\(reported.event.rawValue)"])
            return refuse(.unauthorized, "token", "missing or wrong token for \(mac); 'zerotouch host token \(mac)' prints the right one")
        }
        do {
            let change = try await backend.record(reported.event, mac: mac, message: reported.message, source: "callback")
            view.update(change.after)
            metrics.count("zerotouch_events_total", "source=\"callback\",outcome=\"accepted\"")
            logger.info("event \(reported.event.rawValue): \(change.before.state.rawValue) -> \(change.after.state.rawValue)",
                        metadata: ["mac": "\(mac)", "host": "\(record.host.name)", "mode": "\(change.after.host.mode.rawValue)"])
            return json(HostSummary(change.after))
        } catch let deferred as Deferred {
            metrics.count("zerotouch_events_total", "source=\"callback\",outcome=\"deferred\"")
            logger.warning("event \(reported.event.rawValue) for \(mac) answered 503: \(deferred)")
            var response = refuse(.serviceUnavailable, nil, "\(record.host.name): the event was not recorded: the inventory or a root is busy or unreachable for now (see the server log); send it again")
            response.headers[.retryAfter] = "5"
            return response
        } catch let refusal as LifecycleRefusal {
            metrics.count("zerotouch_events_total", "source=\"callback\",outcome=\"\(refusal.isReplay ? "replayed" : "refused")\"")
            logger.info("event refused: \(refusal)", metadata: ["mac": "\(mac)"])
            return refuse(.conflict, nil, "\(record.host.name): \(refusal)")
        } catch {
            metrics.count("zerotouch_events_total", "source=\"callback\",outcome=\"failed\"")
            logger.error("event \(reported.event.rawValue) for \(mac) could not be recorded: \(error)")
            return refuse(.internalServerError, nil, "the event could not be recorded; see the server log")
        }
    }

    /// Takes an event the server itself saw (a boot script fetched, a marker on the share).
    func take(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) async {
        do {
            let change = try await backend.record(event, mac: mac, message: message, source: source)
            view.update(change.after)
            metrics.count("zerotouch_events_total", "source=\"\(source == "boot server" ? "boot" : "share")\",outcome=\"accepted\"")
            logger.info("event \(event.rawValue) (\(source)): \(change.before.state.rawValue) -> \(change.after.state.rawValue)", metadata: ["mac": "\(mac)"])
        } catch let refusal as LifecycleRefusal {
            logger.debug("\(source) event refused: \(refusal)", metadata: ["mac": "\(mac)"])
        } catch {
            logger.error("\(source) event \(event.rawValue) for \(mac) could not be recorded: \(error)")
        }
    }

    // MARK: status

    func hostDetail(_ context: BasicRequestContext) async -> Response {
        guard let text = context.parameters.get("mac"), let mac = try? MACAddress(text) else {
            return refuse(.badRequest, "host-mac", "not a MAC address: \(Self.quoted(context.parameters.get("mac") ?? ""))")
        }
        guard let record = view.lookup(mac).host else { return refuse(.notFound, "host-mac", "no host has the NIC \(mac)") }
        do {
            let events = try await backend.events(of: mac)
            return json(HostDetail(host: HostSummary(record), timeline: events.map(HostDetail.Event.init)))
        } catch {
            logger.error("cannot read the timeline of \(mac): \(error)")
            return refuse(.internalServerError, nil, "the timeline could not be read; see the server log")
        }
    }

    func metricsText() -> Response {
        var states: [HostState: Int] = [:]
        for record in view.snapshot.hosts { states[record.state, default: 0] += 1 }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: metrics.text(hosts: states))))
    }

    // MARK: responses

    func script(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 4xx or 5xx with a one-line reason, readable by iPXE, curl and people alike.
    func refuse(_ status: HTTPResponse.Status, _ reason: String?, _ message: String) -> Response {
        let (status, body) = refusal(status, reason, message)
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: body))
    }

    func refusal(_ status: HTTPResponse.Status, _ reason: String?, _ message: String) -> (HTTPResponse.Status, ByteBuffer) {
        if let reason { metrics.count("zerotouch_requests_refused_total", "reason=\"\(reason)\"") }
        return (status, ByteBuffer(string: "ZeroTouch: \(message)\n"))
    }

    /// A value from a request, shortened and with control characters shown, for messages and logs.
    static func quoted(_ value: some StringProtocol) -> String {
        ValidationIssue.quoted(value, limit: 64)
    }
}

extension Site {
    /// Where `/ks/` is served from: the kickstarts `apply` writes.
    var kickstartRoot: String { httpRoot + "/ks" }
}
