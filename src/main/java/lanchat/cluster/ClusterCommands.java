package lanchat.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lanchat.admission.Elsewhere;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What commands typed on one node do to connections on the others: {@code /kick} and
 * {@code /ban} close the identity's connections everywhere, {@code /logout} and
 * {@code /password} the revoked devices' ones, and a change to bans, mutes or slow mode
 * is taken up by every node. Also counts other nodes' connections against the limit per
 * address.
 */
@Component
@ClusterMode
class ClusterCommands implements Elsewhere {

	static final long MODERATION_CATCH_UP_SECONDS = 5;

	private final Bus bus;

	private final Node node;

	private final ClusterRoster roster;

	private final OpenConnections connections;

	private final Delivery delivery;

	private final ModerationService moderation;

	ClusterCommands(Bus bus, Node node, ClusterRoster roster, OpenConnections connections, Delivery delivery,
			ModerationService moderation) {
		this.bus = bus;
		this.node = node;
		this.roster = roster;
		this.connections = connections;
		this.delivery = delivery;
		this.moderation = moderation;
		connections.spanNodes(this);
		moderation.relayChanges(slowMode -> bus.publish(new Event.ModerationChanged(node.name(), slowMode)));
	}

	@Override
	public int fromAddress(String address) {
		return roster.fromAddressElsewhere(address);
	}

	@Override
	public boolean connected(long identityId) {
		return roster.connectedElsewhere(identityId);
	}

	@Override
	public List<String> addressesOf(long identityId) {
		return roster.addressesElsewhere(identityId);
	}

	@Override
	public void closeIdentity(long identityId, ErrorCode code, String reason) {
		bus.publish(new Event.CloseIdentity(node.name(), identityId, code.wireName(), reason));
	}

	@Override
	public void closeDevices(Collection<Long> devices, ErrorCode code, String reason) {
		bus.publish(new Event.CloseDevices(node.name(), List.copyOf(devices), code.wireName(), reason));
	}

	@Override
	public void closeLoggedOut(long identityId, Collection<Long> revoked, ErrorCode code, String reason) {
		bus.publish(new Event.CloseLoggedOut(node.name(), identityId, List.copyOf(revoked), code.wireName(), reason));
	}

	void closeIdentity(Event.CloseIdentity event) {
		close(connections.of(event.identityId()), event.code(), event.reason());
	}

	void closeDevices(Event.CloseDevices event) {
		close(connections.usingDevices(event.devices()), event.code(), event.reason());
	}

	void closeLoggedOut(Event.CloseLoggedOut event) {
		close(connections.loggedOut(event.identityId(), event.revoked()), event.code(), event.reason());
	}

	void moderationChanged(Event.ModerationChanged event) {
		moderation.changedElsewhere(event.slowMode());
	}

	/**
	 * Bans, kicks, mutes and slow mode decided on another node while the broker was away
	 * (their notices lost) take effect here within {@value #MODERATION_CATCH_UP_SECONDS}
	 * s: a few small reads each time.
	 */
	@Scheduled(initialDelay = MODERATION_CATCH_UP_SECONDS, fixedDelay = MODERATION_CATCH_UP_SECONDS,
			timeUnit = TimeUnit.SECONDS)
	void catchUpModeration() {
		moderation.catchUp();
	}

	private void close(List<Connection> open, String code, String reason) {
		ErrorCode why = ErrorCode.fromWireName(code).orElse(ErrorCode.KICKED);
		open.forEach(connection -> delivery.close(connection, why, reason));
	}

}
