import Foundation

/// The parts of a Kea control-channel answer ZeroTouch reads: `{"result": 0, "text": "…"}`,
/// or a list of such answers.
struct KeaReply {
    let result: Int?
    let text: String?

    init(_ bytes: [UInt8]) {
        var object = try? JSONSerialization.jsonObject(with: Data(bytes))
        if let list = object as? [Any] { object = list.first }
        let dictionary = object as? [String: Any]
        result = dictionary?["result"] as? Int
        text = dictionary?["text"] as? String
    }
}
