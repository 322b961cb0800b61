package lanchat.security;

import java.util.LinkedHashMap;
import java.util.Map;

import lanchat.LanchatProperties;
import lanchat.protocol.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Limits CONNECT attempts per network address ({@code lanchat.limits.connects-per-minute}), which also
 * slows down guessing access codes, tokens and passwords. Runs before everything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectAttemptCheck implements FrameCheck {

	/** Enough addresses for any LAN; the least recently seen are forgotten first. */
	private static final int REMEMBERED_ADDRESSES = 4096;

	private final int perMinute;

	private final Map<String, TokenBucket> byAddress = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
			return size() > REMEMBERED_ADDRESSES;
		}
	};

	ConnectAttemptCheck(LanchatProperties properties) {
		this.perMinute = properties.limits().connectsPerMinute();
	}

	@Override
	public void check(StompHeaderAccessor frame) {
		if (frame.getCommand() != StompCommand.CONNECT && frame.getCommand() != StompCommand.STOMP) {
			return;
		}
		String address = ClientAddress.of(frame.getSessionAttributes());
		long now = System.nanoTime();
		TokenBucket bucket;
		synchronized (byAddress) {
			bucket = byAddress.computeIfAbsent(address, key -> new TokenBucket(perMinute / 60d, perMinute, now));
		}
		if (bucket.take(now) > 0) {
			throw new Refusal("too many connection attempts from your address; wait a minute and try again");
		}
	}

	@Override
	public String refusalReason() {
		return "connections";
	}

}
