package lanchat.security;

import java.time.Duration;

import lanchat.LanchatProperties;
import org.springframework.stereotype.Component;

/**
 * Hands out the per-connection message buckets ({@code lanchat.limits.rate-per-second} and
 * {@code lanchat.limits.burst}) and words the refusal the same way for every transport.
 */
@Component
public class RateLimits {

	private final LanchatProperties.Limits limits;

	public RateLimits(LanchatProperties properties) {
		this.limits = properties.limits();
	}

	public TokenBucket newBucket() {
		return newBucket(System.nanoTime());
	}

	/** A bucket on another clock than {@link System#nanoTime()}, such as a Netty event loop's ticker. */
	public TokenBucket newBucket(long nowNanos) {
		return new TokenBucket(limits.ratePerSecond(), limits.burst(), nowNanos);
	}

	/** The {@code system} message for a client that sends too fast. */
	public static String tooFast(long waitNanos) {
		long millis = Math.max(1, Duration.ofNanos(waitNanos).toMillis());
		String when = millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000d);
		return "You are sending too fast; messages are being dropped. You can send again in " + when + ".";
	}

}
