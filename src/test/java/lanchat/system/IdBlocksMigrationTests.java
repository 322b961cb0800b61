package lanchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 7 hands H2's ids out in blocks, so that a block's end costs no commit of its
 * own, and leaves PostgreSQL's sequences as they were.
 */
class IdBlocksMigrationTests {

	private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-05T12:00:00Z");

	@Test
	void everyIdColumnOnH2NotesItsNextValueOncePerBlock(@TempDir Path data) {
		DataSource h2 = new DriverManagerDataSource("jdbc:h2:file:" + data.resolve("lanchat"), "sa", "");
		migrate(h2);
		JdbcClient jdbc = JdbcClient.create(h2);

		List<String> columns = jdbc
			.sql("SELECT LOWER(TABLE_NAME) || '.' || LOWER(COLUMN_NAME) || ' ' || IDENTITY_CACHE"
					+ " FROM INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = CURRENT_SCHEMA")
			.query(String.class)
			.list();

		assertThat(columns).contains("message.id 1024", "identity.id 1024", "device_token.id 1024")
			.allMatch(column -> column.endsWith(" " + V7__IdsInBlocksOnH2.BLOCK));
	}

	@Test
	void idsGoOnFromWhereTheyWereOnADatabaseThatHeldMessages(@TempDir Path data) {
		DataSource h2 = new DriverManagerDataSource("jdbc:h2:file:" + data.resolve("lanchat"), "sa", "");
		Flyway.configure().dataSource(h2).locations("classpath:db/migration").target("6").load().migrate();
		JdbcClient jdbc = JdbcClient.create(h2);
		long sender = insertIdentity(jdbc, "ann");
		long before = 0;
		for (int i = 0; i < 40; i++) {
			before = insertMessage(jdbc, sender, "before " + i);
		}

		migrate(h2);

		long after = insertMessage(jdbc, sender, "after");
		assertThat(after).isGreaterThan(before);
		assertThat(insertIdentity(jdbc, "bo")).isGreaterThan(sender);
	}

	@Test
	void postgresKeepsSequencesThatHandOutIdsInOrderAcrossConnections() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			DataSource pg = postgres.getPostgresDatabase();
			migrate(pg);

			List<Long> caches = JdbcClient.create(pg)
				.sql("SELECT cache_size FROM pg_sequences WHERE schemaname = current_schema()")
				.query(Long.class)
				.list();

			assertThat(caches).isNotEmpty().containsOnly(1L);
		}
	}

	private static long insertIdentity(JdbcClient jdbc, String name) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO identity (name, name_key, created_at, last_seen_at) VALUES (?, ?, ?, ?)")
			.params(name, name, NOW, NOW)
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	private static long insertMessage(JdbcClient jdbc, long sender, String content) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO message (type, sender_id, sender_name, content, action, created_at, delivered)"
				+ " VALUES ('message', ?, 'ann', ?, FALSE, ?, TRUE)")
			.params(sender, content, NOW)
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

	private static void migrate(DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.javaMigrations(new V7__IdsInBlocksOnH2())
			.load()
			.migrate();
	}

}
