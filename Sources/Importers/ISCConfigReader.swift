public import Fleet

/// Reads the host declarations of an ISC `dhcpd.conf` (seed 003's is the first case): `host` blocks
/// anywhere (top level, `group`, `subnet`, `shared-network`), with `hardware ethernet`,
/// `fixed-address` and `option host-name`, and the `subnet`, `option routers` and
/// `option domain-name-servers` around them. Other statements are skipped. Pure: the caller reads
/// the file.
public struct ISCConfigReader {
    /// One `host` block as declared.
    public struct Declaration: Sendable {
        public let name: String
        public let line: Int
        public var macs: [MACAddress] = []
        public var address: IPv4Address?
        public var hostName: String?
        /// `subnet` declarations and `option routers` / `domain-name-servers` from the block outwards.
        public var subnet: IPv4Interface?
        public var routers: [IPv4Address] = []
        public var dns: [IPv4Address] = []
    }

    public private(set) var declarations: [Declaration] = []
    /// Statements that could not be read; each names its line.
    public private(set) var issues: [ValidationIssue] = []
    /// Set when the file's structure is broken (an unclosed block or string): nothing after it can be trusted.
    public private(set) var fatal = false

    private let file: String

    public init(parsing text: String, file: String) {
        self.file = file
        var tokens = ISCTokenizer(text)
        var scopes: [Scope] = [Scope(kind: "", header: [], line: 0)]
        var statement: [ISCTokenizer.Token] = []
        var subnets: [IPv4Interface] = []
        while true {
            let token: ISCTokenizer.Token?
            do {
                token = try tokens.next()
            } catch {
                issue(line: error.line, field: "file", value: nil, error.rule)
                fatal = true
                break
            }
            guard let token else { break }
            switch token.kind {
            case .semicolon:
                if !statement.isEmpty { apply(statement, to: &scopes[scopes.count - 1]) }
                statement = []
            case .open:
                let header = statement.map(\.text)
                var scope = Scope(kind: header.first ?? "", header: Array(header.dropFirst()), line: statement.first?.line ?? token.line)
                if scope.kind == "subnet", let subnet = Self.subnet(scope.header) {
                    scope.subnet = subnet
                    subnets.append(subnet)
                }
                scopes.append(scope)
                statement = []
            case .close:
                if !statement.isEmpty {
                    issue(line: statement[0].line, field: statement[0].text, value: nil, "has no ';' before the closing '}'")
                    scopes[scopes.count - 1].broken = true
                    statement = []
                }
                guard scopes.count > 1 else {
                    issue(line: token.line, field: "file", value: nil, "has a '}' that closes nothing")
                    fatal = true
                    break
                }
                let closed = scopes.removeLast()
                if closed.kind == "host" { finish(closed, inside: scopes) }
            case .word, .string, .comma:
                statement.append(token)
            }
            if fatal { break }
        }
        if !fatal && scopes.count > 1 {
            issue(line: scopes.last!.line, field: scopes.last!.kind, value: nil, "opens a block that is never closed")
            fatal = true
        }
        // Hosts declared outside their subnet block take the subnet that holds their address.
        for index in declarations.indices where declarations[index].subnet == nil {
            if let address = declarations[index].address, let subnet = subnets.first(where: { $0.hostsAddress(address) }) {
                declarations[index].subnet = try? IPv4Interface(address: address, prefixLength: subnet.prefixLength)
            }
        }
    }

    /// A block being read, with the settings hosts inside it inherit.
    struct Scope {
        let kind: String
        let header: [String]
        let line: Int
        var subnet: IPv4Interface?
        var routers: [IPv4Address]?
        var dns: [IPv4Address]?
        var macs: [MACAddress] = []
        var address: IPv4Address?
        var hostName: String?
        var broken = false
    }

    private mutating func apply(_ statement: [ISCTokenizer.Token], to scope: inout Scope) {
        let words = statement.map(\.text)
        let line = statement[0].line
        let values = words.dropFirst(words.first == "option" ? 2 : 1).filter { $0 != "," }
        switch (words.first, words.count > 1 ? words[1] : nil) {
        case ("hardware", "ethernet"):
            guard words.count == 3, let mac = try? MACAddress(words[2]) else {
                issue(line: line, field: "hardware ethernet", value: words.dropFirst(2).joined(separator: " "),
                      "is not one MAC address followed by ';' (such as hardware ethernet 00:16:3e:72:79:e3;)")
                scope.broken = true
                return
            }
            scope.macs.append(mac)
        case ("fixed-address", _):
            guard let first = values.first, let address = try? IPv4Address(first) else {
                issue(line: line, field: "fixed-address", value: values.joined(separator: ", "),
                      "is not an IPv4 address (names that DNS resolves are not imported)")
                scope.broken = true
                return
            }
            scope.address = address
        case ("option", "host-name"):
            scope.hostName = values.first
        case ("option", "routers"):
            scope.routers = values.compactMap { try? IPv4Address($0) }
        case ("option", "domain-name-servers"):
            scope.dns = values.compactMap { try? IPv4Address($0) }
        default:
            break
        }
    }

    private mutating func finish(_ host: Scope, inside scopes: [Scope]) {
        guard let name = host.header.first, host.header.count == 1 else {
            issue(line: host.line, field: "host", value: host.header.joined(separator: " "), "is not 'host NAME { … }'")
            return
        }
        if host.broken { return }
        guard !host.macs.isEmpty else {
            issue(line: host.line, field: "host \(name)", value: nil, "has no 'hardware ethernet' statement, so it cannot be registered by MAC")
            return
        }
        var declaration = Declaration(name: name, line: host.line)
        declaration.macs = host.macs
        declaration.address = host.address
        declaration.hostName = host.hostName
        let chain = [host] + scopes.reversed()
        declaration.routers = chain.lazy.compactMap(\.routers).first ?? []
        declaration.dns = chain.lazy.compactMap(\.dns).first ?? []
        if let address = host.address, let subnet = chain.lazy.compactMap(\.subnet).first, subnet.hostsAddress(address) {
            declaration.subnet = try? IPv4Interface(address: address, prefixLength: subnet.prefixLength)
        }
        declarations.append(declaration)
    }

    /// `subnet 192.168.1.0 netmask 255.255.255.0` as an interface on its network address.
    static func subnet(_ header: [String]) -> IPv4Interface? {
        guard header.count == 3, header[1] == "netmask", let network = try? IPv4Address(header[0]),
              let mask = try? IPv4Address(header[2]) else { return nil }
        let length = mask.rawValue.nonzeroBitCount
        guard mask.rawValue == (length == 0 ? 0 : UInt32.max << UInt32(32 - length)), length >= 8, length <= 30 else { return nil }
        // Any host address works for `hostsAddress`; use the first one.
        return try? IPv4Interface(address: IPv4Address(rawValue: network.rawValue + 1), prefixLength: length)
    }

    private mutating func issue(line: Int, field: String, value: String?, _ rule: String) {
        issues.append(ValidationIssue(field: field, value: value, rule: rule, location: "\(file):\(line)"))
    }
}
