package lanchat.chat;

import org.jspecify.annotations.Nullable;

/**
 * What a client sent to {@code /app/chat.send} (or the seed's TCP equivalent). A {@code username}
 * field, if sent, is not even read: the sender is the connection's identity.
 *
 * @param type {@code message} or {@code private_message}
 * @param content the text, possibly a command
 * @param recipient who a private message is for
 */
public record InboundChat(@Nullable String type, @Nullable String content, @Nullable String recipient) {
}
