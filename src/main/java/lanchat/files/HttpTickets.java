package lanchat.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.admission.ConnectionClosed;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The HTTP tickets of PROTOCOL.md v2 ("Files and images"): a secret that a connection
 * gets in its {@code /app/session} reply and sends as
 * {@code Authorization: Bearer <ticket>} on the HTTP calls it makes, so an upload proves
 * which identity made it without the identity's long-lived token. A ticket is valid while
 * its connection is open and {@link #GRACE} after it closed, and is checked when a
 * request starts. Tickets live in memory only (a restart closes every connection anyway)
 * and are looked up by their hash, so the lookup takes as long for a near miss as for a
 * wild guess.
 */
@Component
public class HttpTickets {

	/**
	 * How long a ticket outlives its connection, so that a reconnecting page's upload is
	 * not cut off.
	 */
	public static final Duration GRACE = Duration.ofSeconds(60);

	private static final String BEARER = "Bearer ";

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	private final OpenConnections open;

	/** By the hash of the ticket. */
	private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

	/** Each open connection's ticket, handed again to its later session replies. */
	private final Map<Connection, String> byConnection = new ConcurrentHashMap<>();

	/**
	 * Tickets of closed connections, oldest close first, to forget them once their grace
	 * is over.
	 */
	private final Deque<String> closing = new ArrayDeque<>();

	/** Tickets every node can check, in a cluster; {@code null} on a single node. */
	private volatile @Nullable SharedTickets shared;

	HttpTickets(Clock clock, OpenConnections open) {
		this.clock = clock;
		this.open = open;
	}

	/** Records tickets where every node of a cluster can check them, from now on. */
	public void shareWith(SharedTickets tickets) {
		this.shared = tickets;
	}

	/**
	 * The connection's ticket, made on the first call; the same one on later calls while
	 * it is open. A session reply can be handled after its connection closed (the close
	 * overtook the queued SUBSCRIBE): its ticket then starts its grace at once, since no
	 * close is left to start it.
	 */
	public String issue(Connection connection) {
		forgetExpired();
		String secret = byConnection.computeIfAbsent(connection, opened -> {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			String made = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			String hash = hash(made);
			tickets.put(hash, new Ticket(opened.user(), null));
			SharedTickets cluster = shared;
			if (cluster != null) {
				cluster.issued(hash, opened.user());
			}
			return made;
		});
		// after the ticket is in place: a close from now on finds it, one before is seen
		// here
		if (open.addressOf(connection).isEmpty()) {
			closed(connection);
		}
		return secret;
	}

	/** Starts the grace period of a closed connection's ticket, if it has one. */
	@EventListener
	void closed(ConnectionClosed closed) {
		closed(closed.connection());
	}

	/** Starts the grace period of the connection's ticket, if it has one. */
	public void closed(Connection connection) {
		String secret = byConnection.remove(connection);
		if (secret == null) {
			return;
		}
		String hash = hash(secret);
		Instant now = clock.instant();
		tickets.computeIfPresent(hash, (key, ticket) -> ticket.closedAt(now));
		SharedTickets cluster = shared;
		if (cluster != null) {
			cluster.closed(hash, now);
		}
		synchronized (closing) {
			closing.addLast(hash);
		}
		forgetExpired();
	}

	/**
	 * Who an {@code Authorization} header proves to be.
	 * @return empty for a missing, malformed, unknown or expired ticket
	 */
	public Optional<ChatUser> check(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Optional.empty();
		}
		String hash = hash(authorization.substring(BEARER.length()).strip());
		Ticket ticket = tickets.get(hash);
		if (ticket == null) {
			// a ticket another node of the cluster issued
			SharedTickets cluster = shared;
			return cluster == null ? Optional.empty() : cluster.find(hash, clock.instant(), GRACE);
		}
		if (ticket.expired(clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(ticket.user());
	}

	private void forgetExpired() {
		Instant now = clock.instant();
		synchronized (closing) {
			while (!closing.isEmpty()) {
				Ticket oldest = tickets.get(closing.peekFirst());
				if (oldest != null && !oldest.expired(now)) {
					return;
				}
				tickets.remove(closing.pollFirst());
			}
		}
	}

	private static String hash(String ticket) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	/**
	 * @param user who the ticket proves
	 * @param closedAt when its connection closed; {@code null} while open
	 */
	private record Ticket(ChatUser user, @Nullable Instant closedAt) {

		Ticket closedAt(Instant when) {
			return new Ticket(user, when);
		}

		boolean expired(Instant now) {
			return closedAt != null && !now.isBefore(closedAt.plus(GRACE));
		}

	}

}
