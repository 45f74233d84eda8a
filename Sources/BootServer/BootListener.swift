import Foundation
import Hummingbird
import HummingbirdCore
import HTTPTypes
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTPTypesHTTP1
import NIOPosix
import ServiceLifecycle

/// The listening socket of `serve`, on SwiftNIO's own server bootstrap: every connection is taken
/// as it arrives, and `GET /boot` is answered in its pipeline (`BootFastPath`) from then on. A
/// connection's first other request hands it to Hummingbird's router through its HTTP/1 channel,
/// in a task of its own.
///
/// Hummingbird's own server hands each new connection to an async loop that pauses accepting after
/// a few are queued, so in a boot storm connections wait in the kernel's queue for that loop, behind
/// the tasks of the connections before them (p99 over a second at 1,000 connections).
///
/// On graceful shutdown (SIGTERM, SIGINT) it stops accepting, lets every connection finish the
/// request it is answering, and returns once they have all closed.
struct BootListener: Service {
    let host: String
    let port: Int
    let responder: RouterResponder<BasicRequestContext>
    let bootAnswer: @Sendable (URI) -> (HTTPResponse.Status, ByteBuffer)
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let logger = logger
        let http = HTTP1Channel(responder: { request, writer, channel in
            var response: Response
            do {
                response = try await responder.respond(to: request, context: BasicRequestContext(source: .init(channel: channel, logger: logger)))
            } catch {
                logger.debug("unanswered request", metadata: ["error": "\(error)"])
                response = Response(status: .internalServerError)
            }
            response.headers[.date] = HTTPDate.now()
            response.headers[.server] = "ZeroTouch"
            try await writer.write(response: response.head, body: response.body)
        })

        let group = MultiThreadedEventLoopGroup.singleton
        let quiescing = ServerQuiescingHelper(group: group)
        let (connections, arriving) = AsyncStream<HTTP1Channel.Value>.makeStream()
        let server = try await ServerBootstrap(group: group)
            // A boot storm opens connections by the thousand: a short accept queue drops SYNs, and
            // each drop costs the client a second of retransmission.
            .serverChannelOption(ChannelOptions.backlog, value: 4096)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Take the whole queue of a burst in one go rather than four connections per turn of the loop.
            .serverChannelOption(ChannelOptions.maxMessagesPerRead, value: 256)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelInitializer { [bootAnswer] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                    try channel.pipeline.syncOperations.addHandler(BootFastPath(answer: bootAnswer) { channel in
                        // What Hummingbird's HTTP1Channel.setup adds after the HTTP codecs.
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: logger))
                        arriving.yield(try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)))
                    })
                }
            }
            .bind(host: host, port: port).get()
        let bound = server.localAddress?.port ?? port
        logger.notice("listening on \(host):\(bound)")
        await onListening(bound)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { tasks in
                for await connection in connections {
                    tasks.addTask { await http.handle(value: connection, logger: logger) }
                }
            }
        } onGracefulShutdown: {
            let closed = server.eventLoop.makePromise(of: Void.self)
            closed.futureResult.whenComplete { _ in arriving.finish() }
            quiescing.initiateShutdown(promise: closed)
        }
        // Cancelled rather than shut down gracefully: the socket still listens.
        try? await server.close()
    }
}
