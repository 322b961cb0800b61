package lanchat.moderation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import lanchat.admission.AddressGroup;
import lanchat.admission.Guesses;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import lanchat.identity.Secrets;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import lanchat.security.SlowAttempts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Moderator rights. They belong to an identity that proved the moderator secret with
 * {@code /op} ({@code lanchat.admin-secret}, or one generated on first start and printed
 * once), on every one of its devices, until {@code /deop}; they are stored, so they
 * survive reconnects and restarts.
 * <p>
 * Guessing the secret is slowed three ways: one try per identity every two seconds, the
 * back-off for wrong guesses ({@link Guesses}) per network and for the whole server, and
 * the slow hash of a generated secret, which runs on its own pool.
 */
@Service
public class ModeratorRights {

	private static final Logger log = LoggerFactory.getLogger(ModeratorRights.class);

	private final ModerationStore store;

	private final Secrets secrets;

	private final Guesses guesses;

	private final OpenConnections connections;

	private final byte @Nullable [] configuredSecret;

	private final SlowAttempts tries;

	ModeratorRights(ModerationStore store, Secrets secrets, Guesses guesses, OpenConnections connections, Clock clock,
			@Value("${lanchat.admin-secret:}") @Nullable String configuredSecret) {
		this.store = store;
		this.secrets = secrets;
		this.guesses = guesses;
		this.connections = connections;
		this.tries = new SlowAttempts(Duration.ofSeconds(2), clock);
		this.configuredSecret = configuredSecret == null || configuredSecret.isBlank() ? null
				: configuredSecret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Makes sure there is a moderator secret: the configured one, or one generated on
	 * first start and shown once in the log. Only its hash is stored.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureSecret() {
		if (configuredSecret != null || store.secretHash().isPresent()) {
			return;
		}
		byte[] random = new byte[12];
		new SecureRandom().nextBytes(random);
		String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		store.saveSecretHash(secrets.hashPassword(secret).join());
		log.info("Moderator secret (shown only this once; claim rights in the chat with /op <secret>): {}", secret);
	}

	/**
	 * Makes the connection's identity a moderator if the secret is right.
	 * @return whether it was, or a future failed with {@code too-many-attempts}
	 */
	public CompletableFuture<Boolean> claim(Connection connection, String secret) {
		String network = AddressGroup.of(connections.addressOf(connection).orElse("unknown"));
		try {
			tries.allow(Long.toString(connection.user().identityId()));
			guesses.check(network, null);
		}
		catch (Refusal tooSoon) {
			return CompletableFuture.failedFuture(tooSoon);
		}
		return matches(secret).thenApply(right -> {
			ChatUser user = connection.user();
			if (right) {
				store.setModerator(user.identityId(), true);
				log.info("{} is now a moderator", LogText.of(user.username()));
			}
			else {
				guesses.failed(network, null);
				log.info("{} gave a wrong moderator secret", LogText.of(user.username()));
			}
			return right;
		});
	}

	private CompletableFuture<Boolean> matches(String secret) {
		if (configuredSecret != null) {
			return CompletableFuture
				.completedFuture(MessageDigest.isEqual(configuredSecret, secret.getBytes(StandardCharsets.UTF_8)));
		}
		return store.secretHash()
			.map(hash -> secrets.passwordMatches(secret, hash))
			.orElse(CompletableFuture.completedFuture(false));
	}

	public boolean isModerator(Connection connection) {
		return isModerator(connection.user());
	}

	public boolean isModerator(ChatUser user) {
		return store.isModerator(user.identityId());
	}

	/**
	 * Takes the rights away from an identity ({@code /deop}). @return whether it had them
	 */
	public boolean drop(ChatUser user) {
		if (!isModerator(user)) {
			return false;
		}
		store.setModerator(user.identityId(), false);
		log.info("{} is no longer a moderator", LogText.of(user.username()));
		return true;
	}

}
