package lanchat.support;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * For tests that run parts of the app against a database of their own: every table
 * dropped, then the product's migrations run, as on a first start.
 */
public final class FreshSchema {

	private FreshSchema() {
	}

	public static void migrate(DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.cleanDisabled(false)
			.load()
			.clean();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
	}

}
