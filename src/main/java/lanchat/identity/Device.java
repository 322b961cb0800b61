package lanchat.identity;

import java.time.Instant;

/**
 * One device token of an identity, as {@code /devices} lists it: never the token itself.
 *
 * @param id its database id
 * @param label what the device said it is (browser and system, or the transport)
 * @param createdAt when the token was handed out
 * @param lastUsedAt when it last proved the name
 */
public record Device(long id, String label, Instant createdAt, Instant lastUsedAt) {
}
