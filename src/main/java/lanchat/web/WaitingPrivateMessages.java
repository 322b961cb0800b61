package lanchat.web;

import lanchat.chat.ChatService;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.protocol.Destinations;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Pushes the private messages that waited for an offline recipient as soon as one of its
 * connections subscribes to {@code /user/queue/private}: after the subscription is
 * registered (by {@link DirectDestinations}, before the SUBSCRIBE is even queued), so
 * none can slip past it.
 */
@Component
class WaitingPrivateMessages implements ExecutorChannelInterceptor {

	private final ChatService chat;

	WaitingPrivateMessages(ChatService chat) {
		this.chat = chat;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (ex != null || !(handler instanceof UserDestinationMessageHandler)) {
			return;
		}
		StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
		if (stomp.getCommand() == StompCommand.SUBSCRIBE && Destinations.USER_PRIVATE.equals(stomp.getDestination())
				&& stomp.getUser() instanceof ChatUser user && stomp.getSessionId() != null) {
			chat.deliverWaiting(new Connection(stomp.getSessionId(), user, Transport.STOMP));
		}
	}

}
