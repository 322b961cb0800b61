package lanchat.admission;

import lanchat.identity.ClaimRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a connection offers to come in: the room's access code, if any, and the name with
 * its proof.
 */
public record JoinRequest(@Nullable String accessCode, ClaimRequest claim) {
}
