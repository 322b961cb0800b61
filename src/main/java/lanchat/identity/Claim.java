package lanchat.identity;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a successful CONNECT.
 *
 * @param user who the connection is
 * @param newToken the secret of a just-created identity, to hand out once; {@code null} otherwise
 */
public record Claim(ChatUser user, @Nullable String newToken) {

	/** Where a STOMP connection keeps {@link #newToken()} for its {@code /app/session} replies. */
	public static final String TOKEN_ATTRIBUTE = "lanchat.newToken";

}
