package lanchat.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import lanchat.system.QueueWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes this node's events to the fanout exchange, which copies each to every node's
 * queue (this node's too). Publishing happens on a thread of its own, in order, from a
 * bounded queue: a broker that is down or slow never holds up the history writer or a
 * client's thread. What cannot be published while the broker is down is dropped and
 * counted; nodes make up for it from PostgreSQL (messages) and snapshots (presence).
 */
@Component
@ClusterMode
class Bus extends QueueWorker<Event> implements Publisher {

	private static final Logger log = LoggerFactory.getLogger(Bus.class);

	private static final int QUEUED = 100_000;

	private final RabbitTemplate rabbit;

	private final JsonMapper json;

	private final String exchange;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong published = new AtomicLong();

	private volatile boolean failing;

	/**
	 * Publishes what is queued (such as this node's goodbye) for a moment when stopping;
	 * stops after the web server and presence have said goodbye, before the connection
	 * factory closes.
	 */
	Bus(RabbitTemplate rabbit, Events events, ClusterProperties properties) {
		super("cluster-publisher", new ArrayBlockingQueue<>(QUEUED), 100, Duration.ofSeconds(2),
				Integer.MAX_VALUE - 8192);
		this.rabbit = rabbit;
		this.json = events.mapper();
		this.exchange = properties.exchange();
	}

	@Override
	public void publish(Event event) {
		if (!queue().offer(event)) {
			dropped.incrementAndGet();
		}
	}

	long published() {
		return published.get();
	}

	long dropped() {
		return dropped.get();
	}

	/** Whether the last publish reached the broker. */
	boolean reachable() {
		return !failing;
	}

	@Override
	protected void handle(List<Event> batch) {
		batch.forEach(this::send);
	}

	private void send(Event event) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		try {
			rabbit.send(exchange, "", new Message(json.writeValueAsBytes(event), properties));
			published.incrementAndGet();
			if (failing) {
				failing = false;
				log.info("Publishing to RabbitMQ again");
			}
		}
		catch (RuntimeException ex) {
			dropped.incrementAndGet();
			if (!failing) {
				failing = true;
				log.warn("Cannot publish to RabbitMQ ({}); other nodes catch up from PostgreSQL meanwhile",
						ex.getMessage());
			}
		}
	}

}
