package lanchat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;

/**
 * Spaces out attempts at something expensive (a slow password hash) per key: one attempt
 * per interval.
 */
public final class SlowAttempts {

	private final Duration interval;

	private final Clock clock;

	private final Map<String, Instant> last = new ConcurrentHashMap<>();

	/** Past this many keys, those whose interval is over are forgotten. */
	private static final int REMEMBERED = 4096;

	public SlowAttempts(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Refuses in plain words when the previous attempt for {@code key} was too recent.
	 */
	public void allow(String key) {
		Instant now = clock.instant();
		if (last.size() > REMEMBERED) {
			last.values().removeIf(then -> !then.plus(interval).isAfter(now));
		}
		Instant previous = last.put(key, now);
		if (previous != null && previous.plus(interval).isAfter(now)) {
			throw new Refusal(ErrorCode.TOO_MANY_ATTEMPTS, "Please wait a moment before trying that again.");
		}
	}

}
