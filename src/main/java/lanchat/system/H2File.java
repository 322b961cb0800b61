package lanchat.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 database's file, when the server keeps one: H2 writes its changes to it
 * as chunks, either at every commit ({@code WRITE_DELAY=0}, lanchat's URL) or when asked
 * ({@link #storeNow}). JDBC has no way to ask, so this reaches H2's store through H2's
 * own engine classes. On PostgreSQL, or on an H2 database in memory, there is no file and
 * this does nothing.
 * <p>
 * When commits leave the writing to it ({@link #storeEvery}), this writes the file on a
 * thread of its own rather than letting H2's background writer do it. With a
 * {@code WRITE_DELAY} above 0, H2 2.4 hands every chunk to a pipeline of two more
 * threads, where it serialises and accounts for freed pages outside the lock that its
 * other file work holds; that is where H2 failed one of its own assertions in CI (a freed
 * page in a chunk it did not know, {@code AssertionError: 3578}) and closed the database.
 * Asked this way, each chunk is made on the thread that asks, under that lock, as at
 * every commit with {@code WRITE_DELAY=0}, only less often.
 */
@Component
public class H2File implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(H2File.class);

	private final DataSource dataSource;

	private final StoredWrites storedWrites;

	private @Nullable MVStore store;

	private boolean none;

	private @Nullable ScheduledExecutorService writer;

	private @Nullable ScheduledFuture<?> writes;

	private boolean destroyed;

	public H2File(DataSource dataSource, StoredWrites storedWrites) {
		this.dataSource = dataSource;
		this.storedWrites = storedWrites;
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

	/**
	 * Has commits leave the file alone and writes every change to it once per
	 * {@code every} from now on, on a thread of this class's own; every write but those
	 * {@link StoredWrites#keptElsewhere kept elsewhere} is still written when its
	 * connection is handed back. {@link Duration#ZERO}: commits write it again.
	 * @return false when the database is not an embedded H2 database whose commits this
	 * can leave alone: then H2 goes on writing at every commit
	 */
	public synchronized boolean storeEvery(Duration every) {
		if (!storedWrites.writeFileEvery(every)) {
			return false;
		}
		if (writes != null) {
			writes.cancel(false);
			writes = null;
		}
		if (every.isZero() || destroyed || none) {
			return true;
		}
		if (writer == null) {
			writer = H2FileThreads.start("h2-file-writer");
		}
		long millis = every.toMillis();
		writes = writer.scheduleWithFixedDelay(this::storeOrSayWhyNot, millis, millis, TimeUnit.MILLISECONDS);
		return true;
	}

	/** A scheduled task that throws is never run again: this logs why and goes on. */
	private void storeOrSayWhyNot() {
		try {
			storeNow();
		}
		catch (RuntimeException ex) {
			log.warn("H2 could not write its file now: {}", ex.toString());
		}
	}

	/**
	 * Lets a write under way end, without interrupting it ({@link H2FileThreads}). The
	 * database closes after this, and writes what is left itself.
	 */
	@Override
	public void destroy() {
		ScheduledExecutorService running;
		synchronized (this) {
			running = writer;
			writer = null;
			writes = null;
			destroyed = true;
		}
		if (running != null) {
			H2FileThreads.finish(running, "H2 still writing its file");
		}
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
