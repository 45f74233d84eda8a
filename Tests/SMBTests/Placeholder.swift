import SMB
import Testing

@Test func credentialsDescription() {
    let c = SMBCredentials(user: "reader", password: "x")
    print("DESC[\(c)] domain=\(String(describing: c.domain))")
    let client = SMBClient(base: "smb://127.0.0.1:4455/deploy/pxe", credentials: c)
    print("DESC2[\(client.credentials)]")
}
