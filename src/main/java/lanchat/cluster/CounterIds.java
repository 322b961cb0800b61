package lanchat.cluster;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;

import lanchat.history.MessageIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Message ids from one counter row in PostgreSQL, updated inside the transaction that
 * inserts the messages ({@code UPDATE ... RETURNING}). The update holds the row's lock
 * until commit, so writers on all nodes take ids one after the other and commit in id
 * order; a transaction that rolls back gives its ids back with it. So the committed ids
 * are 1, 2, 3, ... with no gaps, and whoever has seen id n knows every id below it is
 * committed. A PostgreSQL sequence gives neither: two nodes could commit ids 10 and 11 in
 * the other order.
 * <p>
 * Cluster mode needs PostgreSQL: this refuses to start on anything else, before any node
 * uses it.
 */
@Component
@ClusterMode
class CounterIds implements MessageIds {

	private static final String MESSAGE = "message";

	private final JdbcClient jdbc;

	CounterIds(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		requirePostgres(dataSource);
		// a node that ran alone since the last cluster start gave ids from the identity
		// column
		jdbc.sql("UPDATE id_counter SET last_id = GREATEST(last_id, (SELECT COALESCE(MAX(id), 0) FROM message))"
				+ " WHERE counter_name = ?")
			.param(MESSAGE)
			.update();
	}

	@Override
	public long reserve(int count) {
		return jdbc.sql("UPDATE id_counter SET last_id = last_id + ? WHERE counter_name = ? RETURNING last_id")
			.params(count, MESSAGE)
			.query(Long.class)
			.single();
	}

	@Override
	public long newest() {
		return jdbc.sql("SELECT last_id FROM id_counter WHERE counter_name = ?")
			.param(MESSAGE)
			.query(Long.class)
			.single();
	}

	static void requirePostgres(DataSource dataSource) {
		String product;
		try (Connection connection = dataSource.getConnection()) {
			product = connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new ClusterRefused("cluster mode could not reach its database: " + ex.getMessage());
		}
		if (!"PostgreSQL".equals(product)) {
			throw new ClusterRefused("cluster mode needs one PostgreSQL shared by every node (spring.datasource.url),"
					+ " not " + product + ", which no other node can reach");
		}
	}

}
