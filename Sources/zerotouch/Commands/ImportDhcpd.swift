import ArgumentParser
import Fleet
import Foundation
import Importers
import Orchestration

struct ImportDhcpd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dhcpd",
        abstract: "Import the host declarations of an ISC dhcpd.conf.",
        discussion: """
            Reads every 'host NAME { hardware ethernet …; fixed-address …; }' block, wherever it is \
            (groups, subnets, shared networks), with the subnet, routers and DNS servers around it. \
            Declarations with the same fixed address become one host with several NICs. A name that is \
            not a valid host name (such as test_pvm) is replaced by a derived one (test-pvm), and the \
            import says so. MACs already registered are skipped. By default any problem stops the \
            import and nothing is registered; --keep-going registers what it can and lists the rest.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The dhcpd.conf to read.")
    var file: String
    @Option(help: "Profile for the imported hosts (those the --profile-map file does not list).")
    var profile: String?
    @Option(name: .customLong("profile-map"), help: "A file of 'HOST-OR-MAC PROFILE' lines, # comments.")
    var profileMap: String?
    @Option(help: "Mode of the imported hosts. The default, localboot, never arms a reinstall of machines that are already running; give install to arm them.")
    var mode: HostMode = .localboot
    @Flag(help: "Register the declarations that can be read and report the others, instead of stopping.")
    var keepGoing = false

    func run() throws {
        guard profile != nil || profileMap != nil else {
            throw ValidationError("give --profile PROFILE, --profile-map FILE, or both")
        }
        let importer = HostImport(session: try fleet.session())
        let text = try Self.read(file, what: "dhcpd.conf")
        let map = try profileMap.map { path in try Failure.report { try ProfileMapFile(parsing: try Self.read(path, what: "profile map"), file: path) } }
        let outcome = try Failure.report {
            try importer.dhcpd(ISCConfigReader(parsing: text, file: file), file: file, profiles: map ?? ProfileMapFile(),
                                        fallback: profile, mode: mode, keepGoing: keepGoing)
        }
        for line in outcome.renamed { print(line) }
        for line in outcome.result.skipped { print(line) }
        for issue in outcome.leftOut { Failure.printError("left out: \(issue)") }
        for host in outcome.result.added {
            print("added \(host.name) (\(host.macs.map(\.description).joined(separator: ", "))), profile \(host.profile)")
        }
        ChangeLines.print(outcome.result.changes, notices: outcome.result.notices)
        print("\(outcome.result.added.count) host(s) imported, \(outcome.result.skipped.count) skipped, \(outcome.leftOut.count) left out")
        if !outcome.leftOut.isEmpty { throw ExitCode(1) }
    }

    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            Failure.printError("error: cannot read the \(what) '\(path)' (missing, unreadable or not UTF-8)")
            throw ExitCode(2)
        }
        return text
    }
}
