package lanchat.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import lanchat.admission.Elsewhere;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
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

	private static final Logger log = LoggerFactory.getLogger(ClusterCommands.class);

	private static final String LOGGED_OUT = "This device was logged out; sign in again.";

	private final Bus bus;

	private final Node node;

	private final ClusterRoster roster;

	private final OpenConnections connections;

	private final Delivery delivery;

	private final ModerationService moderation;

	private final IdentityService identities;

	/**
	 * The device tokens this node's connections held that were gone at the last catch-up
	 * (the catch-ups run one after another).
	 */
	private volatile Set<Long> revokedAtLastCatchUp = Set.of();

	ClusterCommands(Bus bus, Node node, ClusterRoster roster, OpenConnections connections, Delivery delivery,
			ModerationService moderation, IdentityService identities) {
		this.bus = bus;
		this.node = node;
		this.roster = roster;
		this.connections = connections;
		this.delivery = delivery;
		this.moderation = moderation;
		this.identities = identities;
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
	 * Bans, kicks, mutes, slow mode and logged-out devices decided on another node while
	 * the broker was away (their notices lost) take effect here within
	 * {@value #MODERATION_CATCH_UP_SECONDS} s: a few small reads each time.
	 */
	@Scheduled(initialDelay = MODERATION_CATCH_UP_SECONDS, fixedDelay = MODERATION_CATCH_UP_SECONDS,
			timeUnit = TimeUnit.SECONDS)
	void catchUpModeration() {
		if (moderation.catchUp()) {
			closeRevokedDevices();
		}
	}

	/**
	 * A device logged out on another node while the broker was away (its notice lost) has
	 * its connections here closed: its token is gone from the database. Only once it was
	 * gone at two catch-ups in a row, so that a notice under way closes them first, with
	 * its own words.
	 */
	private void closeRevokedDevices() {
		Map<Connection, Long> devices = connections.devices();
		Set<Long> revoked;
		try {
			revoked = devices.isEmpty() ? Set.of() : identities.revokedAmong(devices.values());
		}
		catch (DataAccessException unreachable) {
			log.debug("Device tokens not read again: {}", unreachable.getMessage());
			return;
		}
		Set<Long> revokedBefore = revokedAtLastCatchUp;
		revokedAtLastCatchUp = revoked;
		List<Connection> loggedOut = devices.entrySet()
			.stream()
			.filter(open -> revokedBefore.contains(open.getValue()) && revoked.contains(open.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		if (!loggedOut.isEmpty()) {
			log.info("Closed {} connection(s) whose device token is no longer in the database", loggedOut.size());
			loggedOut.forEach(connection -> delivery.close(connection, ErrorCode.WRONG_CREDENTIALS, LOGGED_OUT));
		}
	}

	private void close(List<Connection> open, String code, String reason) {
		ErrorCode why = ErrorCode.fromWireName(code).orElse(ErrorCode.KICKED);
		open.forEach(connection -> delivery.close(connection, why, reason));
	}

}
