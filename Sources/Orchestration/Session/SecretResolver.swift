import Fleet
import Foundation
import Synchronization

/// Reads secrets from the environment or from files, once each, when a render needs them; one per
/// session, shared by its rendering threads. A secret that cannot be read is refused with where it
/// was looked for, never with a value.
final class SecretResolver: Sendable {
    private let values = Mutex<[SecretReference: String]>([:])
    private let environment: [String: String]

    /// - Parameter environment: the one the session was given: nothing here reads the process's own.
    init(environment: [String: String]) {
        self.environment = environment
    }

    /// - Parameter field: where the reference came from, for the message (`profiles.w10.admin_password`).
    func value(of reference: SecretReference, field: String) throws(FleetError) -> String {
        if let known = values.withLock({ $0[reference] }) { return known }
        let value: String
        switch reference {
        case .environment(let name):
            guard let found = environment[name], !found.isEmpty else {
                throw FleetError(ValidationIssue(field: field + "_env", value: name,
                                                 rule: "is not set (or empty); export it before running zerotouch. Nothing was written."))
            }
            value = found
        case .file(let path):
            var text = try ReferencedFile.text(path, field: field + "_file")
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw FleetError(ValidationIssue(field: field + "_file", value: path,
                                                 rule: "is empty or holds more than one line; a secret's file holds the secret alone. Nothing was written."))
            }
            value = text
        }
        values.withLock { $0[reference] = value }
        return value
    }
}
