package lanchat.identity;

import org.jspecify.annotations.Nullable;

/**
 * What a connection offers to take a name.
 *
 * @param name the name wanted, as the client sent it
 * @param token a device token from an earlier visit
 * @param password the password set with {@code /password}
 * @param deviceLabel what to call this device in {@code /devices} if it is given a token
 * @param showsTokens whether the transport can hand a new token to the client (STOMP's
 * {@code /app/session} can; the seed's TCP clients cannot, so a password claim over TCP
 * makes none)
 */
public record ClaimRequest(@Nullable String name, @Nullable String token, @Nullable String password, String deviceLabel,
		boolean showsTokens) {

	/** Whether the client offered a password, which costs a slow hash to check. */
	public boolean hasPassword() {
		return password != null && !password.isEmpty();
	}

	boolean hasToken() {
		return token != null && !token.isEmpty();
	}

}
