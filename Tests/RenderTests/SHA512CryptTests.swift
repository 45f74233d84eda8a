import Foundation
import Render
import Testing

struct SHA512CryptTests {
    /// The specification's own test vectors (default rounds).
    @Test func matchesTheSpecificationsVectors() {
        #expect(SHA512Crypt.hash("Hello world!", salt: "saltstring")
            == "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")
        #expect(SHA512Crypt.hash("", salt: "saltstringsaltstring").hasPrefix("$6$saltstringsaltst$"), "salts are cut at 16")
    }

    /// And what `openssl passwd -6` makes of passwords of every length class.
    @Test(arguments: ["a", "correct horse battery staple", String(repeating: "x", count: 70), "pässwörd€"])
    func matchesOpenSSL(_ password: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["passwd", "-6", "-salt", "Zt0uchSalt", "-stdin"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        #expect(SHA512Crypt.hash(password, salt: "Zt0uchSalt") == expected)
    }
}
