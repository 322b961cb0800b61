package lanchat.history;

import java.time.Instant;

import lanchat.identity.ChatUser;
import lanchat.protocol.Attachment;
import lanchat.protocol.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way into history, before it has an id.
 *
 * @param sender who sent it
 * @param recipient who a private message is for; {@code null} for public messages
 * @param content the text
 * @param action true for {@code /me}
 * @param createdAt when the server accepted it
 * @param delivered false for a private message whose recipient is offline
 * @param file the file it carries, already claimed for it
 */
public record NewMessage(ChatUser sender, @Nullable ChatUser recipient, String content, boolean action,
		Instant createdAt, boolean delivered, @Nullable Attachment file) {

	public NewMessage(ChatUser sender, @Nullable ChatUser recipient, String content, boolean action, Instant createdAt,
			boolean delivered) {
		this(sender, recipient, content, action, createdAt, delivered, null);
	}

	public MessageType type() {
		return recipient == null ? MessageType.MESSAGE : MessageType.PRIVATE_MESSAGE;
	}

}
