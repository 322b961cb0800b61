package lanchat.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The optional room-wide access code ({@code lanchat.access-code}). Checked before
 * anything else, so a client without it learns nothing, not even whether a name is taken.
 */
@Component
public class AccessCode {

	private final byte @Nullable [] expected;

	public AccessCode(LanchatProperties properties) {
		String code = properties.accessCode();
		this.expected = code == null || code.isEmpty() ? null : code.getBytes(StandardCharsets.UTF_8);
	}

	public boolean required() {
		return expected != null;
	}

	/**
	 * Refuses with {@code wrong access code} unless the code is off or {@code given}
	 * matches it.
	 */
	public void check(@Nullable String given) {
		if (expected == null) {
			return;
		}
		byte[] actual = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(expected, actual)) {
			throw new Refusal(ErrorCode.WRONG_ACCESS_CODE, "wrong access code");
		}
	}

}
