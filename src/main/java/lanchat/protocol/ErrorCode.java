package lanchat.protocol;

/**
 * The machine-readable reason of a refusal (PROTOCOL.md v2, "Client ids and
 * machine-readable codes"): the {@code code} header of every ERROR frame and the
 * {@code code} field of every {@code system} message caused by a refusal. Clients decide
 * by the code and show the words that come with it.
 */
public enum ErrorCode {

	WRONG_ACCESS_CODE, NAME_INVALID, NAME_RESERVED, NAME_TAKEN, WRONG_CREDENTIALS, BANNED, TOO_MANY_CONNECTIONS,
	TOO_MANY_ATTEMPTS, SERVER_FULL, BAD_DESTINATION, BAD_FRAME, FRAME_TOO_LARGE, SLOW_READER, KICKED, SHUTTING_DOWN,
	TOO_LONG, EMPTY, RATE_LIMITED, MUTED, SLOW_MODE, UNKNOWN_COMMAND, NOT_MODERATOR, NO_SUCH_USER, NOT_SAVED,
	BAD_REQUEST, FILE_MISSING,

	/** HTTP answers of {@code POST /api/files} ("Files and images"). */
	FILE_TOO_LARGE, STORAGE_FULL;

	private final String wireName = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

	/** As the contract spells it, e.g. {@code name-taken}. */
	public String wireName() {
		return wireName;
	}

	/** The code with this wire name, e.g. {@code kicked}. */
	public static java.util.Optional<ErrorCode> fromWireName(String wireName) {
		for (ErrorCode code : values()) {
			if (code.wireName.equals(wireName)) {
				return java.util.Optional.of(code);
			}
		}
		return java.util.Optional.empty();
	}

}
