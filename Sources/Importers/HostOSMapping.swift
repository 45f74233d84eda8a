public import Fleet
import Foundation

/// Seed 004's `host-os.conf`: one `MAC, os-name` per line (an optional third column names the host),
/// `#` starts a comment. Pure: the caller reads the file.
public struct HostOSMapping: Sendable {
    public struct Entry: Sendable {
        public let line: Int
        public let mac: MACAddress
        public let osName: String
        public let name: String?
    }

    public let entries: [Entry]

    public init(parsing text: String, file: String) throws(FleetError) {
        var entries: [Entry] = []
        var issues: [ValidationIssue] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let columns = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if columns.allSatisfy(\.isEmpty) { continue }
            let location = "\(file):\(offset + 1)"
            guard (2...3).contains(columns.count), !columns[1].isEmpty else {
                issues.append(ValidationIssue(field: "line", value: String(raw), rule: "is not 'MAC, os-name[, host-name]'", location: location))
                continue
            }
            do {
                let mac = try MACAddress(columns[0])
                entries.append(Entry(line: offset + 1, mac: mac, osName: columns[1], name: columns.count == 3 ? columns[2] : nil))
            } catch {
                issues.append(ValidationIssue(field: "mac", value: columns[0], violation: error, location: location))
            }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
        self.entries = entries
    }
}
