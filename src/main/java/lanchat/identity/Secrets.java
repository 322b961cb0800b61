package lanchat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes and checks secrets. Tokens are 256 random bits, so a fast hash is enough to store them;
 * passwords are chosen by people and get a slow, salted PBKDF2 hash.
 */
@Component
public class Secrets {

	private final SecureRandom random = new SecureRandom();

	private final PasswordEncoder passwords = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();

	String newToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	String hashToken(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	boolean tokenMatches(String token, String storedHash) {
		return MessageDigest.isEqual(hashToken(token).getBytes(StandardCharsets.US_ASCII),
				storedHash.getBytes(StandardCharsets.US_ASCII));
	}

	/** A slow, salted hash of a secret a person chose. */
	public String hashPassword(String password) {
		return passwords.encode(password);
	}

	public boolean passwordMatches(String password, String storedHash) {
		return passwords.matches(password, storedHash);
	}

}
