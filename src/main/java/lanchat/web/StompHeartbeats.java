package lanchat.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import lanchat.LanchatProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * STOMP heart-beats, kept by lanchat rather than Spring's broker: the server offers
 * {@code lanchat.heartbeat} both ways in CONNECTED, agrees each session's intervals with
 * its CONNECT ({@link Heartbeat}), and every {@link #checkEvery} writes the heart-beats
 * that are due and closes the sessions that fell silent ({@link StompSessions}).
 * <p>
 * Spring's broker would build each heart-beat, both ways, as a message that goes through
 * a channel, a thread hand-off and the STOMP codec: about 60 µs of a core each, which
 * with 10,000 idle phones is most of what the server does. Here a heart-beat from a
 * client raises a flag ({@link FrameBoundary} keeps it from the decoder), and one to a
 * client is a two-byte frame encoded once.
 */
@Component
class StompHeartbeats implements ExecutorChannelInterceptor, SmartLifecycle {

	/** The longest time between two checks. */
	static final Duration LONGEST_CHECK_PERIOD = Duration.ofSeconds(1);

	private final StompSessions sessions;

	private final TaskScheduler scheduler;

	/** What the server offers: {@code [send every, receive every]} in ms. */
	private final long[] offer;

	private final Duration checkEvery;

	private @Nullable ScheduledFuture<?> checks;

	StompHeartbeats(LanchatProperties properties, StompSessions sessions, TaskScheduler taskScheduler) {
		long every = properties.heartbeat().toMillis();
		this.sessions = sessions;
		this.scheduler = taskScheduler;
		this.offer = new long[] { every, every };
		// a few checks per interval, so a heart-beat is never much later than agreed
		this.checkEvery = properties.heartbeat().dividedBy(4).compareTo(LONGEST_CHECK_PERIOD) < 0
				? properties.heartbeat().dividedBy(4) : LONGEST_CHECK_PERIOD;
	}

	/**
	 * The broker's answer to a CONNECT, on its way to become CONNECTED: CONNECTED offers
	 * the server's heart-beats.
	 */
	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		if (!isConnectAck(message)) {
			return message;
		}
		SimpMessageHeaderAccessor connectAck = SimpMessageHeaderAccessor.wrap(message);
		connectAck.setHeader(SimpMessageHeaderAccessor.HEART_BEAT_HEADER, offer.clone());
		return MessageBuilder.createMessage(message.getPayload(), connectAck.getMessageHeaders());
	}

	/**
	 * CONNECTED has been written: the session's heart-beats are agreed now, not when the
	 * broker answered, since CONNECTED may wait on a busy server's outbound threads for
	 * longer than an interval, and no heart-beat may come before it.
	 */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (!isConnectAck(message)) {
			return;
		}
		Object connect = message.getHeaders().get(SimpMessageHeaderAccessor.CONNECT_MESSAGE_HEADER);
		long[] client = (connect instanceof Message<?> frame)
				? SimpMessageHeaderAccessor.getHeartbeat(frame.getHeaders()) : null;
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (sessionId != null) {
			sessions.agreeHeartbeats(sessionId, (client != null) ? client : new long[] { 0, 0 }, offer);
		}
	}

	private static boolean isConnectAck(Message<?> message) {
		return SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK;
	}

	@Override
	public synchronized void start() {
		if (checks == null) {
			checks = scheduler.scheduleAtFixedRate(sessions::checkHeartbeats, checkEvery);
		}
	}

	@Override
	public synchronized void stop() {
		if (checks != null) {
			checks.cancel(false);
			checks = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return checks != null;
	}

}
