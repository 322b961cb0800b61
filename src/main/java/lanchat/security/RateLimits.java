package lanchat.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import lanchat.LanchatProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How fast clients may send ({@code lanchat.limits.rate-per-second} and
 * {@code lanchat.limits.burst}): each connection has a bucket of its own, which its
 * transport keeps and asks first; then every message also counts against its identity
 * (the same rate, over all its devices) and its network address (three times the rate,
 * for the few people who may share one), whatever the transport. So twenty connections of
 * one identity, or of one machine, send no faster than one or three. The refusal is
 * worded the same way for every transport.
 */
@Component
public class RateLimits {

	/**
	 * How many people may share one address (behind one NAT, or the host's own machine)
	 * at full rate.
	 */
	static final int PEOPLE_PER_ADDRESS = 3;

	/**
	 * Enough for any LAN; the least recently used buckets are forgotten first (a
	 * forgotten one is full).
	 */
	private static final int REMEMBERED = 4096;

	private final LanchatProperties.Limits limits;

	private final Map<String, TokenBucket> byIdentity = lru();

	private final Map<String, TokenBucket> byAddress = lru();

	public RateLimits(LanchatProperties properties) {
		this.limits = properties.limits();
	}

	public TokenBucket newBucket() {
		return newBucket(System.nanoTime());
	}

	/**
	 * A bucket on another clock than {@link System#nanoTime()}, such as a Netty event
	 * loop's ticker.
	 */
	public TokenBucket newBucket(long nowNanos) {
		return new TokenBucket(limits.ratePerSecond(), limits.burst(), nowNanos);
	}

	/**
	 * Counts one message against its identity and its address, after its connection's own
	 * bucket let it through.
	 * @param identity the principal name of the sender, or {@code null} before it has one
	 * @return 0 if it may go, else how many nanoseconds until it could
	 */
	public long takeShared(@Nullable String identity, String address) {
		long now = System.nanoTime();
		long wait = identity == null ? 0 : bucket(byIdentity, identity, 1, now).take(now);
		if (wait > 0) {
			return wait;
		}
		return bucket(byAddress, address, PEOPLE_PER_ADDRESS, now).take(now);
	}

	private TokenBucket bucket(Map<String, TokenBucket> buckets, String key, int people, long now) {
		synchronized (buckets) {
			return buckets.computeIfAbsent(key,
					absent -> new TokenBucket(limits.ratePerSecond() * people, limits.burst() * people, now));
		}
	}

	/** The {@code system} message for a client that sends too fast. */
	public static String tooFast(long waitNanos) {
		long millis = Math.max(1, Duration.ofNanos(waitNanos).toMillis());
		String when = millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000d);
		return "You are sending too fast; messages are being dropped. You can send again in " + when + ".";
	}

	private static Map<String, TokenBucket> lru() {
		return new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
				return size() > REMEMBERED;
			}
		};
	}

}
