package lanchat.system;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that work on H2's file beside its commits ({@link H2Compaction},
 * {@link H2File#storeEvery}): daemons, and stopped without an interrupt, since an
 * interrupt during H2's file I/O closes its file channel, and H2 then closes the whole
 * database.
 */
final class H2FileThreads {

	private static final Logger log = LoggerFactory.getLogger(H2FileThreads.class);

	private H2FileThreads() {
	}

	/** A scheduler with one daemon thread of this name. */
	static ScheduledExecutorService start(String name) {
		return Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Lets a task under way end, without interrupting it, for up to 10 s; then says
	 * {@code stillRunning} and goes on without it.
	 */
	static void finish(ScheduledExecutorService running, String stillRunning) {
		running.shutdown();
		try {
			if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
				log.warn("{} after 10 s; the server stops without waiting for it", stillRunning);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
