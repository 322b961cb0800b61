package lanchat.identity;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a successful claim of a name.
 *
 * @param user who the connection is
 * @param newToken a token made for this device (a new identity's first, or one earned
 * with the password), to hand out once; {@code null} otherwise
 * @param device the device token the connection proved or was given, which
 * {@code /logout} revokes; {@code null} for a password claim that was given none
 */
public record Claim(ChatUser user, @Nullable String newToken, @Nullable Long device) {
}
