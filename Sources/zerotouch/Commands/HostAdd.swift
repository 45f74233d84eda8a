public import ArgumentParser
import Fleet
import Orchestration

struct HostAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a host and publish its files.")

    @OptionGroup var fleet: FleetOptions
    @Option(name: .customLong("mac"), help: "A MAC of the host; repeat for more NICs, the first is the primary.", transform: parseMAC)
    var macs: [MACAddress] = []
    @Option(help: "The host name (NetBIOS rules for Windows profiles, DNS rules otherwise).")
    var name: String
    @Option(help: "The profile, as named in the fleet file.")
    var profile: String
    @Option(help: "Static address with prefix, e.g. 192.168.1.188/24; omit for DHCP.")
    var ip: String?
    @Option(help: "Default gateway, inside the --ip subnet.")
    var gateway: String?
    @Option(help: "A DNS server; repeat for more.")
    var dns: [String] = []
    @Option(help: "install, localboot, disabled or capture.")
    var mode: HostMode = .install
    @Flag(help: "Print the host as JSON.")
    var json = false

    func validate() throws {
        if macs.isEmpty { throw ValidationError("give at least one --mac") }
    }

    func run() throws {
        let session = try fleet.session()
        let host = try Failure.report {
            Host(name: name, macs: macs, profile: profile, network: try HostNetworkOptions(ip: ip, gateway: gateway, dns: dns).network(), mode: mode)
        }
        let result = try Failure.report { try HostCommands(session: session).add(host) }
        if json {
            try JSONOutput.print(HostView(host: result.host.host, state: result.host.state, origin: result.host.origin.rawValue))
        } else {
            print("added \(host.name) (\(host.macs.map(\.description).joined(separator: ", "))), profile \(host.profile), mode \(host.mode.rawValue)")
            ChangeLines.print(result.files, notices: result.notices)
        }
    }
}

extension HostMode: ExpressibleByArgument {}
