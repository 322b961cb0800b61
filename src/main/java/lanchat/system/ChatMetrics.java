package lanchat.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.MessageType;
import lanchat.web.tomcat.WriteMetrics;
import org.springframework.stereotype.Component;

/**
 * The chat's own metrics, for {@code /actuator/prometheus}. Every counter is registered
 * up front with a fixed set of tags, so the hot paths only increment a field: no registry
 * look-up, no allocation, and a client cannot invent new time series by sending odd types
 * or reasons (anything unknown is counted as {@code other}).
 */
@Component
public class ChatMetrics implements WriteMetrics {

	/**
	 * The tags {@link #frameRefused(String)} knows; anything else is counted as
	 * {@code other}.
	 */
	public static final List<String> REFUSAL_REASONS = List.of("rate", "size", "destination", "auth", "malformed",
			"headers", "subscriptions", "connections", "access", "other");

	private static final String OTHER = "other";

	private final Map<String, Counter> received;

	private final Map<String, Counter> delivered;

	private final Map<String, Counter> refused;

	private final Timer historyWrite;

	private final Counter slowConsumers;

	private final DistributionSummary framesPerWrite;

	ChatMetrics(MeterRegistry registry, PresenceTracker presence) {
		this.received = perType(registry, "lanchat.messages.received", "Messages received from clients, by type");
		this.delivered = perType(registry, "lanchat.messages.delivered",
				"Messages handed to the transports, by type (a room broadcast counts once)");
		Map<String, Counter> reasons = new HashMap<>();
		for (String reason : REFUSAL_REASONS) {
			reasons.put(reason,
					Counter.builder("lanchat.frames.refused")
						.description("Frames or connections refused, by reason")
						.tag("reason", reason)
						.register(registry));
		}
		this.refused = Map.copyOf(reasons);
		this.historyWrite = Timer.builder("lanchat.history.write")
			.description("Time to write one batch of messages to history")
			.register(registry);
		this.slowConsumers = Counter.builder("lanchat.slow.consumer.disconnects")
			.description("Clients disconnected because they did not read fast enough")
			.register(registry);
		this.framesPerWrite = DistributionSummary.builder("lanchat.websocket.frames.per.write")
			.description("Frames in one socket write to a WebSocket client: more than one when messages come in bursts")
			.register(registry);
		Gauge.builder("lanchat.connections", presence, PresenceTracker::connectionCount)
			.description("Open chat connections, all transports")
			.register(registry);
		Gauge.builder("lanchat.users.online", presence, PresenceTracker::onlineCount)
			.description("People with at least one open connection")
			.register(registry);
	}

	/**
	 * A client sent a message of this wire type ({@code message},
	 * {@code private_message}, ...).
	 */
	public void messageReceived(String type) {
		count(received, type);
	}

	/**
	 * A message of this wire type was handed to the transports. Counted by
	 * {@link CountingDeliveryChannel}.
	 */
	public void messageDelivered(String type) {
		count(delivered, type);
	}

	/**
	 * A frame or connection was refused; {@code reason} is one of
	 * {@link #REFUSAL_REASONS}.
	 */
	public void frameRefused(String reason) {
		count(refused, reason);
	}

	/** One batch was written to history in this long. */
	public void historyWrite(Duration took) {
		historyWrite.record(took.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * A client was dropped for not reading. STOMP clients are counted by
	 * {@link SlowConsumerListener}; call this only for transports that drop slow readers
	 * themselves (the TCP gateway).
	 */
	public void slowConsumerDisconnect() {
		slowConsumers.increment();
	}

	/** One socket write to a WebSocket client carried this many frames. */
	@Override
	public void framesWritten(int frames) {
		framesPerWrite.record(frames);
	}

	private static void count(Map<String, Counter> counters, String tag) {
		Counter counter = counters.get(tag);
		(counter != null ? counter : counters.get(OTHER)).increment();
	}

	private static Map<String, Counter> perType(MeterRegistry registry, String name, String description) {
		Map<String, Counter> counters = new HashMap<>();
		for (MessageType type : MessageType.values()) {
			counters.put(type.wireName(), counter(registry, name, description, type.wireName()));
		}
		counters.put(OTHER, counter(registry, name, description, OTHER));
		return Map.copyOf(counters);
	}

	private static Counter counter(MeterRegistry registry, String name, String description, String type) {
		return Counter.builder(name).description(description).tag("type", type).register(registry);
	}

}
