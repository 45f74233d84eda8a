import Fleet
import Synchronization

/// Counters for `/metrics`, in Prometheus' text format (version 0.0.4).
final class ServerMetrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    /// Adds one to the counter `name{labels}`; labels come from fixed sets, never from requests.
    func count(_ name: String, _ labels: String = "", by amount: Int = 1) {
        count(series: labels.isEmpty ? name : "\(name){\(labels)}", by: amount)
    }

    /// Adds to a series named in full, for hot paths that keep the name in a constant.
    func count(series: String, by amount: Int = 1) {
        counters.withLock { $0[series, default: 0] += amount }
    }

    /// The boot-script series by answer, spelled once.
    static let bootScripts: [String: String] = Dictionary(uniqueKeysWithValues: ["install", "capture", "localboot", "unknown", "render-failed"].map {
        ($0, "zerotouch_boot_scripts_total{answer=\"\($0)\"}")
    })

    static let help: [(name: String, help: String)] = [
        ("zerotouch_boot_scripts_total", "iPXE scripts answered, by what they do."),
        ("zerotouch_events_total", "Lifecycle events, by source and outcome."),
        ("zerotouch_files_bytes_total", "Bytes of boot and host files sent."),
        ("zerotouch_requests_refused_total", "Requests answered with a 4xx, by reason."),
    ]

    /// The counters, then one gauge of hosts per lifecycle state.
    func text(hosts: [HostState: Int]) -> String {
        let values = counters.withLock { $0 }
        var lines: [String] = []
        for (name, help) in Self.help {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) counter"]
            lines += values.keys.filter { $0 == name || $0.hasPrefix(name + "{") }.sorted().map { "\($0) \(values[$0]!)" }
        }
        lines += ["# HELP zerotouch_hosts Hosts in the inventory, by lifecycle state.", "# TYPE zerotouch_hosts gauge"]
        lines += HostState.allCases.map { "zerotouch_hosts{state=\"\($0.rawValue)\"} \(hosts[$0] ?? 0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
