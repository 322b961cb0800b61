package lanchat.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 5 on a database that held names under the old, case-folded keys, on H2 and on
 * a real PostgreSQL: every held name gets its look-alike key, and of two held names that
 * look alike now, the one taken first keeps it and the other is released.
 */
class NameKeyMigrationTests {

	private static final Instant EARLY = Instant.parse("2026-01-01T10:00:00Z");

	@Test
	void onH2(@TempDir Path data) {
		migrate(new DriverManagerDataSource("jdbc:h2:file:" + data.resolve("lanchat"), "sa", ""));
	}

	@Test
	void onPostgres() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			migrate(postgres.getPostgresDatabase());
		}
	}

	private static void migrate(DataSource dataSource) {
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("4").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		long alice = held(jdbc, "Alice", "alice", 0);
		long cyrillic = held(jdbc, "\u0410lice", "\u0430lice", 5);
		long sharp = held(jdbc, "Strauß", "strauss", 10);
		long capitalSharp = held(jdbc, "Strauẞ", "strauß", 1);
		long bob = held(jdbc, "Bob", "bob", 2);
		long released = held(jdbc, "Carol", null, 3);

		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.javaMigrations(new V5__NameKeysByLookAlike())
			.load()
			.migrate();

		Map<Long, String> keys = new HashMap<>();
		jdbc.sql("SELECT id, name_key FROM identity")
			.query((rs, row) -> keys.put(rs.getLong(1), rs.getString(2)))
			.list();
		assertThat(keys.get(alice)).isEqualTo("alice");
		assertThat(keys.get(cyrillic)).as("taken after Alice, whom it looks like").isNull();
		assertThat(keys.get(capitalSharp)).as("taken before Strauß, its other spelling").isEqualTo("strauss");
		assertThat(keys.get(sharp)).isNull();
		assertThat(keys.get(bob)).isEqualTo("bob");
		assertThat(keys.get(released)).isNull();
		assertThat(
				jdbc.sql("SELECT id FROM identity WHERE released_at IS NOT NULL ORDER BY id").query(Long.class).list())
			.containsExactly(cyrillic, sharp, released);
	}

	/**
	 * An identity as the old code stored it, created {@code minutes} after
	 * {@link #EARLY}.
	 */
	private static long held(JdbcClient jdbc, String name, String oldKey, int minutes) {
		var at = EARLY.plusSeconds(60L * minutes).atOffset(ZoneOffset.UTC);
		jdbc.sql("INSERT INTO identity (name, name_key, created_at, last_seen_at, released_at) VALUES (?, ?, ?, ?, ?)")
			.params(name, oldKey, at, at, oldKey == null ? at : null)
			.update();
		return jdbc.sql("SELECT id FROM identity WHERE name = ?").param(name).query(Long.class).single();
	}

}
