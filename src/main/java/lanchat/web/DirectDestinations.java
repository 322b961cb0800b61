package lanchat.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import lanchat.protocol.Destinations;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * The destinations the server writes to itself instead of through the in-memory broker: the room's
 * topics and each connection's private and system queues. A JSON body is encoded once; each subscriber
 * gets a MESSAGE frame that differs only in its subscription header (and clients of one kind pick the
 * same subscription ids, so most share one frame). Frames are queued per session and written
 * asynchronously, in order, so a client that stops reading delays nobody else and holds no thread.
 */
@Component
class DirectDestinations {

	/** Per destination, as clients subscribe to it: session id to the ids of its subscriptions there. */
	private final Map<String, Map<String, List<String>>> subscribers = Map.of(
			Destinations.PUBLIC, new ConcurrentHashMap<>(), Destinations.PRESENCE, new ConcurrentHashMap<>(),
			Destinations.USER_PRIVATE, new ConcurrentHashMap<>(), Destinations.USER_SYSTEM, new ConcurrentHashMap<>());

	private final AtomicLong messageIds = new AtomicLong();

	private final StompSessions sessions;

	DirectDestinations(StompSessions sessions) {
		this.sessions = sessions;
	}

	/** To every subscriber of a topic. */
	void publish(String topic, byte[] json) {
		Map<String, List<String>> bySession = subscribers.get(topic);
		if (bySession == null || bySession.isEmpty()) {
			return;
		}
		Frames frames = new Frames(topic, json);
		bySession.forEach((sessionId, subscriptions) -> {
			for (String subscription : subscriptions) {
				sessions.enqueue(sessionId, frames.forSubscription(subscription));
			}
		});
	}

	/**
	 * To one session's subscriptions to a user queue ({@code /user/queue/...}); nothing if it has none,
	 * as with the broker.
	 */
	void send(String sessionId, String userQueue, byte[] json) {
		Map<String, List<String>> bySession = subscribers.get(userQueue);
		List<String> subscriptions = bySession == null ? null : bySession.get(sessionId);
		if (subscriptions == null || subscriptions.isEmpty()) {
			return;
		}
		Frames frames = new Frames(userQueue, json);
		for (String subscription : subscriptions) {
			sessions.enqueue(sessionId, frames.forSubscription(subscription));
		}
	}

	@EventListener
	void subscribed(SessionSubscribeEvent event) {
		var headers = event.getMessage().getHeaders();
		String destination = SimpMessageHeaderAccessor.getDestination(headers);
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
		Map<String, List<String>> bySession = destination == null ? null : subscribers.get(destination);
		if (bySession != null && sessionId != null && subscription != null && sessions.isOpen(sessionId)) {
			bySession.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(subscription);
		}
	}

	@EventListener
	void unsubscribed(SessionUnsubscribeEvent event) {
		var headers = event.getMessage().getHeaders();
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
		if (sessionId != null && subscription != null) {
			subscribers.values().forEach(bySession -> {
				List<String> ids = bySession.get(sessionId);
				if (ids != null) {
					ids.remove(subscription);
				}
			});
		}
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		subscribers.values().forEach(bySession -> bySession.remove(event.getSessionId()));
	}

	/** The MESSAGE frames of one message, built once per subscription id. */
	private final class Frames {

		private final String head;

		private final String tail;

		private final int fixedBytes;

		private final Map<String, Frame> bySubscription = new HashMap<>();

		private Frames(String destination, byte[] json) {
			this.head = "MESSAGE\ndestination:" + destination + "\ncontent-type:application/json\ncontent-length:"
					+ json.length + "\nmessage-id:m" + messageIds.incrementAndGet() + "\nsubscription:";
			this.tail = "\n\n" + new String(json, StandardCharsets.UTF_8) + "\0";
			this.fixedBytes = head.length() + 2 + json.length + 1;
		}

		Frame forSubscription(String subscription) {
			return bySubscription.computeIfAbsent(subscription, id -> {
				String escaped = escape(id);
				return new Frame(head + escaped + tail, fixedBytes + escaped.getBytes(StandardCharsets.UTF_8).length);
			});
		}

	}

	/** STOMP 1.2 header escaping, for subscription ids a client chose. */
	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
	}

}
