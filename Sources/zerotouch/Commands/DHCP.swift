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
            inline as dhcp-host= lines, so the output checks on its own with 'dnsmasq --test --conf-file='. \
            --wiring prints instead what the daemon's own configuration needs to read ZeroTouch's file.
            """)

    @OptionGroup var fleet: FleetOptions
    @Option(help: "isc, dnsmasq or kea (default: site.dhcp.server).")
    var format: DHCPSettings.Server?
    @Flag(help: "Print the lines the daemon's own configuration needs (include, interfaces, TFTP) instead.")
    var wiring = false

    func validate() throws {
        if wiring, format != nil { throw ValidationError("--wiring follows site.dhcp.server; leave out --format") }
    }

    func run() throws {
        let reservations = DHCPReservations(session: try fleet.session())
        let text = try Failure.report { try wiring ? reservations.wiring() : reservations.preview(format: format) }
        print(text, terminator: "")
    }
}

extension DHCPSettings.Server: ExpressibleByArgument {}
