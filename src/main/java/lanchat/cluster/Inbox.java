package lanchat.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;

/**
 * This node's queue, read by one consumer: each event to the part of the cluster mode
 * that handles it, in the order the broker delivered them. Events from this node itself
 * serve only as proof that the broker carries its heart-beats.
 */
@Component
@ClusterMode
class Inbox implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(Inbox.class);

	private final Events events;

	private final String me;

	private final OrderedRelay relay;

	private final ClusterRoster roster;

	private final ClusterCommands commands;

	Inbox(Events events, Node node, OrderedRelay relay, ClusterRoster roster, ClusterCommands commands) {
		this.events = events;
		this.me = node.name();
		this.relay = relay;
		this.roster = roster;
		this.commands = commands;
	}

	@Override
	public void onMessage(Message message) {
		Event event;
		try {
			event = events.read(message.getBody());
		}
		catch (RuntimeException ex) {
			log.warn("Ignored an event this node cannot read: {}", ex.getMessage());
			return;
		}
		if (event.node().equals(me) && !(event instanceof Event.Heartbeat)) {
			return;
		}
		// Java 17: no pattern switch; the sealed interface keeps this list complete
		// enough to read at a glance
		if (event instanceof Event.Stored stored) {
			relay.stored(stored);
		}
		else if (event instanceof Event.Broadcast broadcast) {
			relay.broadcast(broadcast);
		}
		else if (event instanceof Event.Opened opened) {
			roster.opened(opened);
		}
		else if (event instanceof Event.Closed closed) {
			roster.closed(closed);
		}
		else if (event instanceof Event.StatusSet status) {
			roster.statusSet(status);
		}
		else if (event instanceof Event.Heartbeat heartbeat) {
			roster.heartbeat(heartbeat);
		}
		else if (event instanceof Event.SnapshotWanted wanted) {
			roster.snapshotWanted(wanted);
		}
		else if (event instanceof Event.Snapshot snapshot) {
			roster.snapshot(snapshot);
		}
		else if (event instanceof Event.Leaving leaving) {
			roster.leaving(leaving);
		}
		else if (event instanceof Event.CloseIdentity close) {
			commands.closeIdentity(close);
		}
		else if (event instanceof Event.CloseDevices close) {
			commands.closeDevices(close);
		}
		else if (event instanceof Event.CloseLoggedOut close) {
			commands.closeLoggedOut(close);
		}
		else if (event instanceof Event.ModerationChanged changed) {
			commands.moderationChanged(changed);
		}
	}

}
