import ArgumentParser
import Foundation
import Importers
import Orchestration

struct ImportHostOS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host-os",
        abstract: "Import a seed-style host-os mapping ('MAC, os-name[, host-name]' per line, # comments).",
        discussion: """
            Each line's OS name is mapped to a profile with --profile-map OS=PROFILE (repeatable); \
            --profile serves names no map lists. Hosts without a name column are named zt-<mac hex>. \
            MACs already registered are skipped and reported. Every line is checked first: if one is \
            wrong, nothing is registered.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The mapping file.")
    var file: String
    @Option(name: .customLong("profile-map"), help: "OS-NAME=PROFILE; repeat for each OS name.")
    var profileMap: [String] = []
    @Option(help: "Profile for OS names no --profile-map lists.")
    var profile: String?

    func run() throws {
        var map: [String: String] = [:]
        for pair in profileMap {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--profile-map '\(pair)' is not OS-NAME=PROFILE")
            }
            map[parts[0]] = parts[1]
        }
        let importer = HostImport(session: try fleet.session())
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            Failure.printError("error: cannot read the mapping file '\(file)' (missing, unreadable or not UTF-8)")
            throw ExitCode(2)
        }
        let result = try Failure.report {
            try importer.hostOS(try HostOSMapping(parsing: text, file: file), file: file, profiles: map, fallback: profile)
        }
        for line in result.skipped { print(line) }
        for host in result.added { print("added \(host.name) (\(host.primaryMAC)), profile \(host.profile)") }
        ChangeLines.print(result.changes, notices: result.notices)
        print("\(result.added.count) host(s) imported, \(result.skipped.count) skipped")
    }
}
