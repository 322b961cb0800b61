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
	 * The claim was not let in after all (its connection closed meanwhile, or the
	 * identity is banned), so a token the claim made never reached anyone: undoes what it
	 * left behind. Nothing, unless the claim made a token.
	 */
	default void unclaimed(Claim claim) {
	}

}
