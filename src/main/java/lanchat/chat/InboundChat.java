package lanchat.chat;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a client sent to {@code /app/chat.send} (or the seed's TCP equivalent). A {@code username}
 * field, if sent, is not even read: the sender is the connection's identity.
 *
 * @param type {@code message} or {@code private_message}
 * @param content the text, possibly a command
 * @param recipient who a private message is for
 */
public record InboundChat(@Nullable String type, @Nullable String content, @Nullable String recipient) {

	/** Reads the fields of a JSON object a client sent; fields that are not strings count as missing. */
	public static InboundChat from(JsonNode object) {
		return new InboundChat(JsonObjects.text(object, "type"), JsonObjects.text(object, "content"),
				JsonObjects.text(object, "recipient"));
	}

}
