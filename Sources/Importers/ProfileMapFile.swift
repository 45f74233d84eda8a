public import Fleet
import Foundation

/// `--profile-map FILE` for `import dhcpd`: one `KEY PROFILE` per line (a comma or `=` may separate
/// them), where KEY is a dhcpd `host` declaration name or a MAC; `#` starts a comment. Pure.
public struct ProfileMapFile: Sendable {
    public private(set) var byName: [String: String] = [:]
    public private(set) var byMAC: [MACAddress: String] = [:]

    public init(parsing text: String, file: String) throws(FleetError) {
        var issues: [ValidationIssue] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let columns = line.split(whereSeparator: { " \t,=".contains($0) }).map(String.init)
            if columns.isEmpty { continue }
            guard columns.count == 2 else {
                issues.append(ValidationIssue(field: "line", value: String(raw), rule: "is not 'HOST-OR-MAC PROFILE'", location: "\(file):\(offset + 1)"))
                continue
            }
            if let mac = try? MACAddress(columns[0]) { byMAC[mac] = columns[1] } else { byName[columns[0]] = columns[1] }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
    }

    public init() {}

    public func profile(for declaration: ISCConfigReader.Declaration) -> String? {
        byName[declaration.name] ?? declaration.macs.lazy.compactMap { byMAC[$0] }.first
    }
}
