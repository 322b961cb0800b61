package lanchat.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 7: on the embedded H2 database, every id column notes its next value
 * once per {@value #BLOCK} ids instead of once per 32. H2 notes it in a commit of its
 * own, and with {@code WRITE_DELAY=0} each commit writes to the file, so every 32nd
 * message or newcomer cost two writes where the others cost one: a tail on delivery
 * latency, and over a quarter of a join's database time when many people arrive at once.
 * Ids still only grow: after a crash the next one skips what the block had left, as after
 * a rolled-back insert.
 * <p>
 * PostgreSQL is left alone: its sequences note their values without a commit, and a cache
 * there is per connection, which would hand ids out of order.
 */
@Component
class V7__IdsInBlocksOnH2 extends BaseJavaMigration {

	static final int BLOCK = 1024;

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
			return;
		}
		List<String> alters = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME"
				+ " FROM INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = CURRENT_SCHEMA");
				ResultSet identities = select.executeQuery()) {
			while (identities.next()) {
				alters.add("ALTER TABLE " + quoted(identities.getString(1)) + " ALTER COLUMN "
						+ quoted(identities.getString(2)) + " SET CACHE " + BLOCK);
			}
		}
		try (Statement alter = connection.createStatement()) {
			for (String sql : alters) {
				alter.execute(sql);
			}
		}
	}

	private static String quoted(String name) {
		return '"' + name.replace("\"", "\"\"") + '"';
	}

}
