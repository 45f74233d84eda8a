public import Fleet
public import Foundation

/// The JSON body of a lifecycle callback: `{"event": "started", "message": "…"}`.
public struct CallbackBody: Sendable {
    public let event: LifecycleEvent
    public let message: String

    public struct Refusal: Error {
        public let reason: String
    }

    public static let maxMessage = 1024

    public init(json data: Data) throws(Refusal) {
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw Refusal(reason: "the body is not a JSON object such as {\"event\": \"started\", \"message\": \"…\"}")
        }
        if let unknown = fields.keys.sorted().first(where: { $0 != "event" && $0 != "message" }) {
            throw Refusal(reason: "the body has the unknown key \(ValidationIssue.quoted(unknown, limit: 64)); it takes event and message")
        }
        let names = LifecycleEvent.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = fields["event"] as? String else { throw Refusal(reason: "the body has no \"event\" text (one of \(names))") }
        guard let event = LifecycleEvent(rawValue: name) else {
            throw Refusal(reason: "event \(ValidationIssue.quoted(name, limit: 64)) is not one of \(names)")
        }
        var message = ""
        if let value = fields["message"] {
            guard let text = value as? String, text.count <= Self.maxMessage else {
                throw Refusal(reason: "message is not text of at most \(Self.maxMessage) characters")
            }
            // One line in the timeline and the log, whatever the installer sent.
            message = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        }
        self.event = event
        self.message = message
    }
}
