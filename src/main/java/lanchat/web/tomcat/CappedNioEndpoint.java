package lanchat.web.tomcat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO endpoint with {@link AcceptedConnections} asked at accept time. Tomcat has
 * no public way to see a connection before its request is read (a valve or filter sees
 * none of the connections that never send a whole request), so this reaches two protected
 * members meant for subclasses: {@link #setSocketOptions}, which the acceptor calls for
 * every new socket, and the {@code connections} map, from which Tomcat removes every
 * socket when it closes it, which is where the closing is counted. {@code AcceptCapTests}
 * fails if either stops being called.
 */
final class CappedNioEndpoint extends NioEndpoint {

	private volatile AcceptedConnections gate = Everyone.INSTANCE;

	/** The sockets that the gate let stay, and their addresses, until they close. */
	private final Map<SocketChannel, InetAddress> admitted = new ConcurrentHashMap<>();

	CappedNioEndpoint() {
		connections = new ConcurrentHashMap<>() {

			@Override
			public @Nullable SocketWrapperBase<NioChannel> remove(Object socket) {
				release(socket);
				return super.remove(socket);
			}
		};
	}

	void gate(AcceptedConnections gate) {
		this.gate = gate;
	}

	@Override
	protected boolean setSocketOptions(SocketChannel socket) {
		InetAddress address = remoteAddress(socket);
		if (address != null) {
			if (!gate.opened(address)) {
				// closed here, and counted out of Tomcat's own connection count; nothing
				// is left for the acceptor
				super.destroySocket(socket);
				return true;
			}
			admitted.put(socket, address);
		}
		return super.setSocketOptions(socket);
	}

	/**
	 * Tomcat's way out for a socket it could not set up; the gate hears of it as of any
	 * close.
	 */
	@Override
	protected void destroySocket(SocketChannel socket) {
		release(socket);
		super.destroySocket(socket);
	}

	private void release(Object socket) {
		InetAddress address = admitted.remove(socket);
		if (address != null) {
			gate.closed(address);
		}
	}

	private static @Nullable InetAddress remoteAddress(SocketChannel socket) {
		try {
			return socket.getRemoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Until the application's gate is set: every connection may stay. */
	private enum Everyone implements AcceptedConnections {

		INSTANCE;

		@Override
		public boolean opened(InetAddress address) {
			return true;
		}

		@Override
		public void closed(InetAddress address) {
		}

	}

}
