package lanchat.security;

/**
 * A token bucket for one connection: {@code burst} messages at once, refilled at
 * {@code ratePerSecond}. Each transport keeps one per connection and asks it before
 * acting on a message.
 */
public final class TokenBucket {

	private final double ratePerNano;

	private final double capacity;

	private double tokens;

	private long updatedAt;

	private long lastWarningAt;

	TokenBucket(double ratePerSecond, int burst, long nowNanos) {
		this.ratePerNano = ratePerSecond / 1_000_000_000d;
		this.capacity = Math.max(1, burst);
		this.tokens = capacity;
		this.updatedAt = nowNanos;
		this.lastWarningAt = nowNanos - 1_000_000_000L;
	}

	/**
	 * Takes one token if there is one.
	 * @return 0 if the message may go, else how many nanoseconds until the next token
	 */
	public synchronized long take(long nowNanos) {
		refill(nowNanos);
		if (tokens >= 1) {
			tokens -= 1;
			return 0;
		}
		return (long) Math.ceil((1 - tokens) / ratePerNano);
	}

	/**
	 * Whether the client should be told it is over the limit now: at most once a second,
	 * so that a flood does not turn into a flood of warnings.
	 */
	public synchronized boolean shouldWarn(long nowNanos) {
		if (nowNanos - lastWarningAt >= 1_000_000_000L) {
			lastWarningAt = nowNanos;
			return true;
		}
		return false;
	}

	private void refill(long nowNanos) {
		long elapsed = nowNanos - updatedAt;
		if (elapsed > 0) {
			tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
			updatedAt = nowNanos;
		}
	}

}
