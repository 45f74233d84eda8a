import ArgumentParser
import Fleet
import Orchestration

struct HostShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one host: record, state and recent events.")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Any MAC of the host.", transform: parseMAC)
    var mac: MACAddress
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let queries = HostQueries(session: try fleet.session())
        let details = try Failure.report { try queries.details(of: mac) }
        let (record, events) = (details.host, details.events)
        var view = HostView(host: record.host, state: record.state, origin: record.origin.rawValue)
        view.events = events.map { EventView(at: $0.timestamp, kind: $0.kind.rawValue, detail: $0.detail) }
        if json {
            try JSONOutput.print(view)
            return
        }
        let host = record.host
        print("""
            name:     \(host.name)
            macs:     \(host.macs.map(\.description).joined(separator: ", "))
            profile:  \(host.profile)
            mode:     \(host.mode.rawValue)
            state:    \(record.state.rawValue)
            network:  \(host.network.map { "\($0.interface) gateway \($0.gateway?.description ?? "-") dns \($0.dns.map(\.description).joined(separator: ","))" } ?? "dhcp")
            from:     \(record.origin == .file ? "the fleet file" : "the command line")
            events:
            """)
        for event in events { print("  \(event.timestamp)  \(event.kind.rawValue): \(event.detail)") }
    }
}
