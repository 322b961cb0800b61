package lanchat.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Bounds what one frame and one connection may ask the server to hold: the number and
 * length of headers ({@code lanchat.limits.max-headers}, {@code max-header-length}) and
 * the live subscriptions of a connection ({@code max-subscriptions}), so that thousands
 * of SUBSCRIBEs cannot multiply every broadcast.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class FrameShapeCheck implements FrameCheck {

	private static final String SUBSCRIPTIONS = "lanchat.subscriptions";

	private final LanchatProperties.Limits limits;

	FrameShapeCheck(LanchatProperties properties) {
		this.limits = properties.limits();
	}

	@Override
	public void check(StompHeaderAccessor frame) {
		Map<String, List<String>> headers = frame.toNativeHeaderMap();
		int count = 0;
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			for (String value : header.getValue()) {
				count++;
				if (header.getKey().length() + (value == null ? 0 : value.length()) > limits.maxHeaderLength()) {
					throw new Refusal(ErrorCode.BAD_FRAME,
							"a header is longer than " + limits.maxHeaderLength() + " characters");
				}
			}
		}
		if (count > limits.maxHeaders()) {
			throw new Refusal(ErrorCode.BAD_FRAME, "a frame may carry at most " + limits.maxHeaders() + " headers");
		}
		countSubscriptions(frame);
	}

	private void countSubscriptions(StompHeaderAccessor frame) {
		Map<String, Object> attributes = frame.getSessionAttributes();
		String id = frame.getSubscriptionId();
		if (attributes == null || id == null) {
			return;
		}
		@SuppressWarnings("unchecked")
		Set<String> live = (Set<String>) attributes.computeIfAbsent(SUBSCRIPTIONS,
				key -> ConcurrentHashMap.newKeySet());
		if (frame.getCommand() == StompCommand.UNSUBSCRIBE) {
			live.remove(id);
		}
		else if (frame.getCommand() == StompCommand.SUBSCRIBE && !isOneShot(frame.getDestination())) {
			live.add(id);
			if (live.size() > limits.maxSubscriptions()) {
				throw new Refusal(ErrorCode.BAD_FRAME,
						"a connection may hold at most " + limits.maxSubscriptions() + " subscriptions");
			}
		}
	}

	/** {@code /app} subscriptions answer once and hold nothing on the server. */
	private static boolean isOneShot(String destination) {
		return destination != null && destination.startsWith("/app/");
	}

	@Override
	public String refusalReason() {
		return "headers";
	}

}
