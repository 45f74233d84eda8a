import Fleet
import Foundation
import Orchestration
import Publish

/// JSON shapes for scripts. Field names are stable; add, never rename.
struct HostView: Encodable {
    let name: String
    let macs: [String]
    let profile: String
    let mode: String
    let state: String?
    let ip: String?
    let gateway: String?
    let dns: [String]
    let origin: String
    var events: [EventView]?

    init(host: Fleet.Host, state: HostState?, origin: String) {
        name = host.name
        macs = host.macs.map(\.description)
        profile = host.profile
        mode = host.mode.rawValue
        self.state = state?.rawValue
        ip = host.network?.interface.description
        gateway = host.network?.gateway?.description
        dns = host.network?.dns.map(\.description) ?? []
        self.origin = origin
    }
}

struct EventView: Encodable {
    let at: String
    let kind: String
    let detail: String
}

struct PlanView: Encodable {
    struct HostLine: Encodable { let action, name, mac, detail: String }
    struct FileLine: Encodable { let action, root, path: String; let owner: String? }
    let applied: Bool
    let hosts: [HostLine]
    let files: [FileLine]
    let warnings: [String]
    let notices: [String]
    /// Hosts rendered by this run; the others' files were trusted as the last apply left them.
    let rendered: Int
    /// Files counted as unchanged, looked at or not.
    let unchanged: Int
}

enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

enum ChangeLines {
    static let symbols: [PlannedChange.Action: String] = [.create: "+", .update: "~", .delete: "-", .adopt: "=", .conflict: "!", .unchanged: " "]

    static func line(_ change: PlannedChange) -> String {
        "  \(symbols[change.action, default: "?"]) \(change.action.rawValue) \(change.root.rawValue): \(change.displayPath)"
    }

    /// The files a command changed, then what else it did.
    static func print(_ changes: [PlannedChange], notices: [String]) {
        for change in changes where change.isChange { Swift.print(line(change)) }
        for notice in notices { Swift.print(notice) }
    }
}

/// Prints a plan (before or after applying it) as text or JSON.
struct PlanPrinter {
    let plan: ApplyPlan
    let quiet: Bool
    let json: Bool

    func print(applied: Bool) throws {
        if json {
            try JSONOutput.print(PlanView(
                applied: applied,
                hosts: plan.hostChanges.map { .init(action: $0.kind.rawValue, name: $0.name, mac: $0.primaryMAC.description, detail: $0.detail) },
                files: plan.fileChanges.filter(\.isChange).map { .init(action: $0.action.rawValue, root: $0.root.rawValue, path: $0.displayPath, owner: $0.owner.stored) },
                warnings: plan.warnings, notices: plan.notices, rendered: plan.hostsRendered, unchanged: plan.count(.unchanged)))
            return
        }
        if !quiet {
            for change in plan.hostChanges {
                let symbol = change.kind == .add ? "+" : change.kind == .update ? "~" : "-"
                Swift.print("  \(symbol) host \(change.name) (\(change.primaryMAC)): \(change.detail)")
            }
            ChangeLines.print(plan.fileChanges, notices: [])
        }
        let hosts = [HostChange.Kind.add, .update, .remove].map { kind in plan.hostChanges.filter { $0.kind == kind }.count }
        let verb = applied ? "Applied" : "Plan"
        if plan.isEmpty {
            Swift.print("\(verb): nothing to change (\(plan.count(.unchanged)) files up to date).")
        } else {
            Swift.print("\(verb): hosts \(hosts[0]) added, \(hosts[1]) updated, \(hosts[2]) removed; files \(plan.count(.create)) created, "
                + "\(plan.count(.update)) updated, \(plan.count(.delete)) deleted, \(plan.count(.adopt)) adopted, \(plan.count(.unchanged)) unchanged.")
        }
        if !plan.conflicts.isEmpty {
            Swift.print("\(plan.conflicts.count) file(s) exist that ZeroTouch did not write; apply refuses them unless --adopt is given.")
        }
        for notice in plan.notices { Swift.print(notice) }
        for warning in plan.warnings { Failure.printError("warning: \(warning)") }
    }
}

enum TextTable {
    static func print(_ rows: [[String]]) {
        guard let first = rows.first else { return }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            Swift.print(row.enumerated().map { $0.offset == row.count - 1 ? $0.element : $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
        }
    }
}
