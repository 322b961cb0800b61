package lanchat.cluster;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lanchat.support.FreshSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two writers on one real PostgreSQL, as two nodes are: with the counter row, the one
 * that reserved ids first commits first, so a reader never sees an id before every
 * smaller one is committed. With a sequence (the identity column) the same two writers
 * commit 11 before 10, which is why cluster mode does not use it.
 */
class CounterIdsTests {

	private static final EmbeddedPostgres POSTGRES = start();

	private final DataSource dataSource = POSTGRES.getPostgresDatabase();

	private final JdbcClient jdbc = JdbcClient.create(dataSource);

	private final TransactionTemplate transactions = new TransactionTemplate(
			new DataSourceTransactionManager(dataSource));

	@BeforeEach
	void emptyDatabase() {
		FreshSchema.migrate(dataSource);
		jdbc.sql(
				"INSERT INTO identity (id, name, name_key, created_at, last_seen_at) VALUES (1, 'alice', 'alice', ?, ?)")
			.params(now(), now())
			.update();
	}

	@AfterAll
	static void stop() throws IOException {
		POSTGRES.close();
	}

	@Test
	void aSecondWriterWaitsForTheFirstToCommitSoIdsCommitInOrder() throws Exception {
		CounterIds ids = new CounterIds(jdbc, dataSource);
		CountDownLatch firstReserved = new CountDownLatch(1);
		CountDownLatch firstMayCommit = new CountDownLatch(1);
		CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
			long id = ids.reserve(1);
			insert(id);
			firstReserved.countDown();
			await(firstMayCommit);
			return id;
		}));
		assertThat(firstReserved.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
			long id = ids.reserve(1);
			insert(id);
			return id;
		}));
		awaitWaitingOnALock();
		assertThat(second).isNotDone();
		assertThat(ids.newest()).isZero();
		firstMayCommit.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(ids.newest()).isEqualTo(2);
	}

	@Test
	void aRolledBackWriterGivesItsIdsBack() {
		CounterIds ids = new CounterIds(jdbc, dataSource);
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			insert(ids.reserve(3));
			throw new IllegalStateException("the insert failed");
		})).hasMessageContaining("the insert failed");
		long next = transactions.execute(status -> ids.reserve(1));
		assertThat(next).isEqualTo(1);
	}

	@Test
	void startsAfterTheNewestIdGivenBySingleNodeRuns() {
		insert(41);
		CounterIds ids = new CounterIds(jdbc, dataSource);
		assertThat(ids.newest()).isEqualTo(41);
		long last = transactions.execute(status -> ids.reserve(2));
		assertThat(last).isEqualTo(43);
	}

	/**
	 * Why not a sequence: the second writer commits its larger id while the first is
	 * still open.
	 */
	@Test
	void withASequenceALargerIdCommitsFirst() throws Exception {
		CountDownLatch firstTookId = new CountDownLatch(1);
		CountDownLatch firstMayCommit = new CountDownLatch(1);
		CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
			long id = insertWithSequence();
			firstTookId.countDown();
			await(firstMayCommit);
			return id;
		}));
		assertThat(firstTookId.await(10, TimeUnit.SECONDS)).isTrue();
		long second = transactions.execute(status -> insertWithSequence());
		// committed and visible, while the smaller id is not: a reader that saw it would
		// skip the other
		assertThat(jdbc.sql("SELECT id FROM message").query(Long.class).list()).containsExactly(second);
		firstMayCommit.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isLessThan(second);
	}

	private void insert(long id) {
		jdbc.sql("INSERT INTO message (id, type, sender_id, sender_name, content, action, created_at, delivered)"
				+ " VALUES (?, 'message', 1, 'alice', 'hi', FALSE, ?, TRUE)")
			.params(id, now())
			.update();
	}

	private long insertWithSequence() {
		return jdbc
			.sql("INSERT INTO message (type, sender_id, sender_name, content, action, created_at, delivered)"
					+ " VALUES ('message', 1, 'alice', 'hi', FALSE, ?, TRUE) RETURNING id")
			.param(now())
			.query(Long.class)
			.single();
	}

	/**
	 * Until a backend of this database waits on a lock: the second writer, on the counter
	 * row.
	 */
	private void awaitWaitingOnALock() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			long waiting = jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
				.query(Long.class)
				.single();
			if (waiting > 0) {
				return;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("the second writer never waited for the first");
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new AssertionError("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Object now() {
		return Instant.now().atOffset(ZoneOffset.UTC);
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
