package lanchat.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Broadcasts to the room's topics without the in-memory broker's per-subscriber work: the JSON body is
 * encoded once, each subscriber gets a MESSAGE frame that differs only in its subscription header, and
 * frames are queued per session and written asynchronously, so a client that stops reading delays
 * nobody else.
 */
@Component
class TopicFanout {

	private static final Set<String> TOPICS = Set.of(Destinations.PUBLIC, Destinations.PRESENCE);

	/** Per topic: session id to the ids of its subscriptions to that topic. */
	private final Map<String, Map<String, List<String>>> subscribers = Map.of(Destinations.PUBLIC,
			new ConcurrentHashMap<>(), Destinations.PRESENCE, new ConcurrentHashMap<>());

	private final AtomicLong messageIds = new AtomicLong();

	private final StompSessions sessions;

	TopicFanout(StompSessions sessions) {
		this.sessions = sessions;
	}

	void publish(String topic, byte[] json) {
		Map<String, List<String>> bySession = subscribers.get(topic);
		if (bySession == null || bySession.isEmpty()) {
			return;
		}
		String body = new String(json, StandardCharsets.UTF_8);
		String head = "MESSAGE\ndestination:" + topic + "\ncontent-type:application/json\ncontent-length:"
				+ json.length + "\nmessage-id:m" + messageIds.incrementAndGet() + "\nsubscription:";
		String tail = "\n\n" + body + "\0";
		int fixedBytes = head.length() + 2 + json.length + 1;
		// clients of one kind pick the same subscription id (the page's, a script's), so most subscribers
		// share one frame: built once per id, not once per subscriber
		Map<String, Frame> frames = new HashMap<>();
		bySession.forEach((sessionId, subscriptions) -> {
			for (String subscription : subscriptions) {
				Frame frame = frames.computeIfAbsent(subscription, id -> {
					String escaped = escape(id);
					return new Frame(head + escaped + tail,
							fixedBytes + escaped.getBytes(StandardCharsets.UTF_8).length);
				});
				sessions.enqueue(sessionId, frame);
			}
		});
	}


	@EventListener
	void subscribed(SessionSubscribeEvent event) {
		var headers = event.getMessage().getHeaders();
		String destination = SimpMessageHeaderAccessor.getDestination(headers);
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
		if (destination != null && TOPICS.contains(destination) && sessionId != null && subscription != null
				&& sessions.isOpen(sessionId)) {
			subscribers.get(destination)
				.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>())
				.add(subscription);
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

	/** STOMP 1.2 header escaping, for subscription ids a client chose. */
	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
	}

}
