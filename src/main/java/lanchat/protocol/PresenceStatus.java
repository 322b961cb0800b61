package lanchat.protocol;

import java.util.Optional;

/**
 * Whether someone is here: {@code online}, {@code away} (their page is hidden) or
 * {@code offline}.
 */
public enum PresenceStatus {

	ONLINE("online"), AWAY("away"), OFFLINE("offline");

	private final String wireName;

	PresenceStatus(String wireName) {
		this.wireName = wireName;
	}

	/** As the contract spells it. */
	public String wireName() {
		return wireName;
	}

	/** The statuses a client may set for itself. */
	public static Optional<PresenceStatus> settable(String wireName) {
		if ("online".equals(wireName)) {
			return Optional.of(ONLINE);
		}
		if ("away".equals(wireName)) {
			return Optional.of(AWAY);
		}
		return Optional.empty();
	}

}
