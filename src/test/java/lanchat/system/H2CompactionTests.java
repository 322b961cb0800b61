package lanchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * H2 rewrites half-empty chunks of its file only in a thread that {@code WRITE_DELAY=0}
 * switches off; {@link H2Compaction} does it instead. The databases here keep no emptied
 * chunks for later ({@code RETENTION_TIME=0}, where lanchat's keep them for H2's 45 s),
 * so that what a pass frees shows at the next commit.
 */
class H2CompactionTests {

	private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-05T12:00:00Z");

	private static final String NO_RETENTION = ";WRITE_DELAY=0;RETENTION_TIME=0";

	@Test
	void halfEmptyChunksAreRewrittenSoThatTheirSpaceCanBeUsedAgain(@TempDir Path data) {
		SingleConnectionDataSource h2 = new SingleConnectionDataSource(
				"jdbc:h2:file:" + data.resolve("lanchat") + NO_RETENTION, "sa", "", true);
		try {
			Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
			JdbcClient jdbc = JdbcClient.create(h2);
			long sender = insertIdentity(jdbc);
			sendOneByOne(jdbc, sender, 2_000);
			int grown = chunks(jdbc);
			int fillRateBefore = setting(jdbc, "info.CHUNKS_FILL_RATE");

			H2Compaction compaction = new H2Compaction(new H2File(h2, new StoredWrites()));
			// 6 MB at most, more than the live pages of those chunks
			int rewriting = 0;
			for (int pass = 0; pass < 100; pass++) {
				rewriting += compaction.compactOnce() ? 1 : 0;
			}
			sendOneByOne(jdbc, sender, 1);

			// without it, every commit leaves a chunk holding a page or two that stays
			// forever
			assertThat(grown).isGreaterThan(200);
			assertThat(rewriting).isPositive();
			assertThat(chunks(jdbc)).isLessThan(grown / 4);
			assertThat(setting(jdbc, "info.CHUNKS_FILL_RATE")).isGreaterThan(fillRateBefore);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM message").query(Integer.class).single()).isEqualTo(2_001);
		}
		finally {
			h2.destroy();
		}
	}

	@Test
	void theRunningServerCompactsItsDatabaseAsMessagesAreCommitted(@TempDir Path data) {
		try (ConfigurableApplicationContext app = TestApps.start(data, "--spring.datasource.url=jdbc:h2:file:"
				+ data.resolve("lanchat") + ";DB_CLOSE_ON_EXIT=FALSE" + NO_RETENTION)) {
			JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
			long sender = insertIdentity(jdbc);

			sendOneByOne(jdbc, sender, 2_000);

			// a pass follows every few dozen commits, so messages keep coming until it is
			// done
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				sendOneByOne(jdbc, sender, H2Compaction.COMMITS_PER_PASS);
				assertThat(chunks(jdbc)).isLessThan(100);
			});
		}
	}

	@Test
	void aDatabaseInMemoryOrOnPostgresIsLeftAlone() throws IOException {
		SingleConnectionDataSource memory = new SingleConnectionDataSource("jdbc:h2:mem:compaction", "sa", "", true);
		try {
			JdbcClient.create(memory).sql("CREATE TABLE t (id INT)").update();
			JdbcClient.create(memory).sql("INSERT INTO t VALUES (1)").update();

			assertThat(new H2Compaction(new H2File(memory, new StoredWrites())).compactOnce()).isFalse();
		}
		finally {
			memory.destroy();
		}
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			assertThat(new H2Compaction(new H2File(postgres.getPostgresDatabase(), new StoredWrites())).compactOnce())
				.isFalse();
		}
	}

	@Test
	void stoppingLetsAPassEndWithoutInterruptingIt() throws Exception {
		CountDownLatch passStarted = new CountDownLatch(1);
		CountDownLatch passMayEnd = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		// a pass that is slow to get its connection, as when the pool is busy
		SingleConnectionDataSource slow = new SingleConnectionDataSource("jdbc:h2:mem:slow", "sa", "", true) {
			@Override
			public Connection getConnection() throws SQLException {
				passStarted.countDown();
				try {
					passMayEnd.await();
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
				}
				return super.getConnection();
			}
		};
		H2Compaction compaction = new H2Compaction(new H2File(slow, new StoredWrites()));
		compaction.start();
		assertThat(passStarted.await(30, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(compaction::stop);
		// stopping does not wait to say so, and waits for the pass to end
		await().atMost(Duration.ofSeconds(30)).until(() -> !compaction.isRunning());
		assertThat(stopping).isNotDone();
		passMayEnd.countDown();
		stopping.get(30, TimeUnit.SECONDS);

		assertThat(interrupted).isFalse();
		slow.destroy();
	}

	private static long insertIdentity(JdbcClient jdbc) {
		jdbc.sql("INSERT INTO identity (name, name_key, created_at, last_seen_at) VALUES ('ann', 'ann', ?, ?)")
			.params(NOW, NOW)
			.update();
		return jdbc.sql("SELECT id FROM identity WHERE name_key = 'ann'").query(Long.class).single();
	}

	/**
	 * Each message in a commit of its own, as the history writer does at an everyday
	 * pace.
	 */
	private static void sendOneByOne(JdbcClient jdbc, long sender, int count) {
		for (int i = 0; i < count; i++) {
			jdbc.sql("INSERT INTO message (type, sender_id, sender_name, content, action, created_at, delivered)"
					+ " VALUES ('message', ?, 'ann', ?, FALSE, ?, TRUE)")
				.params(sender, "hello everyone, this is message number " + i, NOW)
				.update();
		}
	}

	private static int chunks(JdbcClient jdbc) {
		return setting(jdbc, "info.CHUNK_COUNT");
	}

	private static int setting(JdbcClient jdbc, String name) {
		return jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")
			.param(name)
			.query(Integer.class)
			.single();
	}

}
