package lanchat.presence;

import java.time.Instant;

/**
 * One entry of the online list that SUBSCRIBE {@code /app/users} returns.
 *
 * @param username the name
 * @param status {@code online} or {@code away}
 * @param since when the status last changed
 */
public record UserStatus(String username, String status, Instant since) {
}
