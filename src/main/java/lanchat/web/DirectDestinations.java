package lanchat.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import lanchat.protocol.Destinations;
import lanchat.web.tomcat.Frame;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The topics and queues clients subscribe to, written by the server itself (Spring's
 * broker delivers nothing, see {@link WebSocketConfig}): the room's topics and each
 * connection's private and system queues. A JSON body is encoded once; each subscriber
 * gets a MESSAGE frame that differs only in its subscription header (and clients of one
 * kind pick the same subscription ids, so most share one frame). Frames are queued per
 * session by its {@link FanoutLanes lane} and written asynchronously, in order, so a
 * client that stops reading delays nobody else and holds no thread.
 * <p>
 * It learns the subscriptions as an interceptor on the inbound channel, after
 * {@link StompGate}: only frames the gate let through count.
 */
@Component
class DirectDestinations implements ChannelInterceptor {

	private static final byte[] END_OF_HEADERS = { '\n', '\n' };

	private static final byte[] END_OF_FRAME = { 0 };

	/** Per destination, as clients subscribe to it. */
	private final Map<String, Subscribers> subscribers;

	/**
	 * Per session: the destination of each of its subscriptions here, by subscription id.
	 */
	private final Map<String, Map<String, String>> destinationsById = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final StompSessions sessions;

	private final FanoutLanes lanes;

	DirectDestinations(StompSessions sessions, FanoutLanes lanes) {
		this.sessions = sessions;
		this.lanes = lanes;
		this.subscribers = Map.of(Destinations.PUBLIC, new Subscribers(), Destinations.PRESENCE, new Subscribers(),
				Destinations.USER_PRIVATE, new Subscribers(), Destinations.USER_SYSTEM, new Subscribers());
	}

	/** To every subscriber of a topic: each lane that serves some, once. */
	void publish(String topic, byte[] json) {
		Subscribers topicSubscribers = subscribers.get(topic);
		if (topicSubscribers == null) {
			return;
		}
		Frames frames = null;
		for (int lane = 0; lane < lanes.count(); lane++) {
			Map<String, Subscriber> bySession = topicSubscribers.onLane(lane);
			if (bySession.isEmpty()) {
				continue;
			}
			if (frames == null) {
				frames = new Frames(topic, json);
			}
			Frames shared = frames;
			lanes.onLane(lane, () -> bySession.values().forEach(subscriber -> subscriber.enqueue(shared)));
		}
	}

	/**
	 * To one session's subscriptions to a user queue ({@code /user/queue/...}); nothing
	 * if it has none.
	 */
	void send(String sessionId, String userQueue, byte[] json) {
		Subscriber subscriber = subscriber(sessionId, userQueue);
		if (subscriber != null && !subscriber.ids().isEmpty()) {
			Frames frames = new Frames(userQueue, json);
			lanes.onLaneOf(sessionId, () -> subscriber.enqueue(frames));
		}
	}

	/**
	 * As {@link #send}, then closes the session shortly after. The close is timed from
	 * when the lane queued the last word, not from now: a busy lane must not close the
	 * session before its reason is even queued.
	 */
	void sendThenClose(String sessionId, String userQueue, byte[] json) {
		Subscriber subscriber = subscriber(sessionId, userQueue);
		Frames frames = new Frames(userQueue, json);
		lanes.onLaneOf(sessionId, () -> {
			if (subscriber != null) {
				subscriber.enqueue(frames);
			}
			sessions.closeSoon(sessionId);
		});
	}

	private @Nullable Subscriber subscriber(String sessionId, String userQueue) {
		Subscribers queueSubscribers = subscribers.get(userQueue);
		return queueSubscribers == null ? null : queueSubscribers.of(sessionId);
	}

