package lanchat.security;

import java.util.LinkedHashMap;
import java.util.Map;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * Attempts to join, per network address and whatever the transport
 * ({@code lanchat.limits.connects-per-minute}); this also slows down guessing access codes, tokens and
 * passwords.
 */
@Component
public class ConnectAttempts {

	/** Enough addresses for any LAN; the least recently seen are forgotten first. */
	private static final int REMEMBERED_ADDRESSES = 4096;

	private final int perMinute;

	private final Map<String, TokenBucket> byAddress = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
			return size() > REMEMBERED_ADDRESSES;
		}
	};

	ConnectAttempts(LanchatProperties properties) {
		this.perMinute = properties.limits().connectsPerMinute();
	}

	/** Counts one attempt from {@code address}; refuses it when there were too many. */
	public void count(String address) {
		long now = System.nanoTime();
		TokenBucket bucket;
		synchronized (byAddress) {
			bucket = byAddress.computeIfAbsent(address, key -> new TokenBucket(perMinute / 60d, perMinute, now));
		}
		if (bucket.take(now) > 0) {
			throw new Refusal(ErrorCode.TOO_MANY_ATTEMPTS, "too many connection attempts from your address; wait a minute and try again");
		}
	}

}
