package lanchat.system;

import java.time.Duration;
import java.util.List;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.presence.PresenceService;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * On shutdown (SIGTERM from systemd or {@code docker stop}), tells every connected client
 * that the server is restarting, before anything stops; the page then reconnects by
 * itself once the server is back. From then on nobody is told of joins and leaves: every
 * connection is about to be closed.
 * <p>
 * Why the context-closed event and not a {@code SmartLifecycle} phase: the executors and
 * schedulers Spring manages (the one behind heart-beats and delayed closes among them)
 * shut down when that event is published, before any lifecycle phase stops, so a notice
 * sent from a lifecycle bean would never be written. Listeners of the event run in order,
 * so this one, first of all, still finds them working.
 */
@Component
class ShutdownNotice implements ApplicationListener<ContextClosedEvent>, Ordered {

	static final String NOTICE = "The server is restarting; you will be reconnected in a moment.";

	private static final Logger log = LoggerFactory.getLogger(ShutdownNotice.class);

	/**
	 * Long enough for the notice to leave the send queues; short against the 10 s stop
	 * budget.
	 */
	private static final Duration LINGER = Duration.ofMillis(300);

	private final ApplicationContext context;

	private final PresenceTracker presence;

	private final Delivery delivery;

	private final PresenceService announcements;

	ShutdownNotice(ApplicationContext context, PresenceTracker presence, Delivery delivery,
			PresenceService announcements) {
		this.context = context;
		this.presence = presence;
		this.delivery = delivery;
		this.announcements = announcements;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != context) {
			return;
		}
		List<Connection> connections = presence.allConnections();
		if (connections.isEmpty()) {
			return;
		}
		log.info("Shutting down: telling {} connected clients", connections.size());
		announcements.shuttingDown();
		for (Connection connection : connections) {
			try {
				delivery.refuse(connection, ErrorCode.SHUTTING_DOWN, NOTICE);
			}
			catch (RuntimeException ex) {
				log.debug("Could not tell {} about the restart: {}", connection.id(), ex.getMessage());
			}
		}
		try {
			Thread.sleep(LINGER.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
