package lanchat.presence;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of the online list that SUBSCRIBE {@code /app/users} returns.
 *
 * @param username the name
 * @param status {@code online} or {@code away}
 * @param since when the status last changed
 * @param key the key of {@code username}, as messages and presence events carry it
 * ({@code usernameKey}); worked out once per person online, not on every list asked for,
 * since the online list goes to everyone who joins
 */
public record UserStatus(String username, String status, Instant since, @JsonProperty String key) {

}
