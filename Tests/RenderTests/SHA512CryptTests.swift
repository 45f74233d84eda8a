import Foundation
import Render
import TestSupport
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
        let expected = try ProcessRunner.run("openssl", ["passwd", "-6", "-salt", "Zt0uchSalt", "-stdin"], input: password + "\n")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(SHA512Crypt.hash(password, salt: "Zt0uchSalt") == expected)
    }
}
