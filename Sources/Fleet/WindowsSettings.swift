/// What a Windows host's answer file says about it, beyond its name and addresses. Set per profile,
/// overridden per host (the host's value wins, key by key; lists are replaced, not merged).
public struct WindowsSettings: Codable, Sendable, Equatable {
    public var timeZone: String?
    public var owner: String?
    public var organization: String?
    public var productKey: SecretReference?
    public var adminPassword: SecretReference?
    /// Log on as Administrator this many times after setup (needs the admin password).
    public var autoLogonCount: Int?
    public var domain: DomainJoin?
    public var workgroup: String?
    /// The DNS suffix of every statically addressed NIC (DNS-Client `DNSDomain`).
    public var dnsSuffix: String?
    /// One locale for input, system, UI and user (`en-US`).
    public var locale: String?
    /// Shell-Setup FirstLogonCommands, oobeSystem pass.
    public var firstLogon: [String]?
    /// Microsoft-Windows-Deployment RunSynchronous, specialize pass.
    public var specialize: [String]?
    /// Driver sets for the installed image (`drivers:`); a host's replaces its profile's.
    public var drivers: DriverChoice?

    public init() {}

    /// `self` with every setting `override` has replacing this one's.
    public func overridden(by override: WindowsSettings?) -> WindowsSettings {
        guard let override else { return self }
        var merged = self
        merged.timeZone = override.timeZone ?? timeZone
        merged.owner = override.owner ?? owner
        merged.drivers = override.drivers ?? drivers
        merged.organization = override.organization ?? organization
        merged.productKey = override.productKey ?? productKey
        merged.adminPassword = override.adminPassword ?? adminPassword
        merged.autoLogonCount = override.autoLogonCount ?? autoLogonCount
        if override.domain != nil || override.workgroup != nil {
            merged.domain = override.domain
            merged.workgroup = override.workgroup
        }
        merged.dnsSuffix = override.dnsSuffix ?? dnsSuffix
        merged.locale = override.locale ?? locale
        merged.firstLogon = override.firstLogon ?? firstLogon
        merged.specialize = override.specialize ?? specialize
        return merged
    }

    /// The secrets these settings name, with the config key each came from.
    public var secrets: [(key: String, reference: SecretReference)] {
        var result: [(String, SecretReference)] = []
        if let productKey { result.append(("product_key", productKey)) }
        if let adminPassword { result.append(("admin_password", adminPassword)) }
        if let password = domain?.password { result.append(("domain.password", password)) }
        return result
    }
}
