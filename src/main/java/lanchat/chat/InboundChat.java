package lanchat.chat;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a client sent to {@code /app/chat.send} (or the seed's TCP equivalent). A
 * {@code username} field, if sent, is not even read: the sender is the connection's
 * identity.
 *
 * @param type {@code message} or {@code private_message}
 * @param content the text, possibly a command
 * @param recipient who a private message is for
 * @param clientId the client's own id for this message, echoed on every live copy and
 * answer
 * @param fileId an upload to send with it ({@code POST /api/files}); {@code content} is
 * then its caption
 */
public record InboundChat(@Nullable String type, @Nullable String content, @Nullable String recipient,
		@Nullable String clientId, @Nullable String fileId) {

	public InboundChat(@Nullable String type, @Nullable String content, @Nullable String recipient,
			@Nullable String clientId) {
		this(type, content, recipient, clientId, null);
	}

	/** The longest {@code clientId}, in code points. */
	public static final int MAX_CLIENT_ID = 64;

	/**
	 * Reads the fields of a JSON object a client sent; fields that are not strings count
	 * as missing.
	 */
	public static InboundChat from(JsonNode object) {
		return new InboundChat(JsonObjects.text(object, "type"), JsonObjects.text(object, "content"),
				JsonObjects.text(object, "recipient"), JsonObjects.text(object, "clientId"),
				JsonObjects.text(object, "fileId"));
	}

	/** Whether a client's id is one the contract allows: 1-64 characters. */
	public static boolean validClientId(String clientId) {
		int length = clientId.codePointCount(0, clientId.length());
		return length >= 1 && length <= MAX_CLIENT_ID;
	}

}
