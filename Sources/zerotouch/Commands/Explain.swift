public import ArgumentParser
import Fleet
import Orchestration

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one NIC's boot chain as its machine will meet it, and what to fix.",
        discussion: """
            Follows the chain from what the DHCP server answers the firmware, through the loader on the \
            TFTP root (signed, where Secure Boot needs it), the entry the loader reads (present, and what \
            apply writes now), every file that entry loads (present, a regular file, readable by the TFTP or \
            web server's user), to the kickstart or the share folder and the image, and what the next boot \
            does. Each link is ok, warn or fail, with what to do. Reads only. Exit status 1 when a link fails.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The NIC's MAC, in any common spelling.", transform: parseMAC)
    var mac: MACAddress
    @Option(help: "The firmware to follow: \(BootFirmware.allCases.map(\.rawValue).joined(separator: ", ")) (default: the host's profile's).")
    var firmware: BootFirmware?
    @Flag(help: "Print the chain as JSON.")
    var json = false

    func run() throws {
        let explain = HostExplain(session: try fleet.session())
        let chain = try Failure.report { try explain.explain(mac, firmware: firmware) }
        if json {
            try JSONOutput.print(chain)
        } else {
            print("\(chain.mac), firmware \(chain.firmware.rawValue):")
            for link in chain.links {
                let status = link.status == .ok ? "ok  " : link.status == .warn ? "WARN" : "FAIL"
                print("  \(status)  \(link.step.padding(toLength: 9, withPad: " ", startingAt: 0))  \(link.detail)")
                if let fix = link.fix { print("        \(String(repeating: " ", count: 9))  -> \(fix)") }
            }
        }
        if chain.fails { throw ExitCode(1) }
    }
}

extension BootFirmware: ExpressibleByArgument {}
