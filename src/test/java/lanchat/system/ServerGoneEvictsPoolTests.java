package lanchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After PostgreSQL restarts, the first connection that finds the server gone takes every
 * other stale one with it: the next borrower gets a working connection instead of failing
 * on the next stale one.
 */
class ServerGoneEvictsPoolTests {

	private static final int POOL = 3;

	@Test
	void oneFailureAfterARestartDropsEveryConnectionOpenedBefore(@TempDir Path dir) throws Exception {
		EmbeddedPostgres postgres = start(dir, 0);
		int port = postgres.getPort();
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
			pool.setUsername("postgres");
			pool.setMaximumPoolSize(POOL);
			pool.setMinimumIdle(POOL);
			new ServerGoneEvictsPool().postProcessBeforeInitialization(pool, "dataSource");
			// as on a busy server, every pooled connection counts as just used: Hikari
			// hands it out unchecked
			System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "3600000");
			try {
				useEveryConnection(pool);
			}
			finally {
				System.clearProperty("com.zaxxer.hikari.aliveBypassWindowMs");
			}
			postgres.close();
			postgres = start(dir, port);

			assertThatThrownBy(() -> selectOne(pool)).isInstanceOf(SQLException.class);
			assertThat(selectOne(pool)).isEqualTo(1);
		}
		finally {
			postgres.close();
		}
	}

	/**
	 * Opens all of the pool's connections at once and uses each, so that the pool holds
	 * that many.
	 */
	private static void useEveryConnection(HikariDataSource pool) throws SQLException {
		List<Connection> open = new ArrayList<>();
		try {
			for (int i = 0; i < POOL; i++) {
				Connection connection = pool.getConnection();
				open.add(connection);
				try (Statement statement = connection.createStatement()) {
					statement.execute("SELECT 1");
				}
			}
		}
		finally {
			for (Connection connection : open) {
				connection.close();
			}
		}
	}

	private static int selectOne(HikariDataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static EmbeddedPostgres start(Path dir, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false);
		return (port == 0 ? builder : builder.setPort(port)).start();
	}

}
