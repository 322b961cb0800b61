package lanchat.gateway;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's work in the order it arrived, on a shared pool. Claiming a name, sending and
 * leaving touch the database, so they must not run on a Netty event loop, yet a connection's leave must
 * never overtake its join or its messages.
 */
final class SerialExecutor implements Executor {

	private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this) {
			tasks.add(task);
			if (running) {
				return;
			}
			running = true;
		}
		try {
			pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// the gateway is stopping; what was not done will not be
			synchronized (this) {
				tasks.clear();
				running = false;
			}
		}
	}

	private void drain() {
		while (true) {
			Runnable next;
			synchronized (this) {
				next = tasks.poll();
				if (next == null) {
					running = false;
					return;
				}
			}
			try {
				next.run();
			}
			catch (RuntimeException ex) {
				log.warn("A TCP client's task failed", ex);
			}
		}
	}

}
