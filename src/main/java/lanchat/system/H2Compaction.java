package lanchat.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file from growing with every commit. H2 writes each commit as a
 * new chunk at the end of its file, and rewrites the live pages of half-empty old chunks
 * so that their space can be used again; but it does that rewriting in a background
 * thread that runs only when commits may wait ({@code WRITE_DELAY} above 0). lanchat
 * writes every commit at once ({@code WRITE_DELAY=0}: an acknowledged message survives a
 * crash), so nothing was ever rewritten: the file grew by about 5.5 KB per short message
 * for good, and H2 kept a record of every chunk in memory (bench/h2file; about 1.3 KB per
 * message with this).
 * <p>
 * So this does what H2's background thread would: a few times a second, while anything
 * was committed, it rewrites up to {@value #WRITE_BUDGET} bytes of the emptiest chunks
 * and commits them as a chunk of their own, not as part of the next message's commit. A
 * small budget keeps the store's lock short for the messages committed meanwhile. H2
 * still keeps emptied chunks for its retention time (45 s) before it reuses their space,
 * as a crash of the machine may have left their replacements unwritten.
 * <p>
 * It reaches H2's store through H2's own public engine classes (JDBC has no way to ask
 * for this); on PostgreSQL and on a database in memory it does nothing.
 */
@Component
class H2Compaction {

	private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

	/** Bytes of live pages rewritten at most per pass. */
	static final int WRITE_BUDGET = 64 * 1024;

	/**
	 * Chunks are rewritten while all of them together are less full than this (H2's own
	 * default).
	 */
	static final int TARGET_FILL_RATE = 90;

	private final DataSource dataSource;

	/** The H2 file store, once found; none while not known or not H2. */
	private @Nullable MVStore store;

	private boolean notH2;

	/** The store's version after the last pass; a pass only runs if it moved on since. */
	private long versionAfterLastPass = -1;

	H2Compaction(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Scheduled(initialDelay = 1, fixedDelay = 250, timeUnit = TimeUnit.MILLISECONDS)
	synchronized void compactWhileWritten() {
		MVStore current = store();
		if (current == null || current.getCurrentVersion() == versionAfterLastPass) {
			return;
		}
		try {
			compact(current);
		}
		catch (MVStoreException ex) {
			// the database is closing: the last connection is gone
			log.debug("H2 compaction skipped: {}", ex.getMessage());
		}
		versionAfterLastPass = current.getCurrentVersion();
	}

	/**
	 * One pass: rewrites up to {@link #WRITE_BUDGET} bytes of the emptiest chunks and
	 * commits them. Returns whether anything was rewritten.
	 */
	synchronized boolean compactOnce() {
		MVStore current = store();
		return current != null && compact(current);
	}

	private static boolean compact(MVStore current) {
		if (current.getFileStore() == null || !current.compact(TARGET_FILL_RATE, WRITE_BUDGET)) {
			return false;
		}
		current.commit();
		return true;
	}

	private @Nullable MVStore store() {
		if (notH2) {
			return null;
		}
		if (store != null && !store.isClosed()) {
			return store;
		}
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.isWrapperFor(JdbcConnection.class)
					|| !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
				// PostgreSQL, or an H2 server elsewhere that keeps its own file
				notH2 = true;
				return null;
			}
			store = session.getDatabase().getStore().getMvStore();
			return store;
		}
		catch (SQLException ex) {
			log.debug("H2 compaction: no connection now: {}", ex.getMessage());
			return null;
		}
	}

}
