import Fleet
import Foundation

/// Reads secrets from the environment or from files, once each, when a render needs them. A secret
/// that cannot be read is refused with where it was looked for, never with a value.
final class SecretResolver {
    static var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    private var values: [SecretReference: String] = [:]
    private let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// - Parameter field: where the reference came from, for the message (`profiles.w10.admin_password`).
    func value(of reference: SecretReference, field: String) throws(FleetError) -> String {
        if let known = values[reference] { return known }
        let value: String
        switch reference {
        case .environment(let name):
            guard let found = environment[name], !found.isEmpty else {
                throw FleetError(ValidationIssue(field: field, value: nil,
                                                 rule: "names the environment variable \(name), which is not set (or empty); export it before running zerotouch. Nothing was written."))
            }
            value = found
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
                throw FleetError(ValidationIssue(field: field, value: nil,
                                                 rule: "names the file \(path), which cannot be read as UTF-8 text. Nothing was written."))
            }
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw FleetError(ValidationIssue(field: field, value: nil,
                                                 rule: "names the file \(path), which is empty or holds more than one line. Nothing was written."))
            }
            value = text
        }
        values[reference] = value
        return value
    }
}
