package lanchat.presence;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import lanchat.protocol.NameKeys;

/**
 * One entry of the online list that SUBSCRIBE {@code /app/users} returns.
 *
 * @param username the name
 * @param status {@code online} or {@code away}
 * @param since when the status last changed
 */
public record UserStatus(String username, String status, Instant since) {

	/**
	 * The key of {@code username}, as messages and presence events carry it
	 * ({@code usernameKey}).
	 */
	@JsonProperty
	public String key() {
		return NameKeys.of(username);
	}

}
