import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// `GET /boot?mac=…` answered on the connection's event loop, in the channel pipeline, from the
/// answers `FleetView` keeps in memory: a rack powering on together opens connections by the
/// thousand, and each request then costs a parse and a write, not a trip through the router and
/// an async task.
///
/// A connection that only asks for boot scripts never leaves the event loop. The first other
/// request hands the connection over (`handOver` adds Hummingbird's side to the pipeline) and goes
/// on to it, as does every later request, and a `/boot` that arrives while an earlier request is
/// still being answered there, so pipelined responses keep their order.
final class BootFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let answer: @Sendable (URI) -> (HTTPResponse.Status, ByteBuffer)
    private let handOver: (any Channel) throws -> Void
    private var handedOver = false
    /// Requests passed on to Hummingbird whose responses have not ended yet.
    private var pending = 0
    /// The answer to the request being read (its head taken here), sent once the request ends.
    private var reply: (status: HTTPResponse.Status, body: ByteBuffer, close: Bool)?
    /// The server is stopping: close once the answer being read is sent.
    private var quiescing = false
    /// The last answer written here.
    private var lastWrite: EventLoopFuture<Void>?

    init(answer: @escaping @Sendable (URI) -> (HTTPResponse.Status, ByteBuffer), handOver: @escaping (any Channel) throws -> Void) {
        self.answer = answer
        self.handOver = handOver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if pending == 0, request.method == .get, let path = request.path, path.hasPrefix("/boot?") || path == "/boot" {
                let (status, body) = answer(URI(path))
                reply = (status, body, quiescing || request.headerFields[.connection]?.lowercased().contains("close") == true)
                return
            }
            if !handedOver {
                do {
                    try handOver(context.channel)
                    handedOver = true
                } catch {
                    context.close(promise: nil)
                    return
                }
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
            send(reply, context: context)
        }
    }

    private func send(_ reply: (status: HTTPResponse.Status, body: ByteBuffer, close: Bool), context: ChannelHandlerContext) {
        var head = HTTPResponse(status: reply.status)
        head.headerFields[.contentType] = "text/plain; charset=utf-8"
        head.headerFields[.contentLength] = String(reply.body.readableBytes)
        head.headerFields[.date] = HTTPDate.now()
        head.headerFields[.server] = "ZeroTouch"
        if reply.close { head.headerFields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(reply.body)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        lastWrite = written.futureResult
        if reply.close { closeWhenWritten(context: context) }
    }

    /// Closes the connection once what was written has left (a close drops writes still queued).
    private func closeWhenWritten(context: ChannelHandlerContext) {
        guard let lastWrite else { return context.close(promise: nil) }
        lastWrite.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { pending -= 1 }
        context.write(data, promise: promise)
    }

    /// Until the hand-over, this handler is the connection's HTTP server: it closes the connection
    /// when the client has sent all it will (every request read is answered by then), when the
    /// server stops (after the answer being read), and answers a request it cannot parse.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard !handedOver else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if case ChannelEvent.inputClosed = event {
            closeWhenWritten(context: context)
        } else if event is ChannelShouldQuiesceEvent {
            quiescing = true
            if reply == nil { closeWhenWritten(context: context) } else { reply?.close = true }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !handedOver else {
            context.fireErrorCaught(error)
            return
        }
        reply = nil
        let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        lastWrite = written.futureResult
        closeWhenWritten(context: context)
    }
}
