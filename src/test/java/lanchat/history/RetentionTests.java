package lanchat.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import lanchat.LanchatProperties;
import lanchat.identity.ChatUser;
import lanchat.system.H2File;
import lanchat.system.StoredWrites;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention by age and by count, on a real (in-memory) H2 database migrated like the real
 * one.
 */
class RetentionTests {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private HistoryStore store;

	private JdbcClient jdbc;

	private JdbcDataSource dataSource;

	private ChatUser alice;

	@BeforeEach
	void freshDatabase() {
		dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:retention" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		JdbcTemplate template = new JdbcTemplate(dataSource);
		jdbc = JdbcClient.create(template);
		store = new HistoryStore(jdbc, template, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
				(MessageIds) null);
		jdbc.sql(
				"INSERT INTO identity (id, name, name_key, created_at, last_seen_at) VALUES (1, 'alice', 'alice', ?, ?)")
			.params(NOW.atOffset(ZoneOffset.UTC), NOW.atOffset(ZoneOffset.UTC))
			.update();
		alice = new ChatUser(1, "alice");
	}

	@Test
	void messagesOlderThanTheRetentionAreDeleted() {
		store.insert(List.of(at(NOW.minus(Duration.ofDays(40))), at(NOW.minus(Duration.ofDays(31))),
				at(NOW.minus(Duration.ofDays(29))), at(NOW.minus(Duration.ofMinutes(1)))));
		job(30, 1_000_000).enforce();
		assertThat(store.before(alice, Long.MAX_VALUE, 10)).extracting(m -> m.timestamp())
			.containsExactly(NOW.minus(Duration.ofDays(29)), NOW.minus(Duration.ofMinutes(1)));
	}

	@Test
	void onlyTheNewestMessagesAreKeptBeyondTheCount() {
		List<Long> ids = store.insert(java.util.stream.IntStream.range(0, 10).mapToObj(i -> at(NOW)).toList())
			.stream()
			.map(m -> m.id())
			.toList();
		job(30, 4).enforce();
		assertThat(store.count()).isEqualTo(4);
		assertThat(store.before(alice, Long.MAX_VALUE, 10)).extracting(m -> m.id()).isEqualTo(ids.subList(6, 10));
	}

	@Test
	void zeroDaysKeepsEverything() {
		store.insert(List.of(at(NOW.minus(Duration.ofDays(4000))), at(NOW)));
		job(0, 0).enforce();
		assertThat(store.count()).isEqualTo(2);
	}

	private RetentionJob job(int days, long maxMessages) {
		LanchatProperties properties = new Binder(new MapConfigurationPropertySource(
				java.util.Map.of("lanchat.history.retention-days", days, "lanchat.history.max-messages", maxMessages)))
			.bindOrCreate("lanchat", LanchatProperties.class);
		StoredWrites storedWrites = new StoredWrites();
		MessageJournal journal = new MessageJournal(properties, store, new H2File(dataSource, storedWrites),
				storedWrites, true);
		return new RetentionJob(store, journal, properties, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private NewMessage at(Instant when) {
		return new NewMessage(alice, null, "said at " + when, false, when, true);
	}

}
