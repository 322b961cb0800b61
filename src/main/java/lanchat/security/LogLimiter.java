package lanchat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.slf4j.Logger;

/**
 * Keeps one kind of log line from filling the disk: at most {@code burst} lines at once,
 * then one per {@code interval}. Lines over that are counted, not written, and the next
 * line that is written says how many were left out. For lines a client can cause at will
 * (malformed frames, refused handshakes), where one line each is right but a flood of
 * them is not.
 */
public final class LogLimiter {

	private final int burst;

	private final Duration interval;

	private final Clock clock;

	private int available;

	private Instant refilledAt;

	private long skipped;

	public LogLimiter(int burst, Duration interval, Clock clock) {
		if (burst < 1 || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("a log limiter needs a burst of at least 1 and a positive interval");
		}
		this.burst = burst;
		this.interval = interval;
		this.clock = clock;
		this.available = burst;
		this.refilledAt = clock.instant();
	}

	/** Logs at INFO if the budget allows, else counts the line as left out. */
	public void info(Logger log, String format, Object... arguments) {
		long before = take();
		if (before < 0) {
			return;
		}
		if (before == 0) {
			log.info(format, arguments);
		}
		else {
			Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
			withCount[arguments.length] = before;
			log.info(format + " ({} more like it were not logged)", withCount);
		}
	}

	/**
	 * -1 when the line must be left out; otherwise how many lines were left out before
	 * it.
	 */
	private synchronized long take() {
		Instant now = clock.instant();
		long refills = Duration.between(refilledAt, now).dividedBy(interval);
		if (refills > 0) {
			available = (int) Math.min(burst, available + refills);
			refilledAt = available == burst ? now : refilledAt.plus(interval.multipliedBy(refills));
		}
		if (available == 0) {
			skipped++;
			return -1;
		}
		available--;
		long before = skipped;
		skipped = 0;
		return before;
	}

}
