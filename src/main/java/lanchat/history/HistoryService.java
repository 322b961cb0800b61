package lanchat.history;

import java.util.List;
import java.util.function.Consumer;

import lanchat.identity.ChatUser;
import lanchat.protocol.ServerMessage;
import org.springframework.stereotype.Service;

/**
 * History as the rest of the server sees it: append before delivering, read pages, hand
 * over the private messages that waited for an offline recipient.
 */
@Service
public class HistoryService implements MessageHistory {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	private final HistoryWriter writer;

	private final HistoryStore store;

	HistoryService(HistoryWriter writer, HistoryStore store) {
		this.writer = writer;
		this.store = store;
	}

	@Override
	public void append(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed) {
		writer.append(message, onStored, onFailed);
	}

	/** One page, oldest first, of what {@code me} may see. */
	public List<ServerMessage> page(ChatUser me, HistoryQuery query) {
		int limit = Math.min(query.limit(), MAX_LIMIT);
		if (query.after() != null) {
			return store.after(me, query.after(), limit);
		}
		return store.before(me, query.before() != null ? query.before() : Long.MAX_VALUE, limit);
	}

	/**
	 * Every message with an id above {@code after} and at most {@code upTo}, oldest
	 * first, with whom each is for: what one node of a cluster missed of what the others
	 * stored.
	 */
	public List<StoredMessage> between(long after, long upTo) {
		return store.between(after, upTo);
	}

	@Override
	public List<ServerMessage> takeUndelivered(ChatUser recipient) {
		List<ServerMessage> waiting = store.undelivered(recipient);
		if (!waiting.isEmpty()) {
			store.markDelivered(recipient, waiting.get(waiting.size() - 1).id());
		}
		return waiting;
	}

}
