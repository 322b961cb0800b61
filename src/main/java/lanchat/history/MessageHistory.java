package lanchat.history;

import java.util.List;
import java.util.function.Consumer;

import lanchat.identity.ChatUser;
import lanchat.protocol.ServerMessage;

/**
 * What the send pipeline needs of history: store before delivering, and hand over what
 * waited.
 */
public interface MessageHistory {

	/**
	 * Stores a message; {@code onStored} receives it with its id once it is committed,
	 * and only then may it be delivered; {@code onFailed} is told instead if it could not
	 * be stored. Callbacks run in the order messages were appended.
	 */
	void append(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed);

	/** Private messages that waited for {@code recipient}; they are marked delivered. */
	List<ServerMessage> takeUndelivered(ChatUser recipient);

}