	/**
	 * Records SUBSCRIBE and UNSUBSCRIBE frames that passed the gate, on the thread that
	 * received them: before the frame is queued for the rest of the server, so that
	 * anything sent in answer to a subscription (such as private messages that waited for
	 * it) finds it in place.
	 */
	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		String sessionId = frame == null ? null : frame.getSessionId();
		String subscription = frame == null ? null : frame.getSubscriptionId();
		if (sessionId != null && subscription != null) {
			if (frame.getCommand() == StompCommand.SUBSCRIBE && frame.getDestination() != null) {
				subscribe(sessionId, subscription, frame.getDestination());
			}
			else if (frame.getCommand() == StompCommand.UNSUBSCRIBE) {
				unsubscribe(sessionId, subscription);
			}
		}
		return message;
	}

	private void subscribe(String sessionId, String subscription, String destination) {
		Subscribers destinationSubscribers = subscribers.get(destination);
		FrameSink sink = sessions.sink(sessionId);
		if (destinationSubscribers == null || sink == null) {
			return;
		}
		// as with a STOMP broker, an id the session already uses does not subscribe it a
		// second time
		if (destinationsById.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>())
			.putIfAbsent(subscription, destination) != null) {
			return;
		}
		destinationSubscribers.add(sessionId, sink, subscription);
		if (!sessions.isOpen(sessionId)) {
			// closed meanwhile, possibly after its disconnect was handled: nothing may
			// stay behind
			forget(sessionId);
		}
	}

	private void unsubscribe(String sessionId, String subscription) {
		Map<String, String> ids = destinationsById.get(sessionId);
		String destination = ids == null ? null : ids.remove(subscription);
		Subscriber subscriber = destination == null ? null : subscribers.get(destination).of(sessionId);
		if (subscriber != null) {
			subscriber.ids().remove(subscription);
		}
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		forget(event.getSessionId());
	}

	private void forget(String sessionId) {
		destinationsById.remove(sessionId);
		subscribers.values().forEach(destinationSubscribers -> destinationSubscribers.remove(sessionId));
	}

	/**
	 * The subscribers of one destination, kept apart by the lane that serves them, so
	 * that a broadcast wakes only lanes with someone to write to and each lane goes
	 * through its own sessions only.
	 */
	private final class Subscribers {

		/** Per lane: session id to where its frames go and its subscriptions' ids. */
		private final List<Map<String, Subscriber>> byLane = IntStream.range(0, lanes.count())
			.<Map<String, Subscriber>>mapToObj(lane -> new ConcurrentHashMap<>())
			.toList();

		Map<String, Subscriber> onLane(int lane) {
			return byLane.get(lane);
		}

		@Nullable Subscriber of(String sessionId) {
			return onLane(lanes.laneOf(sessionId)).get(sessionId);
		}

		void add(String sessionId, FrameSink sink, String subscription) {
			onLane(lanes.laneOf(sessionId))
				.computeIfAbsent(sessionId, id -> new Subscriber(sink, new CopyOnWriteArrayList<>()))
				.ids()
				.add(subscription);
		}

		void remove(String sessionId) {
			onLane(lanes.laneOf(sessionId)).remove(sessionId);
		}

	}

	/**
	 * One session's subscriptions to one destination: its queue is kept with them, so a
	 * broadcast does not look the session up again for each frame.
	 */
	private record Subscriber(FrameSink sink, List<String> ids) {

		void enqueue(Frames frames) {
			for (String id : ids) {
				sink.enqueue(frames.forSubscription(id));
			}
		}

	}

	/**
	 * The MESSAGE frames of one message, built once per subscription id by whichever lane
	 * needs it first.
	 */
	private final class Frames {

		private final byte[] head;

		private final byte[] json;

		private final Map<String, Frame> bySubscription = new ConcurrentHashMap<>();

		/**
		 * The frame a lane took last: clients of one kind pick the same subscription ids,
		 * so most of a broadcast's subscribers need this one.
		 */
		private volatile @Nullable ForSubscription last;

		/**
		 * {@code json} goes out as it is, in a text frame: the mapper writes valid UTF-8
		 * (it escapes lone surrogates).
		 */
		private Frames(String destination, byte[] json) {
			this.head = ("MESSAGE\ndestination:" + destination + "\ncontent-type:application/json\ncontent-length:"
					+ json.length + "\nmessage-id:m" + messageIds.incrementAndGet() + "\nsubscription:")
				.getBytes(StandardCharsets.UTF_8);
			this.json = json;
		}

		Frame forSubscription(String subscription) {
			ForSubscription recent = last;
			if (recent != null && recent.id().equals(subscription)) {
				return recent.frame();
			}
			Frame frame = bySubscription.computeIfAbsent(subscription, id -> Frame.of(head,
					escape(id).getBytes(StandardCharsets.UTF_8), END_OF_HEADERS, json, END_OF_FRAME));
			last = new ForSubscription(subscription, frame);
			return frame;
		}

	}

	private record ForSubscription(String id, Frame frame) {

	}

	/** STOMP 1.2 header escaping, for subscription ids a client chose. */
	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
	}

}
