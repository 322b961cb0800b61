package lanchat.admission;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import lanchat.LanchatProperties;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * Every open socket of every transport, counted from accept to close against
 * {@code lanchat.limits.connections-per-address} and {@code max-connections} (so a socket
 * that never sends anything holds its place too), and the connections admission let in,
 * by identity: the registry that kicks, bans and logouts close connections from, whether
 * or not presence ever heard of them.
 */
@Component
public class OpenConnections {

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final Map<Connection, Admitted> admitted = new ConcurrentHashMap<>();

	private final int maxPerAddress;

	/** Connections other nodes of a cluster have open; none on a single node. */
	private volatile Elsewhere elsewhere = Elsewhere.NONE;

	private final int maxInAll;

	private final Clock clock;

	OpenConnections(LanchatProperties properties, Clock clock) {
		this.maxPerAddress = properties.limits().connectionsPerAddress();
		this.maxInAll = properties.limits().maxConnections();
		this.clock = clock;
	}

	/**
	 * Counts the connections that other nodes have open against
	 * {@code connections-per-address}, and lets moderation and commands reach them, from
	 * now on (cluster mode).
	 */
	public void spanNodes(Elsewhere otherNodes) {
		this.elsewhere = otherNodes;
	}

	/** The connections other nodes have open (none on a single node). */
	public Elsewhere elsewhere() {
		return elsewhere;
	}

	/**
	 * Counts a socket that was just accepted; its entry says whether it is over a limit.
	 */
	Entry open(String id, String address, Transport transport) {
		int fromAddress = perAddress.merge(address, 1, Integer::sum) + elsewhere.fromAddress(address);
		int inAll = open.incrementAndGet();
		Refusal overLimit = null;
		if (fromAddress > maxPerAddress) {
			overLimit = new Refusal(ErrorCode.TOO_MANY_CONNECTIONS,
					"too many connections from your address (at most " + maxPerAddress + ")");
		}
		else if (inAll > maxInAll) {
			overLimit = new Refusal(ErrorCode.SERVER_FULL, "the chat is full (" + maxInAll + " connections)");
		}
		return new Entry(id, address, transport, overLimit);
	}

	void admitted(Entry entry, Connection connection) {
		admitted.put(connection, new Admitted(entry, clock.instant()));
	}

	/** Counts out an entry that {@link #open} counted, once it has closed. */
	void closed(Entry entry) {
		open.decrementAndGet();
		perAddress.computeIfPresent(entry.address(), (address, count) -> count > 1 ? count - 1 : null);
		Connection joined = entry.joined();
		if (joined != null) {
			admitted.computeIfPresent(joined, (connection, known) -> known.entry() == entry ? null : known);
		}
	}

	/** Every connection that joined, with where it comes from. */
	public Map<Connection, String> joinedWithAddresses() {
		Map<Connection, String> all = new HashMap<>();
		admitted.forEach((connection, known) -> all.put(connection, known.entry().address()));
		return all;
	}

	/** The open connections of one identity, on every transport. */
	public List<Connection> of(long identityId) {
		return admitted.keySet().stream().filter(connection -> connection.user().identityId() == identityId).toList();
	}

	/**
	 * The open connections of one identity that were let in before
	 * {@code admittedBefore}: those a kick made then was meant for, not the ones that
	 * came back since.
	 */
	public List<Connection> of(long identityId, Instant admittedBefore) {
		return admitted.entrySet()
			.stream()
			.filter(known -> known.getKey().user().identityId() == identityId
					&& known.getValue().at().isBefore(admittedBefore))
			.map(Map.Entry::getKey)
			.toList();
	}

	/** The open connections that joined with a device token, and that token's id. */
	public Map<Connection, Long> devices() {
		Map<Connection, Long> all = new HashMap<>();
		admitted.forEach((connection, known) -> {
			Long device = known.entry().device();
			if (device != null) {
				all.put(connection, device);
			}
		});
		return all;
	}

	/** The open connections that joined with one of these device tokens. */
	public List<Connection> usingDevices(Collection<Long> devices) {
		return admitted.values()
			.stream()
			.map(Admitted::entry)
			.filter(entry -> entry.device() != null && devices.contains(entry.device()))
			.map(Entry::connection)
			.filter(connection -> connection != null)
			.toList();
	}

	/**
	 * The identity's open connections that hold one of these revoked device tokens, or
	 * none: those came in with a password (a seed client over TCP is given no token),
	 * which proves nothing once it changed.
	 */
	public List<Connection> loggedOut(long identityId, Collection<Long> revoked) {
		return of(identityId).stream()
			.filter(connection -> deviceOf(connection).map(revoked::contains).orElse(true))
			.toList();
	}

	/** Where a connection comes from, while it is open. */
	public Optional<String> addressOf(Connection connection) {
		return Optional.ofNullable(admitted.get(connection)).map(known -> known.entry().address());
	}

	/** The device token a connection joined with, if it used or was given one. */
	public Optional<Long> deviceOf(Connection connection) {
		return Optional.ofNullable(admitted.get(connection)).map(known -> known.entry().device());
	}

	/** How many sockets are open, joined or not. */
	public int count() {
		return open.get();
	}

	/** A connection admission let in, and when. */
	private record Admitted(Entry entry, Instant at) {
	}

}
