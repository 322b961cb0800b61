package lanchat.web.tomcat;

import java.util.concurrent.TimeUnit;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Finishes a WebSocket write on the thread that made it when the write is done at once,
 * which is the usual case: the frame fits in the socket's send buffer.
 * <p>
 * Tomcat hands the completion of every asynchronous write to its thread pool, even one
 * that completed inside the call that started it. For a room's broadcast that is one
 * thread hand-off per recipient: a wake-up of a parked thread, which on a small or
 * virtual machine costs more CPU than the write itself, and a wait for the scheduler on
 * every delivery. Tomcat's pool here is its own, with the same sizes as Boot configures,
 * and runs a task in place only while the calling thread is inside {@link #writeInPlace}.
 * Completions that come later, from Tomcat's poller once a slow client's socket drains,
 * still go to the pool, so the poller never writes.
 * <p>
 * Only for {@link WritePath#GATHERING}: Tomcat hands its completions to the executor of
 * its connector, which is not part of any public API. With
 * {@code lanchat.websocket.writes=batching} Tomcat keeps its own.
 * <p>
 * This is the main connector's pool; the HTTPS connector
 * ({@code lanchat.tls.self-signed}) keeps Tomcat's, and works the same, only with a
 * hand-off per delivery. Tomcat reports the pool's configured size ({@code maxThreads})
 * only for a pool it made itself, so that one figure reads -1; the counts of busy and
 * live threads are still there.
 */
@Component
class WriteCompletions implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(WriteCompletions.class);

	/**
	 * How long an idle pool thread lives, Tomcat's default (the connector does not expose
	 * its own).
	 */
	private static final long THREAD_IDLE_MILLIS = 60_000;

	/** How long stopping waits for running tasks, Tomcat's default. */
	private static final long TERMINATION_WAIT_MILLIS = 5_000;

	private final ThreadLocal<boolean[]> writing = ThreadLocal.withInitial(() -> new boolean[1]);

	private final boolean gathering;

	WriteCompletions(WebSocketProperties properties) {
		this.gathering = properties.writes() == WritePath.GATHERING;
	}

	/**
	 * Starts an asynchronous write; if it completes before returning, its completion runs
	 * here, on this thread, before this method returns.
	 */
	void writeInPlace(Runnable startWrite) {
		boolean[] inside = writing.get();
		if (inside[0]) {
			startWrite.run();
			return;
		}
		inside[0] = true;
		try {
			startWrite.run();
		}
		finally {
			inside[0] = false;
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (gathering) {
			factory.addConnectorCustomizers(this::usePool);
		}
	}

	/**
	 * Boot's settings (thread counts, queue size) are final when the connector starts, so
	 * the pool is made then; Tomcat does not stop a pool it did not make, so it is
	 * stopped with the connector.
	 */
	private void usePool(Connector connector) {
		if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
			return;
		}
		connector.addLifecycleListener(event -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && protocol.getExecutor() == null) {
				protocol.setExecutor(new Pool(protocol));
			}
			else if (Lifecycle.AFTER_STOP_EVENT.equals(event.getType())
					&& protocol.getExecutor() instanceof Pool pool) {
				protocol.setExecutor(null);
				pool.stop();
			}
		});
	}

	/** Tomcat's own pool, as Tomcat makes it, except for running completions in place. */
	private final class Pool extends ThreadPoolExecutor {

		Pool(AbstractProtocol<?> protocol) {
			this(protocol, new TaskQueue(protocol.getMaxQueueSize()));
		}

		/** As Tomcat stops its own: interrupt, then give running tasks a moment. */
		void stop() {
			shutdownNow();
			try {
				awaitTermination(TERMINATION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private Pool(AbstractProtocol<?> protocol, TaskQueue queue) {
			super(protocol.getMinSpareThreads(), protocol.getMaxThreads(), THREAD_IDLE_MILLIS, TimeUnit.MILLISECONDS,
					queue, new TaskThreadFactory(protocol.getName().replace("\"", "") + "-exec-", true,
							protocol.getThreadPriority()));
			queue.setParent(this);
		}

		/**
		 * In place only one level deep: a frame written in several parts would otherwise
		 * finish each part inside the last one's completion, one stack level per
		 * kilobyte.
		 */
		@Override
		public void execute(Runnable command) {
			boolean[] inside = writing.get();
			if (!inside[0]) {
				super.execute(command);
				return;
			}
			inside[0] = false;
			try {
				command.run();
			}
			catch (RuntimeException ex) {
				// as a pool thread would; thrown into Tomcat, it would run the completion
				// a second time
				log.warn("A write's completion failed: {}", ex.toString());
			}
			finally {
				inside[0] = true;
			}
		}

	}

}
