package lanchat.protocol;

import java.util.Optional;

/**
 * The seed's four message types, plus {@code presence}.
 */
public enum MessageType {

	MESSAGE("message"), PRIVATE_MESSAGE("private_message"), NOTIFICATION("notification"), SYSTEM("system"),
	PRESENCE("presence");

	private final String wireName;

	MessageType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return wireName;
	}

	/** The types a client may send. */
	public static Optional<MessageType> sendable(String wireName) {
		if (MESSAGE.wireName.equals(wireName)) {
			return Optional.of(MESSAGE);
		}
		if (PRIVATE_MESSAGE.wireName.equals(wireName)) {
			return Optional.of(PRIVATE_MESSAGE);
		}
		return Optional.empty();
	}

}
