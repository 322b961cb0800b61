package lanchat.history;

import java.time.Instant;

import lanchat.identity.ChatUser;
import org.jspecify.annotations.Nullable;

/**
 * A message as its row in the {@code message} table holds it: what the journal keeps and
 * writes back after a crash.
 */
record MessageRow(long id, String type, long senderId, String senderName, @Nullable Long recipientId,
		@Nullable String recipientName, String content, boolean action, Instant createdAt, boolean delivered,
		@Nullable String fileId) {

	static MessageRow of(long id, NewMessage message) {
		ChatUser recipient = message.recipient();
		return new MessageRow(id, message.type().wireName(), message.sender().identityId(), message.sender().username(),
				recipient == null ? null : recipient.identityId(), recipient == null ? null : recipient.username(),
				message.content(), message.action(), message.createdAt(), message.delivered(),
				message.file() == null ? null : message.file().id());
	}

	MessageRow withoutFile() {
		return new MessageRow(id, type, senderId, senderName, recipientId, recipientName, content, action, createdAt,
				delivered, null);
	}

}
