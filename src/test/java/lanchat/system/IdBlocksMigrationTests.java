package lanchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 7 hands H2's ids out in blocks, so that a block's end costs no commit of its
 * own, and leaves PostgreSQL's sequences as they were.
 */
class IdBlocksMigrationTests {

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

	private static void migrate(DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.javaMigrations(new V7__IdsInBlocksOnH2())
			.load()
			.migrate();
	}

}
