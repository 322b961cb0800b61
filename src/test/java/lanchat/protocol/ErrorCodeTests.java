package lanchat.protocol;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codes are spelled exactly as PROTOCOL.md v2 lists them, since clients compare them
 * as strings.
 */
class ErrorCodeTests {

	@Test
	void everyCodeIsSpelledAsTheContractListsIt() {
		assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)).containsExactly("wrong-access-code",
				"name-invalid", "name-reserved", "name-taken", "wrong-credentials", "banned", "too-many-connections",
				"too-many-attempts", "server-full", "bad-destination", "bad-frame", "frame-too-large", "slow-reader",
				"kicked", "shutting-down", "too-long", "empty", "rate-limited", "muted", "slow-mode", "unknown-command",
				"not-moderator", "no-such-user", "not-saved", "bad-request", "file-missing", "file-too-large",
				"storage-full");
	}

}
