package lanchat.web;

import java.util.List;

import lanchat.protocol.Refusal;
import lanchat.security.FrameCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link FrameCheck} on each inbound frame. A refused frame goes no further: the client gets
 * an ERROR frame whose {@code message} header says why, the server closes the connection after it (as
 * STOMP requires), and the refusal is logged in one line.
 * <p>
 * Refusals are answered here rather than by throwing, because Spring's in-order delivery of a session's
 * frames swallows exceptions thrown by interceptors.
 */
@Component
class StompGate implements ChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompGate.class);

	private static final byte[] EMPTY = new byte[0];

	private final List<FrameCheck> checks;

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	StompGate(List<FrameCheck> checks,
			@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.checks = List.copyOf(checks);
		this.clientOutboundChannel = clientOutboundChannel;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (frame == null || frame.getCommand() == null) {
			return message;
		}
		try {
			for (FrameCheck check : checks) {
				check.check(frame);
			}
			return message;
		}
		catch (Refusal refusal) {
			refuse(frame, refusal.getMessage());
			return null;
		}
	}

	private void refuse(StompHeaderAccessor frame, String reason) {
		log.info("Refused {} from session {}: {}", frame.getCommand(), frame.getSessionId(), reason);
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(reason);
		error.setSessionId(frame.getSessionId());
		String receipt = frame.getReceipt();
		if (receipt != null) {
			error.setReceiptId(receipt);
		}
		clientOutboundChannel.getObject().send(MessageBuilder.createMessage(EMPTY, error.getMessageHeaders()));
	}

}
