package lanchat.identity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A held name, as stored.
 *
 * @param id database id
 * @param name the name as shown
 * @param passwordHash slow hash of the password set with {@code /password}, if any
 * @param lastSeen when a connection of this identity last closed (or opened)
 */
record Identity(long id, String name, @Nullable String passwordHash, Instant lastSeen) {

	ChatUser user() {
		return new ChatUser(id, name);
	}

}
