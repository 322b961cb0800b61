package lanchat.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;

/**
 * Spaces out attempts at something expensive (a slow password hash) per key: one attempt per interval.
 */
public final class SlowAttempts {

	private final long intervalNanos;

	private final Map<String, Long> last = new ConcurrentHashMap<>();

	public SlowAttempts(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/** Refuses in plain words when the previous attempt for {@code key} was too recent. */
	public void allow(String key) {
		long now = System.nanoTime();
		Long previous = last.put(key, now);
		if (previous != null && now - previous < intervalNanos) {
			throw new Refusal(ErrorCode.TOO_MANY_ATTEMPTS, "Please wait a moment before trying that again.");
		}
	}

	public void forget(String key) {
		last.remove(key);
	}

}
