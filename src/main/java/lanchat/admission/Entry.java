package lanchat.admission;

import java.util.Optional;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.Claim;
import lanchat.protocol.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * One accepted socket, from accept to close, as admission sees it: where it comes from,
 * whether it was over a connection limit when it was accepted, and once it has joined,
 * who it is.
 */
public final class Entry {

	private final String id;

	private final String address;

	private final Transport transport;

	private final @Nullable Refusal overLimit;

	private @Nullable Connection connection;

	private @Nullable Claim claim;

	private boolean closed;

	Entry(String id, String address, Transport transport, @Nullable Refusal overLimit) {
		this.id = id;
		this.address = address;
		this.transport = transport;
		this.overLimit = overLimit;
	}

	/** The connection's id, unique among its transport's open connections. */
	public String id() {
		return id;
	}

	public String address() {
		return address;
	}

	public Transport transport() {
		return transport;
	}

	/**
	 * Why this socket may not stay, if it was over a connection limit when it was
	 * accepted.
	 */
	public Optional<Refusal> refusal() {
		return Optional.ofNullable(overLimit);
	}

	/** Who it is, once it has joined; {@code null} before and after. */
	public synchronized @Nullable Connection connection() {
		return closed ? null : connection;
	}

	synchronized @Nullable Long device() {
		return claim == null ? null : claim.device();
	}

	/** The claim it joined with; {@code null} before it joined. */
	synchronized @Nullable Claim claim() {
		return claim;
	}

	/**
	 * @return false if it closed (or joined) already
	 */
	synchronized boolean admit(Connection joined, Claim with) {
		if (closed || connection != null) {
			return false;
		}
		connection = joined;
		claim = with;
		return true;
	}

	synchronized boolean isClosed() {
		return closed;
	}

	/**
	 * @return true the first time only
	 */
	synchronized boolean close() {
		if (closed) {
			return false;
		}
		closed = true;
		return true;
	}

	/** Who it was, whether or not it has closed since. */
	synchronized @Nullable Connection joined() {
		return connection;
	}

}
