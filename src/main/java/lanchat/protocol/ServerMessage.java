package lanchat.protocol;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One message from the server, in the seed's shape ({@code type}, {@code username}, {@code content},
 * {@code recipient}) plus {@code id} and {@code timestamp}. Absent fields are left out of the JSON.
 *
 * @param id the history id; only {@code message} and {@code private_message} have one
 * @param type one of {@link MessageType}'s wire names
 * @param username who sent it, or whom a notification or presence event is about
 * @param recipient who a private message is for
 * @param content the text
 * @param action true for {@code /me} actions
 * @param status the presence status of a {@code presence} event
 * @param timestamp when the server made it, UTC
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerMessage(@Nullable Long id, String type, @Nullable String username, @Nullable String recipient,
		@Nullable String content, @Nullable Boolean action, @Nullable String status, Instant timestamp) {

	public static ServerMessage notification(String username, String content) {
		return new ServerMessage(null, MessageType.NOTIFICATION.wireName(), username, null, content, null, null, now());
	}

	public static ServerMessage system(String content) {
		return new ServerMessage(null, MessageType.SYSTEM.wireName(), null, null, content, null, null, now());
	}

	public static ServerMessage presence(String username, PresenceStatus status) {
		return new ServerMessage(null, MessageType.PRESENCE.wireName(), username, null, null, null, status.wireName(),
				now());
	}

	/** Millisecond precision is what clients show and what every database keeps. */
	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	@JsonIgnore
	public boolean isPrivate() {
		return MessageType.PRIVATE_MESSAGE.wireName().equals(type);
	}

}
