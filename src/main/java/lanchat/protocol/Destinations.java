package lanchat.protocol;

import java.util.Set;

/**
 * The destinations of the wire contract (PROTOCOL.md), in one place.
 */
public final class Destinations {

	public static final String PUBLIC = "/topic/public";

	public static final String PRESENCE = "/topic/presence";

	public static final String PRIVATE_QUEUE = "/queue/private";

	public static final String SYSTEM_QUEUE = "/queue/system";

	public static final String USER_PRIVATE = "/user" + PRIVATE_QUEUE;

	public static final String USER_SYSTEM = "/user" + SYSTEM_QUEUE;

	public static final String SEND_CHAT = "/app/chat.send";

	public static final String SEND_PRESENCE = "/app/presence";

	public static final String SESSION = "/app/session";

	public static final String USERS = "/app/users";

	public static final String HISTORY = "/app/history";

	/** What a client may SUBSCRIBE to. */
	public static final Set<String> SUBSCRIBABLE = Set.of(PUBLIC, USER_PRIVATE, USER_SYSTEM, PRESENCE, SESSION, USERS,
			HISTORY);

	/** Where a client may SEND. */
	public static final Set<String> SENDABLE = Set.of(SEND_CHAT, SEND_PRESENCE);

	private Destinations() {
	}

}
