package lanchat.security;

import lanchat.protocol.Destinations;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Lets clients SEND and SUBSCRIBE only where the wire contract says. Everything else,
 * including another user's queue and any other topic or queue, is refused with an ERROR.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class DestinationGuard implements FrameCheck {

	@Override
	public void check(StompHeaderAccessor frame) {
		StompCommand command = frame.getCommand();
		String destination = frame.getDestination();
		if (command == StompCommand.SEND && !Destinations.SENDABLE.contains(destination)) {
			throw new Refusal(ErrorCode.BAD_DESTINATION, "you cannot send to " + describe(destination) + "; send to "
					+ Destinations.SEND_CHAT + " or " + Destinations.SEND_PRESENCE);
		}
		if (command == StompCommand.SUBSCRIBE && !Destinations.SUBSCRIBABLE.contains(destination)) {
			throw new Refusal(ErrorCode.BAD_DESTINATION, "you cannot subscribe to " + describe(destination));
		}
	}

	private static String describe(String destination) {
		if (destination == null) {
			return "a frame without a destination";
		}
		return destination.length() > 100 ? destination.substring(0, 100) + "..." : destination;
	}

	@Override
	public String refusalReason() {
		return "destination";
	}

}
