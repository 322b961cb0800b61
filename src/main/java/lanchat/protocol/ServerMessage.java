package lanchat.protocol;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One message from the server, in the seed's shape ({@code type}, {@code username},
 * {@code content}, {@code recipient}) plus {@code id} and {@code timestamp}. Absent
 * fields are left out of the JSON. Beside {@code username} and {@code recipient} go their
 * {@link NameKeys keys} ({@code usernameKey}, {@code recipientKey}), so that clients tell
 * people apart as the server does.
 *
 * @param id the history id; only {@code message} and {@code private_message} have one
 * @param type one of {@link MessageType}'s wire names
 * @param username who sent it, or whom a notification or presence event is about
 * @param recipient who a private message is for
 * @param content the text
 * @param action true for {@code /me} actions
 * @param status the presence status of a {@code presence} event
 * @param code why, on a {@code system} message caused by a refusal
 * ({@link ErrorCode#wireName()})
 * @param clientId the id the sending client gave the SEND this message answers; only on
 * live copies
 * @param timestamp when the server made it, UTC
 * @param file the file a {@code message} or {@code private_message} carries;
 * {@code content} is then its caption
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerMessage(@Nullable Long id, String type, @Nullable String username, @Nullable String recipient,
		@Nullable String content, @Nullable Boolean action, @Nullable String status, @Nullable String code,
		@Nullable String clientId, Instant timestamp, @Nullable Attachment file) {

	public ServerMessage(@Nullable Long id, String type, @Nullable String username, @Nullable String recipient,
			@Nullable String content, @Nullable Boolean action, @Nullable String status, @Nullable String code,
			@Nullable String clientId, Instant timestamp) {
		this(id, type, username, recipient, content, action, status, code, clientId, timestamp, null);
	}

	/** A {@code message} or {@code private_message} as history holds it. */
	public static ServerMessage stored(long id, String type, String username, @Nullable String recipient,
			String content, boolean action, Instant timestamp) {
		return new ServerMessage(id, type, username, recipient, content, action ? Boolean.TRUE : null, null, null, null,
				timestamp);
	}

	public static ServerMessage notification(String username, String content) {
		return new ServerMessage(null, MessageType.NOTIFICATION.wireName(), username, null, content, null, null, null,
				null, now());
	}

	/** A notice or answer for one connection that refuses nothing. */
	public static ServerMessage system(String content) {
		return new ServerMessage(null, MessageType.SYSTEM.wireName(), null, null, content, null, null, null, null,
				now());
	}

	/** A {@code system} message that says why something was refused. */
	public static ServerMessage refusal(ErrorCode code, String content) {
		return new ServerMessage(null, MessageType.SYSTEM.wireName(), null, null, content, null, null, code.wireName(),
				null, now());
	}

	public static ServerMessage presence(String username, PresenceStatus status) {
		return new ServerMessage(null, MessageType.PRESENCE.wireName(), username, null, null, null, status.wireName(),
				null, null, now());
	}

	/**
	 * This message as the live copy of, or the answer to, the SEND that carried
	 * {@code clientId}.
	 */
	public ServerMessage withClientId(@Nullable String clientId) {
		if (clientId == null) {
			return this;
		}
		return new ServerMessage(id, type, username, recipient, content, action, status, code, clientId, timestamp,
				file);
	}

	/** This message carrying a file. */
	public ServerMessage withFile(@Nullable Attachment attached) {
		return new ServerMessage(id, type, username, recipient, content, action, status, code, clientId, timestamp,
				attached);
	}

	/**
	 * This message with other content, the same otherwise (for transports that show a
	 * file as text).
	 */
	public ServerMessage withContent(String text) {
		return new ServerMessage(id, type, username, recipient, text, action, status, code, clientId, timestamp, file);
	}

	/** Millisecond precision is what clients show and what every database keeps. */
	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	/** The key of {@code username}: two names with the same key are one person. */
	@JsonProperty
	public @Nullable String usernameKey() {
		return username == null ? null : NameKeys.of(username);
	}

	/** The key of {@code recipient}. */
	@JsonProperty
	public @Nullable String recipientKey() {
		return recipient == null ? null : NameKeys.of(recipient);
	}

	@JsonIgnore
	public boolean isPrivate() {
		return MessageType.PRIVATE_MESSAGE.wireName().equals(type);
	}

}
