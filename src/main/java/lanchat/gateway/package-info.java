/**
 * The seed's TCP gateway: lets the seed's own Python clients (VERSION 1.0-3.0 of
 * chat_room) join the same room as browser users, over plain TCP on Netty's event loops.
 * Each connection is a Netty pipeline of small handlers
 * ({@link lanchat.gateway.TcpPipeline}); its first bytes pick its dialect (JSON objects
 * or text lines), and after that it is one more {@link lanchat.delivery.Connection}, with
 * the same names, limits, presence and history as STOMP. See docs/seed-clients.md.
 */
@NullMarked
package lanchat.gateway;

import org.jspecify.annotations.NullMarked;
