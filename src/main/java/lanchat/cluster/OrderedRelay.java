package lanchat.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.delivery.Relay;
import lanchat.history.HistoryService;
import lanchat.history.MessageIds;
import lanchat.history.StoredMessage;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * What {@link Delivery} sends room-wide, across the cluster. A stored message is handed
 * to this node's {@link InOrder} at once (its fast local fan-out) and published for the
 * others, which hand it to theirs: every node delivers every stored message to its own
 * connections, in id order, once. Notifications and presence events are not stored and
 * have no order to keep: delivered here and published as they come.
 */
@Component
@ClusterMode
class OrderedRelay implements Relay, SmartLifecycle {

	private final Delivery delivery;

	private final Bus bus;

	private final Node node;

	private final MessageIds ids;

	private final HistoryService history;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final ClusterProperties properties;

	private final InOrder inOrder;

	private @Nullable ScheduledFuture<?> checks;

	private volatile Instant lastNewestRead = Instant.MIN;

	OrderedRelay(Delivery delivery, Bus bus, Node node, MessageIds ids, HistoryService history,
			TaskScheduler taskScheduler, ClusterProperties properties) {
		this.delivery = delivery;
		this.bus = bus;
		this.node = node;
		this.ids = ids;
		this.history = history;
		this.scheduler = taskScheduler;
		// the scheduler's clock: gaps are timed in real time, even where a test moves the
		// application's clock
		this.clock = taskScheduler.getClock();
		this.properties = properties;
		this.inOrder = new InOrder(ids.newest(), properties.gapWait(), new InOrder.Source() {

			@Override
			public long newest() {
				return ids.newest();
			}

			@Override
			public List<StoredMessage> between(long after, long upTo) {
				return history.between(after, upTo);
			}
		}, this::deliverHere);
		delivery.relayThrough(this);
	}

	@Override
	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		if (message.id() == null) {
			delivery.toRoomHere(message, origin);
			bus.publish(new Event.Broadcast(node.name(), message, false));
			return;
		}
		StoredMessage stored = new StoredMessage(message, 0, null);
		inOrder.offer(stored, origin, clock.instant());
		bus.publish(new Event.Stored(node.name(), message, 0, null));
	}

	@Override
	public void privately(ServerMessage message, long recipientId, long senderId) {
		inOrder.offer(new StoredMessage(message, senderId, recipientId), null, clock.instant());
		bus.publish(new Event.Stored(node.name(), message, senderId, recipientId));
	}

	@Override
	public void presence(ServerMessage message) {
		delivery.presenceHere(message);
		bus.publish(new Event.Broadcast(node.name(), message, true));
	}

	/** A stored message another node published. */
	void stored(Event.Stored event) {
		inOrder.offer(new StoredMessage(event.message(), event.senderId(), event.recipientId()), null, clock.instant());
	}

	/** A notification or presence event another node published. */
	void broadcast(Event.Broadcast event) {
		if (event.presence()) {
			delivery.presenceHere(event.message());
		}
		else {
			delivery.toRoomHere(event.message(), null);
		}
	}

	/** The id of the last stored message this node delivered. */
	long lastDelivered() {
		return inOrder.last();
	}

	private void deliverHere(StoredMessage stored, @Nullable Connection origin) {
		Long recipient = stored.recipientId();
		if (recipient == null) {
			delivery.toRoomHere(stored.message(), origin);
		}
		else {
			delivery.privatelyHere(stored.message(), recipient, stored.senderId());
		}
	}

	private void check() {
		Instant now = clock.instant();
		boolean readNewest = !now.isBefore(lastNewestRead.plus(properties.tailCheck()));
		if (readNewest) {
			lastNewestRead = now;
		}
		inOrder.check(now, readNewest);
	}

	@Override
	public void start() {
		Duration every = properties.gapWait().dividedBy(3);
		checks = scheduler.scheduleWithFixedDelay(this::check,
				every.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : every);
	}

	@Override
	public void stop() {
		ScheduledFuture<?> running = checks;
		if (running != null) {
			running.cancel(false);
		}
		checks = null;
	}

	@Override
	public boolean isRunning() {
		return checks != null;
	}

}
