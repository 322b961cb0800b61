package lanchat.web.tomcat;

import java.net.InetAddress;

/**
 * What the web server asks about every connection as it accepts it, before it reads a
 * byte: HTTP, HTTPS and WebSockets alike. So a client that opens thousands of connections
 * and sends nothing (or a request line and then nothing) is stopped at its own share, and
 * the server stays reachable for everyone else.
 */
public interface AcceptedConnections {

	/**
	 * Whether a connection just accepted from {@code address} may stay; when it may,
	 * {@link #closed} is called for it exactly once, when it closes.
	 */
	boolean opened(InetAddress address);

	/** A connection that {@link #opened} let stay has closed. */
	void closed(InetAddress address);

}
