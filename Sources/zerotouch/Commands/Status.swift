import ArgumentParser
import Fleet
import Foundation
import Orchestration

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where hosts are in their install: state, mode, last event and its age.",
        discussion: """
            States: armed (installs on next boot), booting (fetched its boot script), installing (the \
            installer or WinPE reported it started; it boots locally from now on), installed, ready (the \
            installed system called back), failed; idle for hosts not armed. 'zerotouch serve' records \
            the events; 'zerotouch host arm MAC' arms a host again.
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "Show only the host with this MAC (any of its NICs).", transform: parseMAC)
    var mac: MACAddress?
    @Flag(help: "Print a JSON array.")
    var json = false

    struct Line: Encodable {
        let name, mac, mode, state: String
        let last_event: String?
        let last_event_at: String?
        let failures: Int
    }

    func run() throws {
        let queries = HostQueries(session: try fleet.session())
        var hosts = try Failure.report { try queries.status() }
        if let mac {
            hosts = hosts.filter { $0.host.host.macs.contains(mac) }
            if hosts.isEmpty {
                Failure.printError("error: no host has the NIC \(mac); 'zerotouch host list' shows the registered ones")
                throw ExitCode(1)
            }
        }
        if json {
            try JSONOutput.print(hosts.map {
                Line(name: $0.host.host.name, mac: $0.host.host.primaryMAC.description, mode: $0.host.host.mode.rawValue,
                     state: $0.host.state.rawValue, last_event: $0.latest?.detail, last_event_at: $0.latest?.timestamp, failures: $0.host.lifecycle.failures)
            })
            return
        }
        let now = Date()
        let rows = [["MAC", "NAME", "STATE", "MODE", "LAST EVENT", "AGE"]] + hosts.map {
            [$0.host.host.primaryMAC.description, $0.host.host.name, $0.host.state.rawValue, $0.host.host.mode.rawValue,
             $0.latest.map { String($0.detail.prefix(60)) } ?? "-", $0.latest.map { Self.age(of: $0.at, now: now) } ?? "-"]
        }
        TextTable.print(rows)
    }

    /// `42s`, `5m`, `3h`, `2d` since `date`.
    static func age(of date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }
}
