package lanchat.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import lanchat.delivery.Connection;
import lanchat.history.StoredMessage;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reorder buffer alone: ids in, ids out in order, with history as a map and time
 * moved by hand.
 */
class InOrderTests {

	private static final Duration WAIT = Duration.ofMillis(300);

	private final Instant start = Instant.parse("2026-12-04T12:00:00Z");

	/** What "PostgreSQL" holds: every committed message. */
	private final TreeMap<Long, StoredMessage> database = new TreeMap<>();

	private final List<Long> delivered = new ArrayList<>();

	private final List<String> clientIds = new ArrayList<>();

	private boolean databaseDown;

	private int reads;

	private final InOrder inOrder = new InOrder(10, WAIT, new InOrder.Source() {

		@Override
		public long newest() {
			if (databaseDown) {
				throw new IllegalStateException("connection refused");
			}
			return database.isEmpty() ? 10 : database.lastKey();
		}

		@Override
		public List<StoredMessage> between(long after, long upTo) {
			if (databaseDown) {
				throw new IllegalStateException("connection refused");
			}
			reads++;
			return List.copyOf(database.subMap(after, false, upTo, true).values());
		}
	}, this::deliver);

	private void deliver(StoredMessage message, @Nullable Connection origin) {
		delivered.add(message.id());
		clientIds.add(message.message().clientId());
	}

	private StoredMessage committed(long id) {
		ServerMessage stored = ServerMessage.stored(id, "message", "alice", null, "m" + id, false, start);
		database.put(id, new StoredMessage(stored, 1, null));
		// the live copy carries the clientId of the SEND; history does not
		return new StoredMessage(stored.withClientId("live" + id), 1, null);
	}

	@Test
	void deliversTheNextIdAtOnceAndLaterOnesOnceTheGapIsFilled() {
		StoredMessage eleven = committed(11);
		StoredMessage twelve = committed(12);
		StoredMessage thirteen = committed(13);
		inOrder.offer(twelve, null, start);
		inOrder.offer(thirteen, null, start);
		assertThat(delivered).isEmpty();
		inOrder.offer(eleven, null, start.plusMillis(5));
		assertThat(delivered).containsExactly(11L, 12L, 13L);
		assertThat(reads).isZero();
		assertThat(inOrder.waiting()).isZero();
	}

	@Test
	void dropsDuplicates() {
		StoredMessage eleven = committed(11);
		inOrder.offer(eleven, null, start);
		inOrder.offer(eleven, null, start);
		inOrder.offer(committed(10), null, start);
		assertThat(delivered).containsExactly(11L);
	}

	@Test
	void readsAMissingIdFromTheDatabaseOnlyAfterWaitingForIt() {
		committed(11);
		StoredMessage twelve = committed(12);
		inOrder.offer(twelve, null, start);
		inOrder.check(start.plus(WAIT).minusMillis(1), false);
		assertThat(delivered).isEmpty();
		inOrder.check(start.plus(WAIT), false);
		assertThat(delivered).containsExactly(11L, 12L);
		// the one that waited keeps its live clientId; the one read from history has none
		assertThat(clientIds).containsExactly(null, "live12");
		// it arrives late after all: a duplicate
		inOrder.offer(committed(11), null, start.plus(WAIT).plusMillis(1));
		assertThat(delivered).containsExactly(11L, 12L);
	}

	@Test
	void readsTheTailWhenNoLaterMessageComes() {
		committed(11);
		committed(12);
		inOrder.check(start, true);
		assertThat(delivered).isEmpty();
		inOrder.check(start.plus(WAIT), false);
		assertThat(delivered).containsExactly(11L, 12L);
		assertThat(inOrder.last()).isEqualTo(12);
	}

	@Test
	void skipsIdsThatNoLongerExist() {
		committed(11);
		StoredMessage thirteen = committed(13);
		database.remove(11L);
		database.remove(12L);
		inOrder.offer(thirteen, null, start);
		inOrder.check(start.plus(WAIT), false);
		assertThat(delivered).containsExactly(13L);
		inOrder.offer(committed(14), null, start.plus(WAIT));
		assertThat(delivered).containsExactly(13L, 14L);
	}

	@Test
	void retriesWhenTheDatabaseIsUnreachable() {
		committed(11);
		inOrder.offer(committed(12), null, start);
		databaseDown = true;
		inOrder.check(start.plus(WAIT), true);
		assertThat(delivered).isEmpty();
		databaseDown = false;
		inOrder.check(start.plus(WAIT).plusMillis(100), false);
		assertThat(delivered).containsExactly(11L, 12L);
	}

	@Test
	void aSecondGapWaitsItsOwnTime() {
		committed(11);
		inOrder.offer(committed(12), null, start);
		committed(13);
		inOrder.check(start.plus(WAIT), false);
		inOrder.offer(committed(14), null, start.plus(WAIT));
		assertThat(delivered).containsExactly(11L, 12L);
		inOrder.check(start.plus(WAIT).plus(WAIT).minusMillis(1), false);
		assertThat(delivered).containsExactly(11L, 12L);
		inOrder.check(start.plus(WAIT).plus(WAIT), false);
		assertThat(delivered).containsExactly(11L, 12L, 13L, 14L);
	}

}
