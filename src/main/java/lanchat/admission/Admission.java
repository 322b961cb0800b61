package lanchat.admission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.Claim;
import lanchat.identity.ClaimRequest;
import lanchat.identity.NameClaims;
import lanchat.identity.NamePolicy;
import lanchat.presence.Presence;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.AccessCode;
import lanchat.security.ConnectAttempts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Who may come in, for every transport. A transport {@linkplain #open opens} an entry as
 * it accepts a socket, which counts it against the connection limits (and says if it is
 * over one) until it {@linkplain #close closes}. When the client asks to join,
 * {@link #join} checks, in this order:
 * <ol>
 * <li>attempt limits: connection attempts per address, and the back-off for wrong guesses
 * ({@link Guesses}) at the access code or at the name's password;</li>
 * <li>the access code, so a client without it learns nothing else;</li>
 * <li>a ban on the address;</li>
 * <li>the connection limits, as counted when the socket was accepted;</li>
 * <li>the name and its proof (token or password: the password's slow hash runs on its own
 * pool);</li>
 * <li>a ban on the identity;</li>
 * </ol>
 * and then registers the connection, in {@link OpenConnections} and in presence, before
 * the transport tells the client it is in: nothing depends on a transport's own events to
 * know who is here.
 */
@Service
public class Admission {

	private static final Logger log = LoggerFactory.getLogger(Admission.class);

	private final ConnectAttempts attempts;

	private final Guesses guesses;

	private final AccessCode accessCode;

	private final Bans bans;

	private final NameClaims names;

	private final OpenConnections connections;

	private final Presence presence;

	private final ApplicationEventPublisher events;

	Admission(ConnectAttempts attempts, Guesses guesses, AccessCode accessCode, Bans bans, NameClaims names,
			OpenConnections connections, Presence presence, ApplicationEventPublisher events) {
		this.attempts = attempts;
		this.guesses = guesses;
		this.accessCode = accessCode;
		this.bans = bans;
		this.names = names;
		this.connections = connections;
		this.presence = presence;
		this.events = events;
	}

	/**
	 * Counts a socket that was just accepted, until {@link #close}. When it is over a
	 * limit, its entry says why ({@link Entry#refusal()}); the transport tells the client
	 * as soon as its protocol lets it.
	 * @param id the connection's id, unique among its transport's open connections
	 */
	public Entry open(String id, String address, Transport transport) {
		return connections.open(id, address, transport);
	}

	/**
	 * Lets the connection in, or refuses it.
	 * @return the claim, once the connection is registered; or a future failed with a
	 * {@link Refusal} that says why in plain words. It completes at once unless a
	 * password has to be checked or a new identity written.
	 */
	public CompletableFuture<Claim> join(Entry entry, JoinRequest request) {
		String network = AddressGroup.of(entry.address());
		String target = passwordTarget(request.claim());
		try {
			checkBeforeClaim(entry, request, network, target);
		}
		catch (RuntimeException refused) {
			return CompletableFuture.failedFuture(refused);
		}
		return names.claim(request.claim()).handle((claim, failure) -> {
			if (failure != null) {
				throw countGuess(unwrap(failure), network, target);
			}
			try {
				bans.checkIdentity(claim.user());
				enter(entry, claim);
			}
			catch (Refusal bannedOrClosedMeanwhile) {
				// a token the claim made never reaches anyone
				names.unclaimed(claim);
				throw bannedOrClosedMeanwhile;
			}
			return claim;
		});
	}

	private void checkBeforeClaim(Entry entry, JoinRequest request, String network, @Nullable String target) {
		attempts.count(entry.address());
		if (accessCode.required() || target != null) {
			guesses.check(network, target);
		}
		try {
			accessCode.check(request.accessCode());
		}
		catch (Refusal wrong) {
			guesses.failed(network, null);
			throw wrong;
		}
		bans.checkAddress(entry.address());
		entry.refusal().ifPresent(overLimit -> {
			throw overLimit;
		});
	}

	/**
	 * A wrong password counts as a guess at the name; a wrong token is no guess worth
	 * counting.
	 */
	private RuntimeException countGuess(RuntimeException failure, String network, @Nullable String target) {
		if (target != null && failure instanceof Refusal refusal && refusal.code() == ErrorCode.WRONG_CREDENTIALS) {
			guesses.failed(network, target);
		}
		return failure;
	}

	private static @Nullable String passwordTarget(ClaimRequest claim) {
		return claim.hasPassword() && claim.name() != null ? "password of " + NamePolicy.key(claim.name().strip())
				: null;
	}

	/**
	 * Registers a connection that passed every check, unless its socket closed meanwhile;
	 * under the entry's lock, so that a close that races with it leaves presence after it
	 * joined, never before.
	 */
	private void enter(Entry entry, Claim claim) {
		Connection connection = new Connection(entry.id(), claim.user(), entry.transport());
		synchronized (entry) {
			if (!entry.admit(connection, claim)) {
				throw new Refusal(ErrorCode.BAD_REQUEST, "the connection closed while it was joining");
			}
			connections.admitted(entry, connection);
			presence.connected(connection);
		}
	}

	/**
	 * Counts a socket out again and, if it had joined, lets it leave the room; harmless
	 * twice. For a transport that shows its clients no token (the TCP gateway): a token
	 * its claim made is left as it is.
	 */
	public void close(Entry entry) {
		close(entry, true);
	}

	/**
	 * Closes the entry of a connection that is to hand a new device token to its client,
	 * as a STOMP connection does in its {@code /app/session} reply: unless
	 * {@code newTokenHandedOver}, a token its claim made is revoked once the connection
	 * has left, and a name that only that token held is free again, so that the newcomer
	 * whose phone dropped while joining can take it back without a token.
	 */
	public void close(Entry entry, boolean newTokenHandedOver) {
		if (!entry.close()) {
			return;
		}
		connections.closed(entry);
		Connection left = entry.joined();
		if (left != null) {
			presence.disconnected(left);
			events.publishEvent(new ConnectionClosed(left));
		}
		Claim claim = entry.claim();
		if (!newTokenHandedOver && claim != null) {
			names.unclaimed(claim);
		}
	}

	/** The refusal or fault inside a failed future's exception. */
	public static RuntimeException unwrap(Throwable failure) {
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
				: failure;
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		log.warn("Joining failed", cause);
		return new IllegalStateException(cause);
	}

}
