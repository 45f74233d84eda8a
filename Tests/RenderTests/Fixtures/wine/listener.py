"""A stand-in boot server for ready.js under Wine: answers POSTs on 127.0.0.1 with the status codes
listed in argv[2] (comma-separated, the last one repeats), logs each request as one JSON line to
argv[1], and writes its port to argv[1] + '.port'. Stops after 60 s."""
import http.server, json, sys, threading

log, codes = sys.argv[1], [int(c) for c in sys.argv[2].split(",")]
calls = []

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        code = codes[min(len(calls), len(codes) - 1)]
        calls.append(code)
        with open(log, "a") as out:
            out.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                  "type": self.headers.get("Content-Type"), "body": body}) + "\n")
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(log + ".port", "w") as out:
    out.write(str(server.server_address[1]))
threading.Timer(60, server.shutdown).start()
server.serve_forever()
