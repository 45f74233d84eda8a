public import ArgumentParser
import Fleet
import Orchestration

struct DHCP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dhcp",
        abstract: "Print the DHCP reservations apply would write, for ISC dhcpd, dnsmasq or Kea.",
        discussion: """
            Uses site.dhcp and every host apply would publish (the fleet file's and the command line's). \
            --format prints another server's form of the same settings. The dnsmasq form lists the hosts \
            inline as dhcp-host= lines, so the output checks on its own with 'dnsmasq --test --conf-file='.
            """)

    @OptionGroup var fleet: FleetOptions
    @Option(help: "isc, dnsmasq or kea (default: site.dhcp.server).")
    var format: DHCPSettings.Server?

    func run() throws {
        let reservations = DHCPReservations(session: try fleet.session())
        print(try Failure.report { try reservations.preview(format: format) }, terminator: "")
    }
}

extension DHCPSettings.Server: ExpressibleByArgument {}
