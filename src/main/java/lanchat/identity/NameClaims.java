package lanchat.identity;

import java.util.concurrent.CompletableFuture;

/**
 * Taking a name with its proof: what admission asks of identities.
 */
@FunctionalInterface
public interface NameClaims {

	/**
	 * @return the claim, or a future failed with a {@link lanchat.protocol.Refusal} that
	 * says why; it completes at once unless a password has to be checked or a new
	 * identity written
	 */
	CompletableFuture<Claim> claim(ClaimRequest request);

	/**
	 * A token the claim made never reached anyone (the claim was not let in after all, as
	 * its connection closed meanwhile or the identity is banned, or its connection closed
	 * before the token was handed over): undoes what the claim left behind, once the
	 * connection has left. Nothing, unless the claim made a token.
	 */
	default void unclaimed(Claim claim) {
	}

}
