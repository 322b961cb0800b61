package lanchat.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import lanchat.LanchatApplication;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the message journal keeps the messages, H2 writes its file once per
 * {@code file-write-every}, when asked by a thread of lanchat's and never by its own
 * background writer; every other write is still in the file once its connection is back
 * in the pool, and the setting holds for connections the pool opens later.
 */
class StoredWritesTests {

	@Test
	void onlyASingleReadLeavesNothingToWrite() {
		assertThat(StoredWrites.writes("SELECT id FROM message")).isFalse();
		assertThat(StoredWrites.writes("  (select 1) union (select 2)")).isFalse();
		assertThat(StoredWrites.writes("VALUES 1;")).isFalse();
		assertThat(StoredWrites.writes("INSERT INTO ban VALUES (1)")).isTrue();
		assertThat(StoredWrites.writes("update message set hidden = true")).isTrue();
		assertThat(StoredWrites.writes("MERGE INTO setting KEY (setting_name) VALUES ('a', 'b')")).isTrue();
		assertThat(StoredWrites.writes("BACKUP TO 'x.zip'")).isTrue();
		assertThat(StoredWrites.writes("SELECT 1; DELETE FROM message")).isTrue();
	}

	@Test
	void onlyAnH2UrlThatWritesAtEveryCommitLeavesTheWritingToTheJournal() {
		assertThat(StoredWrites.writesAtEveryCommit("jdbc:h2:file:./data/lanchat;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"))
			.isTrue();
		assertThat(StoredWrites.writesAtEveryCommit("jdbc:h2:file:./data/lanchat;write_delay = 0")).isTrue();
		assertThat(StoredWrites.writesAtEveryCommit("jdbc:h2:file:./data/lanchat")).isFalse();
		assertThat(StoredWrites.writesAtEveryCommit("jdbc:h2:file:./data/lanchat;WRITE_DELAY=500")).isFalse();
		assertThat(StoredWrites.writesAtEveryCommit("jdbc:h2:file:./data/lanchat;WRITE_DELAY=05")).isFalse();
	}

	@Test
	void writesOutsideTheJournalAreInTheFileWhenTheirConnectionIsBackAndNewConnectionsKeepTheSetting(@TempDir Path data)
			throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LanchatApplication.class).run(
				"--server.port=0", "--lanchat.data-dir=" + data, "--spring.jmx.enabled=false", "--lanchat.tcp.port=0",
				"--lanchat.history.journal=true", "--lanchat.history.file-write-every=1h")) {
			DataSource dataSource = context.getBean(DataSource.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			StoredWrites storedWrites = context.getBean(StoredWrites.class);
			MVStore store = context.getBean(H2File.class).store();
			assertThat(store).isNotNull();
			// its passes write the file too, whenever there is something to rewrite
			context.getBean(H2Compaction.class).stop();

			storedWrites.keptElsewhere(() -> jdbc.sql("INSERT INTO setting (setting_name, setting_value) VALUES (?, ?)")
				.params("kept elsewhere", "1")
				.update());
			assertThat(store.hasUnsavedChanges()).as("a write kept elsewhere waits for the timed write").isTrue();

			jdbc.sql("INSERT INTO setting (setting_name, setting_value) VALUES (?, ?)")
				.params("a ban, say", "1")
				.update();
			assertThat(store.hasUnsavedChanges()).as("any other write is in the file at once").isFalse();

			// H2 applies the URL's WRITE_DELAY=0 to every connection it opens; the pool
			// opens them again in the background, all before the one lent out next
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			pool.getHikariPoolMXBean().softEvictConnections();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> pool.getHikariPoolMXBean().getTotalConnections() == pool.getMaximumPoolSize()
						&& pool.getHikariPoolMXBean().getIdleConnections() == pool.getMaximumPoolSize());
			MVStore renewedStore;
			try (Connection renewed = dataSource.getConnection()) {
				// H2 may have closed and reopened the database while the pool had no
				// connection
				renewedStore = H2File.fileStoreOf(renewed);
				assertThat(renewedStore.getAutoCommitDelay()).isEqualTo(StoredWrites.WRITES_WHEN_ASKED);
			}
			assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
				.as("H2's background writer, whose chunk pipeline failed H2's assertions, never runs")
				.noneMatch((name) -> name.startsWith("MVStore background writer")
						&& name.contains(renewedStore.getFileStore().getFileName()));

			storedWrites.keptElsewhere(() -> jdbc.sql("INSERT INTO setting (setting_name, setting_value) VALUES (?, ?)")
				.params("kept elsewhere, then written", "1")
				.update());
			assertThat(renewedStore.hasUnsavedChanges()).isTrue();
			context.getBean(H2File.class).storeEvery(Duration.ofMillis(50));
			await().atMost(Duration.ofSeconds(30)).until(() -> !renewedStore.hasUnsavedChanges());
		}
	}

}
