/**
 * Tomcat behind one door ({@link lanchat.web.tomcat.SocketWrites}): how frames reach a WebSocket's socket,
 * and every setting of Tomcat's that keeps a connection cheap. The rest of the application sees only that
 * interface and {@link lanchat.web.tomcat.Frame}.
 */
@NullMarked
package lanchat.web.tomcat;

import org.jspecify.annotations.NullMarked;
