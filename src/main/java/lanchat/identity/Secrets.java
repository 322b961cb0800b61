package lanchat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import lanchat.security.SlowHashing;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes and checks secrets. Tokens are 256 random bits, so a fast hash is enough to store
 * them; passwords are chosen by people and get a slow, salted hash
 * ({@link IdentityConfig#passwordEncoder()}), which runs on {@link SlowHashing}'s pool,
 * never on the thread that asks.
 */
@Component
public class Secrets {

	private final SecureRandom random = new SecureRandom();

	private final PasswordEncoder passwords;

	private final SlowHashing hashing;

	Secrets(PasswordEncoder passwords, SlowHashing hashing) {
		this.passwords = passwords;
		this.hashing = hashing;
	}

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

	/**
	 * A slow, salted hash of a secret a person chose.
	 * @return the hash, or a future failed with {@code too-many-attempts} when the server
	 * is busy hashing
	 */
	public CompletableFuture<String> hashPassword(String password) {
		return hashing.submit(() -> passwords.encode(password));
	}

	/**
	 * Whether {@code password} is the one {@code storedHash} was made from; see
	 * {@link #hashPassword}.
	 */
	public CompletableFuture<Boolean> passwordMatches(String password, String storedHash) {
		return hashing.submit(() -> passwords.matches(password, storedHash));
	}

}
