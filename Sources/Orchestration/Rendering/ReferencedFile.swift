import Fleet
import Foundation

/// A file the fleet file names (a base answer file, a kickstart template, a secret): read when a
/// render needs it, refused with the field that names it and the reason in words.
enum ReferencedFile {
    /// The bytes of `path`; `field` is the key that names it (`profiles.w10.answer_file`).
    static func bytes(_ path: String, field: String) throws(FleetError) -> Data {
        do {
            return try FleetFile.readable(path)
        } catch {
            throw FleetError(ValidationIssue(field: field, value: path, rule: "cannot be read: \(error.rule)"))
        }
    }

    /// The text of `path`, which must be UTF-8.
    static func text(_ path: String, field: String) throws(FleetError) -> String {
        let data = try bytes(path, field: field)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FleetError(ValidationIssue(field: field, value: path, rule: "is not UTF-8 text; save it as UTF-8"))
        }
        return text
    }
}
