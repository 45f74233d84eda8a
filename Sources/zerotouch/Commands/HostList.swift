import ArgumentParser
import Orchestration

struct HostList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered hosts with mode and state.")

    @OptionGroup var fleet: FleetOptions
    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        let queries = HostQueries(session: try fleet.session())
        let hosts = try Failure.report { try queries.list() }
        if json {
            try JSONOutput.print(hosts.map { HostView(host: $0.host, state: $0.state, origin: $0.origin.rawValue) })
            return
        }
        let rows = [["MAC", "NAME", "PROFILE", "MODE", "STATE", "IP", "FROM"]] + hosts.map {
            [$0.host.primaryMAC.description, $0.host.name, $0.host.profile, $0.host.mode.rawValue, $0.state.rawValue,
             $0.host.network?.interface.description ?? "dhcp", $0.origin.rawValue]
        }
        TextTable.print(rows)
    }
}
