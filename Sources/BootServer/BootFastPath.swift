import Hummingbird
import HummingbirdCore
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// `GET /boot?mac=…` answered on the connection's event loop, in the channel pipeline, from the
/// answers `FleetView` keeps in memory: a rack powering on together opens connections by the
/// thousand, and each request then costs a parse and a write, not a trip through the router and
/// an async task. Every other request goes on to Hummingbird, and so does a `/boot` that arrives
/// while an earlier request of the same connection is still being answered there, so pipelined
/// responses keep their order.
final class BootFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let answer: @Sendable (URI) -> (HTTPResponse.Status, ByteBuffer)
    /// Requests passed on to Hummingbird whose responses have not ended yet.
    private var pending = 0
    /// The answer to the request being read (its head taken here), sent once the request ends.
    private var reply: (status: HTTPResponse.Status, body: ByteBuffer, close: Bool)?

    init(answer: @escaping @Sendable (URI) -> (HTTPResponse.Status, ByteBuffer)) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if pending == 0, request.method == .get, let path = request.path, path.hasPrefix("/boot?") || path == "/boot" {
                let (status, body) = answer(URI(path))
                reply = (status, body, request.headerFields[.connection]?.lowercased().contains("close") == true)
                return
            }
            pending += 1
            context.fireChannelRead(data)
        case .body:
            if reply == nil { context.fireChannelRead(data) }
        case .end:
            guard let reply else {
                context.fireChannelRead(data)
                return
            }
            self.reply = nil
            var head = HTTPResponse(status: reply.status)
            head.headerFields[.contentType] = "text/plain; charset=utf-8"
            head.headerFields[.contentLength] = String(reply.body.readableBytes)
            if reply.close { head.headerFields[.connection] = "close" }
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(reply.body)), promise: nil)
            guard reply.close else {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { pending -= 1 }
        context.write(data, promise: promise)
    }
}
