package lanchat.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The network address a WebSocket came from, kept in its session attributes at the
 * handshake.
 */
public final class ClientAddress {

	public static final String ATTRIBUTE = "lanchat.clientAddress";

	private ClientAddress() {
	}

	public static String of(@Nullable Map<String, Object> sessionAttributes) {
		Object address = sessionAttributes == null ? null : sessionAttributes.get(ATTRIBUTE);
		return address instanceof String text ? text : "unknown";
	}

}
