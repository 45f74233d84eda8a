public import Fleet
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

    /// Sysprep.inf when `bytes` do not start like XML, unattend.xml otherwise; either in UTF-8 or
    /// UTF-16 (LE or BE, as `AnswerFileText` reads them).
    /// - Parameter arch: the image's architecture; components it ignores are reported. Without it,
    ///   the file's own (`UnattendArchitecture`) is assumed, and a component for another
    ///   architecture is reported when nothing for that one stands beside it in its pass.
    public static func check(_ bytes: [UInt8], name: String, arch: Architecture? = nil) -> [Problem] {
        if AnswerFileText.looksLikeXML(bytes) { return checkUnattend(bytes, name: name, arch: arch) }
        return checkSysprep(AnswerFileText.decode(bytes).text)
    }

    static func checkUnattend(_ bytes: [UInt8], name: String, arch declared: Architecture? = nil) -> [Problem] {
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
        // An empty ComputerName or `*` lets Windows choose a name.
        for element in all("//u:ComputerName") where element.text != "*" && !element.text.isEmpty {
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
        problems += architectureProblems(document, declared: declared)
        return problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }

    static func architectureProblems(_ document: XMLDocument, declared: Architecture?) -> [Problem] {
        // `of` refuses only a declared architecture that no component outside windowsPE has.
        guard let arch = try? UnattendArchitecture.of(document, declared: declared) else {
            let found = Set(UnattendArchitecture.imageComponents(document).compactMap { $0.arch?.rawValue }).sorted().joined(separator: ", ")
            let first = UnattendArchitecture.imageComponents(document).first { $0.arch != nil }?.element
            return [Problem(line: first?.line, message: "no component outside windowsPE is for \(declared!.rawValue) (they are for \(found)): an \(declared!.rawValue) image ignores them all")]
        }
        let kept = Set(UnattendArchitecture.imageComponents(document).filter { $0.arch == arch }.map { key($0.element) })
        return UnattendArchitecture.ignored(in: document, arch: arch).compactMap { component in
            // A file for two architectures (each component twice) is fine unless the image's architecture was given.
            if declared == nil, kept.contains(key(component)) { return nil }
            let found = component.attribute("processorArchitecture") ?? ""
            return Problem(line: component.line, message: "component \(component.attribute("name") ?? "") (\(component.parentPass ?? "")) is for \(found): an \(arch.rawValue) image ignores it\(declared == nil ? " (the file's other components are for \(arch.rawValue))" : "")")
        }
    }

    static func key(_ component: XMLElement) -> String {
        "\(component.parentPass ?? "")|\(component.attribute("name") ?? "")"
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
        // Setup takes a value with or without quotes; one with a space needs them.
        func unquoted(_ text: String) -> String { quoted(text) ? String(text.dropFirst().dropLast()) : text }
        if let (name, line) = value("UserData", "ComputerName"), unquoted(name) != "*" {
            do { try HostNameRule.netbios.check(unquoted(name)) } catch { problems.append(Problem(line: line, message: "ComputerName '\(unquoted(name))' \(error.rule)")) }
        }
        if let (key, line) = value("UserData", "ProductKey"), !SysprepDocument.isProductKey(unquoted(key)) {
            problems.append(Problem(line: line, message: "ProductKey must be five groups of five letters and digits joined by '-' (\"XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\")"))
        }
        for key in ["FullName", "OrgName"] {
            if let (text, line) = value("UserData", key), !quoted(text), text.contains(" ") { problems.append(Problem(line: line, message: "\(key) has a space, so it must be quoted")) }
        }
        if let (password, line) = value("GuiUnattended", "AdminPassword"), !quoted(password), password.contains(" ") {
            problems.append(Problem(line: line, message: "AdminPassword has a space, so it must be quoted"))
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
