package lanchat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * So many attempts at something per minute from each network address, with a burst of a
 * minute's worth; the addresses seen least recently are forgotten first, so a flood of
 * addresses costs bounded memory.
 */
public final class AddressRate {

	/** Enough addresses for any LAN. */
	private static final int REMEMBERED_ADDRESSES = 4096;

	private final int perMinute;

	private final Clock clock;

	private final Map<String, TokenBucket> byAddress = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
			return size() > REMEMBERED_ADDRESSES;
		}
	};

	public AddressRate(int perMinute, Clock clock) {
		if (perMinute < 1) {
			throw new IllegalArgumentException("a rate per minute must be at least 1");
		}
		this.perMinute = perMinute;
		this.clock = clock;
	}

	/**
	 * Takes one attempt from {@code address}'s allowance: empty if it may go on, else how
	 * long to wait.
	 */
	public Optional<Duration> take(String address) {
		long now = ChronoUnit.NANOS.between(Instant.EPOCH, clock.instant());
		TokenBucket bucket;
		synchronized (byAddress) {
			bucket = byAddress.computeIfAbsent(address, key -> new TokenBucket(perMinute / 60d, perMinute, now));
		}
		long wait = bucket.take(now);
		return wait == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(wait));
	}

}
