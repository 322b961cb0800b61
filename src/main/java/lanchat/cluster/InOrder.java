package lanchat.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import lanchat.delivery.Connection;
import lanchat.history.StoredMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the stored messages of every node back into id order before this node delivers
 * them, so that each connection receives them in increasing id order with none skipped
 * (PROTOCOL.md, "Order of delivery"). Ids are given in commit order with no gaps
 * ({@link CounterIds}), so the next id to deliver is always the last one plus one:
 * <ul>
 * <li>the next id is delivered at once, with whatever waited behind it;</li>
 * <li>a later id waits; if the missing one has not come within {@code gapWait} (its node
 * died between commit and notice, or the broker lost it), everything up to the waiting
 * one is read from the database;</li>
 * <li>an id already delivered is a duplicate and dropped;</li>
 * <li>{@link #check} also compares the newest committed id with the last delivered, so
 * that the last messages are read from the database even when no later one comes (the
 * broker is down).</li>
 * </ul>
 * Callers serialise on this object; delivery only queues, so holding it is short except
 * while a gap is read.
 */
final class InOrder {

	private static final Logger log = LoggerFactory.getLogger(InOrder.class);

	/** Where missed messages are read from: history in PostgreSQL. */
	interface Source {

		/** The newest id of a committed message. */
		long newest();

		/**
		 * The messages with ids in {@code (after, upTo]}, oldest first (deleted ones are
		 * missing).
		 */
		List<StoredMessage> between(long after, long upTo);

	}

	/** Where messages go, in order: this node's connections. */
	interface Sink {

		void deliver(StoredMessage message, @Nullable Connection origin);

	}

	private final Source source;

	private final Sink sink;

	private final Duration gapWait;

	private final TreeMap<Long, Waiting> waiting = new TreeMap<>();

	private long last;

	/**
	 * Since when a message has waited behind a missing id; {@code null} while none waits.
	 */
	private @Nullable Instant gapSince;

	/**
	 * Since when the newest committed id has been ahead of the last delivered;
	 * {@code null} while it is not.
	 */
	private @Nullable Instant behindSince;

	private long newestSeen;

	InOrder(long lastDelivered, Duration gapWait, Source source, Sink sink) {
		this.last = lastDelivered;
		this.newestSeen = lastDelivered;
		this.gapWait = gapWait;
		this.source = source;
		this.sink = sink;
	}

	/** The id of the last message delivered. */
	synchronized long last() {
		return last;
	}

	/** How many messages wait behind a missing id. */
	synchronized int waiting() {
		return waiting.size();
	}

	/**
	 * A stored message, from this node ({@code origin} is its sender's connection) or
	 * another.
	 */
	synchronized void offer(StoredMessage message, @Nullable Connection origin, Instant now) {
		long id = message.id();
		if (id <= last) {
			return;
		}
		if (id == last + 1) {
			deliver(message, origin);
			drain();
		}
		else {
			waiting.putIfAbsent(id, new Waiting(message, origin));
			newestSeen = Math.max(newestSeen, id);
		}
		gapSince = waiting.isEmpty() ? null : (gapSince != null ? gapSince : now);
	}

	/**
	 * Fills gaps that have waited {@code gapWait}; with {@code readNewest}, also learns
	 * the newest committed id, and reads what is missing up to it once it has been
	 * missing for {@code gapWait}.
	 */
	synchronized void check(Instant now, boolean readNewest) {
		try {
			if (gapSince != null && !now.isBefore(gapSince.plus(gapWait))) {
				fill(waiting.firstKey() - 1, "a message did not arrive through the broker");
				// a later gap, if any, waits from now
				gapSince = waiting.isEmpty() ? null : now;
			}
			if (readNewest) {
				newestSeen = Math.max(newestSeen, source.newest());
			}
			if (newestSeen <= last) {
				behindSince = null;
			}
			else if (waiting.isEmpty()) {
				if (behindSince == null) {
					behindSince = now;
				}
				else if (!now.isBefore(behindSince.plus(gapWait))) {
					fill(newestSeen, "the newest messages did not arrive through the broker");
					behindSince = null;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not read missed messages from the database (will retry): {}", ex.getMessage());
		}
	}

	private void fill(long upTo, String why) {
		if (upTo <= last) {
			drain();
			return;
		}
		List<StoredMessage> missed = source.between(last, upTo);
		log.info("Read messages {}-{} from the database: {}", last + 1, upTo, why);
		for (StoredMessage message : missed) {
			if (message.id() > last) {
				// one that came through the broker meanwhile keeps what only live copies
				// carry (its clientId)
				Waiting held = waiting.remove(message.id());
				deliver(held == null ? message : held.message(), held == null ? null : held.origin());
			}
		}
		last = Math.max(last, upTo);
		drain();
	}

	private void drain() {
		waiting.keySet().removeIf(id -> id <= last);
		Waiting next;
		while ((next = waiting.remove(last + 1)) != null) {
			deliver(next.message(), next.origin());
		}
	}

	private void deliver(StoredMessage message, @Nullable Connection origin) {
		last = message.id();
		try {
			sink.deliver(message, origin);
		}
		catch (RuntimeException ex) {
			log.error("Delivering message {} failed", message.id(), ex);
		}
	}

	private record Waiting(StoredMessage message, @Nullable Connection origin) {
	}

}
