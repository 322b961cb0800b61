package lanchat.security;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Where slow password hashes (PBKDF2) run: a small pool of their own, never a thread that
 * serves other clients (STOMP's inbound threads, Netty's event loops, the TCP work
 * group). At most {@link #THREADS} hashes run at once in the whole server and
 * {@link #WAITING} more may wait; past that an attempt is refused at once with
 * {@code too-many-attempts}, so a flood of password guesses costs the server one core at
 * most and holds up nobody else's messages.
 */
@Component
public class SlowHashing implements DisposableBean {

	/** One core of a small machine: the rest of the chat keeps the others. */
	public static final int THREADS = 1;

	/**
	 * About a second of hashing; a person who waits longer would rather be told to try
	 * again.
	 */
	public static final int WAITING = 8;

	private final ThreadPoolExecutor pool;

	SlowHashing() {
		this(THREADS, WAITING);
	}

	SlowHashing(int threads, int waiting) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("lanchat-hashing-");
		threadFactory.setDaemon(true);
		this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(waiting),
				threadFactory, new ThreadPoolExecutor.AbortPolicy());
		this.pool.allowCoreThreadTimeOut(true);
	}

	/**
	 * Runs {@code work} on the pool.
	 * @return its result, or a future failed with a {@link Refusal}
	 * ({@code too-many-attempts}) when the pool is full
	 */
	public <T> CompletableFuture<T> submit(Supplier<T> work) {
		try {
			return CompletableFuture.supplyAsync(work, pool);
		}
		catch (RejectedExecutionException busy) {
			return CompletableFuture.failedFuture(new Refusal(ErrorCode.TOO_MANY_ATTEMPTS,
					"the server is busy checking passwords; try again in a few seconds"));
		}
	}

	@Override
	public void destroy() {
		pool.shutdownNow();
	}

}
