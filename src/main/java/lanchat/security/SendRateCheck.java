package lanchat.security;

import java.security.Principal;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Counts every SEND frame of a connection, valid or not, against its token bucket
 * ({@code lanchat.limits.rate-per-second}, {@code burst}), then against its identity's
 * and its address's ({@link RateLimits#takeShared}). The excess is dropped, never queued,
 * and the client is told at most once a second when it may send again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class SendRateCheck implements FrameCheck {

	private static final String BUCKET = "lanchat.sendBucket";

	private final RateLimits rateLimits;

	SendRateCheck(RateLimits rateLimits) {
		this.rateLimits = rateLimits;
	}

	@Override
	public void check(StompHeaderAccessor frame) {
		Map<String, Object> attributes = frame.getSessionAttributes();
		if (frame.getCommand() != StompCommand.SEND || attributes == null) {
			return;
		}
		TokenBucket bucket = (TokenBucket) attributes.computeIfAbsent(BUCKET, key -> rateLimits.newBucket());
		long now = System.nanoTime();
		long wait = bucket.take(now);
		if (wait == 0) {
			Principal user = frame.getUser();
			wait = rateLimits.takeShared(user == null ? null : user.getName(), ClientAddress.of(attributes));
		}
		if (wait > 0) {
			throw new Throttled(bucket.shouldWarn(now) ? RateLimits.tooFast(wait) : null);
		}
	}

	@Override
	public String refusalReason() {
		return "rate";
	}

}
