package lanchat.cluster;

import lanchat.delivery.Delivery;
import lanchat.presence.PresenceService;
import lanchat.protocol.PresenceStatus;
import lanchat.protocol.ServerMessage;

/**
 * What the roster tells this node's own connections when someone joins, leaves or changes
 * status.
 */
interface Announcements {

	void joined(String name);

	void left(String name);

	void status(String name, PresenceStatus status);

	/** Through this node's presence service and delivery, as a single node announces. */
	static Announcements to(PresenceService presence, Delivery delivery) {
		return new Announcements() {

			@Override
			public void joined(String name) {
				presence.announceJoined(name);
			}

			@Override
			public void left(String name) {
				presence.announceLeft(name);
			}

			@Override
			public void status(String name, PresenceStatus status) {
				delivery.presenceHere(ServerMessage.presence(name, status));
			}
		};
	}

}
