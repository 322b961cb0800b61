package lanchat.system;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file from growing with every commit. H2 writes each commit as a
 * new chunk at the end of its file, and rewrites the live pages of half-empty old chunks
 * so that their space can be used again; but it does that rewriting in a background
 * thread that runs only when commits may wait ({@code WRITE_DELAY} above 0). lanchat
 * writes every commit at once ({@code WRITE_DELAY=0}: what the server confirmed survives
 * a crash), so nothing was ever rewritten: the file grew by about 5.5 KB per short
 * message for good, and H2 kept a record of every chunk in memory (bench/h2file). The
 * message journal has H2 write less often, but by asking it ({@link H2File#storeEvery}),
 * not through H2's background thread, so this does the rewriting then too.
 * <p>
 * So this rewrites them on a thread of its own: after every {@value #COMMITS_PER_PASS}
 * commits, up to {@value #WRITE_BUDGET} bytes of the emptiest chunks that H2 may rewrite,
 * committed as a chunk of their own rather than as part of the next message's commit.
 * That is about 2 KB per commit at most, enough to keep up, and a pass short enough for
 * the commits that wait for H2's store lock meanwhile. H2 lets a chunk be rewritten, and
 * the space of one emptied be used again, only 45 s after it was written (its retention
 * time, in case the machine itself crashed). A file that grew before this is compacted as
 * messages come, and by H2 for up to 200 ms when the server stops.
 * <p>
 * H2's file store is reached through H2's own engine classes (JDBC has no way to ask for
 * this); on PostgreSQL and on a database in memory this does nothing.
 */
@Component
class H2Compaction implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

	/** Bytes of live pages rewritten at most per pass. */
	static final int WRITE_BUDGET = 64 * 1024;

	/** Commits between two passes. */
	static final int COMMITS_PER_PASS = 32;

	/**
	 * A pass rewrites while all chunks together are less full than this (H2's own
	 * default). The emptied chunks H2 keeps for their retention time count too, so while
	 * messages come this hardly ever holds a pass back: the budget per commit is what
	 * bounds the work.
	 */
	private static final int TARGET_FILL_RATE = 90;

	private final H2File h2File;

	/**
	 * Guards {@link #thread}; a pass holds the object's own lock, which start and stop do
	 * not wait for.
	 */
	private final Object lifecycle = new Object();

	private @Nullable ScheduledExecutorService thread;

	/** The H2 file store last seen; none while not known or not H2. */
	private @Nullable MVStore store;

	/** The store's version when the last pass started. */
	private long versionAtLastPass;

	H2Compaction(H2File h2File) {
		this.h2File = h2File;
	}

	@Override
	public void start() {
		synchronized (lifecycle) {
			if (thread != null) {
				return;
			}
			thread = H2FileThreads.start("h2-compaction");
			thread.scheduleWithFixedDelay(this::compactAfterCommitsOrSayWhyNot, 250, 250, TimeUnit.MILLISECONDS);
		}
	}

	/** Lets a pass under way end, without interrupting it ({@link H2FileThreads}). */
	@Override
	public void stop() {
		ScheduledExecutorService running;
		synchronized (lifecycle) {
			running = thread;
			thread = null;
		}
		if (running != null) {
			H2FileThreads.finish(running, "H2 compaction still running");
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (lifecycle) {
			return thread != null;
		}
	}

	/** A scheduled task that throws is never run again: this logs why and goes on. */
	private void compactAfterCommitsOrSayWhyNot() {
		try {
			compactAfterCommits();
		}
		catch (RuntimeException | AssertionError ex) {
			if (storeClosed()) {
				log.debug("H2 compaction skipped: the database is closed");
			}
			else {
				log.warn("H2 compaction failed: {}", ex.toString());
			}
		}
	}

	private synchronized void compactAfterCommits() {
		MVStore current = store();
		if (current == null || current.getCurrentVersion() - versionAtLastPass < COMMITS_PER_PASS) {
			return;
		}
		versionAtLastPass = current.getCurrentVersion();
		compact(current);
	}

	private synchronized boolean storeClosed() {
		return store != null && store.isClosed();
	}

	/**
	 * One pass, whatever was committed: rewrites up to {@link #WRITE_BUDGET} bytes of the
	 * emptiest chunks and commits them. Returns whether anything was rewritten.
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
		MVStore current = h2File.store();
		if (current != null && current != store) {
			store = current;
			versionAtLastPass = current.getCurrentVersion();
		}
		return current;
	}

}
