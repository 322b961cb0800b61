package lanchat.security;

import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

/**
 * One check every inbound STOMP frame passes before the server acts on it. A check
 * refuses by throwing {@link lanchat.protocol.Refusal}; the client then gets an ERROR
 * frame saying why, and is disconnected.
 */
public interface FrameCheck {

	void check(StompHeaderAccessor frame);

	/**
	 * The tag under which this check's refusals are counted
	 * ({@code lanchat.frames.refused}).
	 */
	default String refusalReason() {
		return "other";
	}

}
