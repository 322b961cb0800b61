package lanchat.identity;

import java.security.Principal;

/**
 * The identity behind a connection. Its principal name is the identity's database id, so
 * user destinations reach exactly this identity's connections, never a later holder of
 * the same name.
 *
 * @param identityId the identity's id in the database
 * @param username the name as shown to others
 */
public record ChatUser(long identityId, String username) implements Principal {

	@Override
	public String getName() {
		return Long.toString(identityId);
	}

}
