package lanchat.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
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
 * When commits leave the writing to it ({@link StoredWrites#writeFileEvery}), this writes
 * the file on a thread of its own ({@link #storeEvery}) rather than letting H2's
 * background writer do it. With a {@code WRITE_DELAY} above 0, H2 2.4 hands every chunk
 * to a pipeline of two more threads, where it serialises and accounts for freed pages
 * outside the lock that its other file work holds; that is where H2 failed one of its own
 * assertions in CI (a freed page in a chunk it did not know,
 * {@code AssertionError: 3578}) and closed the database. Asked this way, each chunk is
 * made on the thread that asks, under that lock, as at every commit with
 * {@code WRITE_DELAY=0}, only less often.
 */
@Component
public class H2File implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(H2File.class);

	private final DataSource dataSource;

	private @Nullable MVStore store;

	private boolean none;

	private @Nullable ScheduledExecutorService writer;

	private @Nullable ScheduledFuture<?> writes;

	private boolean destroyed;

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

	/**
	 * Writes every change to the file once per {@code every} from now on, on a thread of
	 * this class's own; {@link Duration#ZERO} stops that (commits then write it again).
	 */
	public synchronized void storeEvery(Duration every) {
		if (writes != null) {
			writes.cancel(false);
			writes = null;
		}
		if (every.isZero() || destroyed || none) {
			return;
		}
		if (writer == null) {
			writer = Executors.newSingleThreadScheduledExecutor(task -> {
				Thread thread = new Thread(task, "h2-file-writer");
				thread.setDaemon(true);
				return thread;
			});
		}
		long millis = every.toMillis();
		writes = writer.scheduleWithFixedDelay(this::storeOrSayWhyNot, millis, millis, TimeUnit.MILLISECONDS);
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
	 * Lets a write under way end, without interrupting it: an interrupt during H2's file
	 * I/O closes its file channel, and H2 then closes the whole database. The database
	 * closes after this, and writes what is left itself.
	 */
	@Override
	public void destroy() throws InterruptedException {
		ScheduledExecutorService running;
		synchronized (this) {
			running = writer;
			writer = null;
			writes = null;
			destroyed = true;
		}
		if (running != null) {
			running.shutdown();
			if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
				log.warn("H2 still writing its file after 10 s; the server stops without waiting for it");
			}
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
