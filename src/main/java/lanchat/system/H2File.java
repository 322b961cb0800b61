package lanchat.system;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 database's file, when the server keeps one: H2 writes its changes to it
 * as chunks, either at every commit ({@code WRITE_DELAY=0}, lanchat's URL) or from a
 * thread of its own every so often. JDBC has no way to ask for either, so this reaches
 * H2's store through H2's own engine classes. On PostgreSQL, or on an H2 database in
 * memory, there is no file and this does nothing.
 */
@Component
public class H2File {

	private static final Logger log = LoggerFactory.getLogger(H2File.class);

	private final DataSource dataSource;

	private @Nullable MVStore store;

	private boolean none;

	public H2File(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Whether the database is an embedded H2 database with a file. */
	public boolean present() {
		return store() != null;
	}

	/**
	 * Writes every change made so far to the file now, as a commit with
	 * {@code WRITE_DELAY=0} does.
	 * @return whether there is a file that now holds them
	 */
	public boolean storeNow() {
		MVStore current = store();
		if (current == null) {
			return false;
		}
		current.commit();
		return true;
	}

	/** H2's file store; none while no connection can be had, or when there is no file. */
	synchronized @Nullable MVStore store() {
		if (none) {
			return null;
		}
		if (store != null && !store.isClosed()) {
			return store;
		}
		try (Connection connection = dataSource.getConnection()) {
			store = fileStoreOf(connection);
			none = store == null;
			return store;
		}
		catch (SQLException ex) {
			log.debug("H2's file store: no connection now: {}", ex.getMessage());
			return null;
		}
	}

	/**
	 * The file store behind a connection: none for PostgreSQL, for an H2 server elsewhere
	 * that keeps its own file, or for an H2 database in memory.
	 */
	static @Nullable MVStore fileStoreOf(Connection connection) throws SQLException {
		if (!connection.isWrapperFor(JdbcConnection.class)
				|| !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
			return null;
		}
		MVStore found = session.getDatabase().getStore().getMvStore();
		return found.getFileStore() == null ? null : found;
	}

}
