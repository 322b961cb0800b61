package lanchat.security;

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

	private final ConnectAttempts attempts;

	ConnectAttemptCheck(ConnectAttempts attempts) {
		this.attempts = attempts;
	}

	@Override
	public void check(StompHeaderAccessor frame) {
		if (frame.getCommand() == StompCommand.CONNECT || frame.getCommand() == StompCommand.STOMP) {
			attempts.count(ClientAddress.of(frame.getSessionAttributes()));
		}
	}

	@Override
	public String refusalReason() {
		return "connections";
	}

}
