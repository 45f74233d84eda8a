import Fleet
import XML

/// Checks an unattend.xml or a Sysprep.inf (an operator's base or a rendered file) for the mistakes
/// that make Windows setup stop, each with its line.
public enum AnswerFileLint {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int?
        public let message: String

        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    static let architectures: Set = ["x86", "amd64", "arm64", "wow64"]
    static let componentAttributes = ["name", "processorArchitecture", "publicKeyToken", "language", "versionScope"]

    /// Sysprep.inf when `bytes` do not start like XML, unattend.xml otherwise.
    public static func check(_ bytes: [UInt8], name: String) -> [Problem] {
        let start = bytes.drop(while: { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).first
        if start == UInt8(ascii: "<") { return checkUnattend(bytes, name: name) }
        return checkSysprep(String(decoding: bytes, as: UTF8.self))
    }

    static func checkUnattend(_ bytes: [UInt8], name: String) -> [Problem] {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: bytes, name: name)
            try UnattendDocument.check(document)
        } catch {
            return [Problem(line: error.line, message: error.message)]
        }
        var problems: [Problem] = []
        let ns = ["u": UnattendDocument.namespace]
        func all(_ xpath: String) -> [XMLElement] { (try? document.select(xpath, namespaces: ns)) ?? [] }
        for settings in all("/u:unattend/u:settings") {
            let pass = settings.attribute("pass") ?? ""
            if !UnattendDocument.passes.contains(pass) {
                problems.append(Problem(line: settings.line, message: "settings pass '\(pass)' is not a pass Windows knows (\(UnattendDocument.passes.joined(separator: ", ")))"))
            }
        }
        for component in all("/u:unattend/u:settings/u:component") {
            let missing = componentAttributes.filter { component.attribute($0) == nil }
            if !missing.isEmpty {
                problems.append(Problem(line: component.line, message: "component \(component.attribute("name") ?? "") lacks \(missing.joined(separator: ", "))"))
            }
            if let arch = component.attribute("processorArchitecture"), !architectures.contains(arch) {
                problems.append(Problem(line: component.line, message: "processorArchitecture '\(arch)' is not one of \(architectures.sorted().joined(separator: ", "))"))
            }
        }
        for element in all("//u:ComputerName") where element.text != "*" {
            do { try HostNameRule.netbios.check(element.text) } catch {
                problems.append(Problem(line: element.line, message: "ComputerName '\(element.text)' \(error.rule)"))
            }
        }
        for element in all("//u:UnicastIpAddresses/u:IpAddress") where !element.text.contains(":") {
            if (try? IPv4Interface(element.text)) == nil {
                problems.append(Problem(line: element.line, message: "IpAddress '\(element.text)' is not an address with a prefix length such as 192.168.1.188/24"))
            }
        }
        for element in all("//u:DNSServerSearchOrder/u:IpAddress") where !element.text.contains(":") {
            if (try? IPv4Address(element.text)) == nil {
                problems.append(Problem(line: element.line, message: "DNS server '\(element.text)' is not an IPv4 address"))
            }
        }
        for value in all("//u:Value[../u:PlainText='false']") {
            let suffix = value.parentName == "AdministratorPassword" ? "AdministratorPassword" : "Password"
            if !isEncoded(value.text, suffix: suffix) {
                problems.append(Problem(line: value.line, message: "the \(value.parentName ?? "password") Value is not Windows' encoding (Base64 of the UTF-16LE password followed by '\(suffix)'); setup would stop with 0x8007000d"))
            }
        }
        for identification in all("//u:Identification[u:JoinDomain and u:JoinWorkgroup]") {
            problems.append(Problem(line: identification.line, message: "Identification has both JoinDomain and JoinWorkgroup; give one"))
        }
        return problems
    }

    static func isEncoded(_ text: String, suffix: String) -> Bool {
        guard let bytes = Base64.decode(text), bytes.count % 2 == 0 else { return false }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self).hasSuffix(suffix)
    }

    static func checkSysprep(_ text: String) -> [Problem] {
        let document = IniDocument(parsing: text)
        var problems = document.unreadableLines.map { Problem(line: $0, message: "is not a [Section], a Key=Value line or a ; comment") }
        func value(_ section: String, _ key: String) -> (String, Int)? {
            guard let value = document.value(section, key), let line = document.line(section, key) else { return nil }
            return (value, line)
        }
        func quoted(_ text: String) -> Bool { text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") }
        if let (name, line) = value("UserData", "ComputerName"), name != "*" {
            do { try HostNameRule.netbios.check(name) } catch { problems.append(Problem(line: line, message: "ComputerName '\(name)' \(error.rule)")) }
        }
        if let (key, line) = value("UserData", "ProductKey") {
            if !quoted(key) || !SysprepDocument.isProductKey(String(key.dropFirst().dropLast())) {
                problems.append(Problem(line: line, message: "ProductKey must be quoted, five groups of five joined by '-' (\"XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\")"))
            }
        }
        for key in ["FullName", "OrgName"] {
            if let (text, line) = value("UserData", key), !quoted(text) { problems.append(Problem(line: line, message: "\(key) must be quoted")) }
        }
        if let (password, line) = value("GuiUnattended", "AdminPassword"), password != "*", !quoted(password) {
            problems.append(Problem(line: line, message: "AdminPassword must be quoted (or * for a blank password)"))
        }
        if let (zone, line) = value("GuiUnattended", "TimeZone"), !zone.allSatisfy({ $0.isASCII && $0.isNumber }) || zone.isEmpty {
            problems.append(Problem(line: line, message: "TimeZone '\(zone)' must be a numeric index such as 110 (W. Europe) or 035 (Eastern)"))
        }
        if value("Identification", "JoinDomain") != nil, let (_, line) = value("Identification", "JoinWorkgroup") {
            problems.append(Problem(line: line, message: "[Identification] has both JoinDomain and JoinWorkgroup; give one"))
        }
        return problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }
}
