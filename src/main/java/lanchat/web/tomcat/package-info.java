/**
 * Tomcat behind two doors: {@link lanchat.web.tomcat.SocketWrites}, how frames reach a
 * WebSocket's socket, and {@link lanchat.web.tomcat.AcceptedConnections}, what Tomcat's
 * acceptor asks about every connection before reading it; and every setting of Tomcat's
 * that keeps a connection cheap. The rest of the application sees only those interfaces
 * and {@link lanchat.web.tomcat.Frame}.
 */
@NullMarked
package lanchat.web.tomcat;

import org.jspecify.annotations.NullMarked;
