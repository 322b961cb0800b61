package lanchat.identity;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A new device token on its way to a STOMP client: kept in the connection's session
 * attributes from its CONNECT until its {@code /app/session} reply hands it over. A
 * connection that closes before a reply handed its token over took the token nowhere
 * (including one that closes while its CONNECT is let in, before the token is kept).
 */
public final class TokenHandOver {

	private static final String KEPT = "lanchat.newToken";

	private static final String HANDED_OVER = "lanchat.newTokenHandedOver";

	private TokenHandOver() {
	}

	/** Keeps the claim's new token, if it made one, for the connection's replies. */
	public static void keep(Map<String, Object> attributes, Claim claim) {
		if (claim.newToken() != null) {
			attributes.put(KEPT, claim.newToken());
		}
	}

	/**
	 * The token to put in an {@code /app/session} reply, noted as handed over; the same
	 * on every reply of that connection.
	 */
	public static @Nullable String handOver(@Nullable Map<String, Object> attributes) {
		if (attributes == null || !(attributes.get(KEPT) instanceof String token)) {
			return null;
		}
		attributes.put(HANDED_OVER, Boolean.TRUE);
		return token;
	}

	/** Whether an {@code /app/session} reply of the connection carried a new token. */
	public static boolean handedOver(@Nullable Map<String, Object> attributes) {
		return attributes != null && attributes.containsKey(HANDED_OVER);
	}

}
