package lanchat.identity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A held name, as stored.
 *
 * @param id database id
 * @param name the name as shown
 * @param tokenHash SHA-256 of the secret token handed out once
 * @param passwordHash slow hash of the password set with {@code /password}, if any
 * @param lastSeen when a connection of this identity last closed (or opened)
 */
record Identity(long id, String name, String tokenHash, @Nullable String passwordHash, Instant lastSeen) {

	ChatUser user() {
		return new ChatUser(id, name);
	}

}
