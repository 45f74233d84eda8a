import ArgumentParser
import Orchestration

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the inventory and every published root in line with the fleet file.",
        discussion: """
            Prints the plan, then writes it: each file atomically (temporary name, then rename). Files \
            ZeroTouch did not write are never replaced unless --adopt is given. A host's mode from the \
            file takes effect when it changes in the file or the host is new, so re-running apply never \
            re-arms a host that has installed. A run with nothing to do writes nothing. When site.dhcp is \
            set, the DHCP reservations are written too, and the daemon is told once: dnsmasq by SIGHUP \
            (site.dhcp.pid_file), Kea by config-reload (site.dhcp.control_socket), ISC dhcpd by a restart \
            with --reload.

            Only what changed since the last apply is rendered and compared: hosts whose record changed, \
            and every host when an input of their files changed (the site, a profile, a template or base \
            answer file, a secret's value, the site key, the zerotouch binary). Files edited or removed \
            behind ZeroTouch's back are put right by --full, which renders and compares everything.
            """)

    @OptionGroup var fleet: FleetOptions
    @Flag(help: "Replace files at ZeroTouch's paths that it did not write, and manage them from now on.")
    var adopt = false
    @Flag(help: "Restart ISC dhcpd (site.dhcp.restart) when its file changed, after 'dhcpd -t' accepted it. dnsmasq and Kea are told without this flag.")
    var reload = false
    @Flag(help: "Render every host and compare every published file with its root, not only what changed since the last apply: for files edited or removed behind ZeroTouch's back.")
    var full = false
    @OptionGroup var output: PlanOutputOptions

    func run() throws {
        let apply = FleetApply(session: try fleet.session())
        let plan = try Failure.report { try apply.run(adopt: adopt, restartDHCP: reload, full: full) }
        try PlanPrinter(plan: plan, quiet: output.quiet, json: output.json).print(applied: true)
    }
}
