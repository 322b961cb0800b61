package lanchat.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import lanchat.security.SlowAttempts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Who may use which name. A name belongs to whoever first used it; later connections prove they are
 * that person with the token handed out then, or with a password they set. Names without a password
 * are released once their owner has been away for {@code lanchat.identity.release-after}.
 */
@Service
public class IdentityService {

	public static final int MIN_PASSWORD = 8;

	public static final int MAX_PASSWORD = 128;

	private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

	private final IdentityStore store;

	private final Secrets secrets;

	private final OnlineCheck online;

	private final LanchatProperties properties;

	private final Clock clock;

	private final Instant startedAt;

	/** Hashing a password is slow on purpose; one identity may not keep the server busy with it. */
	private final SlowAttempts passwordChanges = new SlowAttempts(Duration.ofSeconds(2));

	IdentityService(IdentityStore store, Secrets secrets, OnlineCheck online, LanchatProperties properties,
			Clock clock) {
		this.store = store;
		this.secrets = secrets;
		this.online = online;
		this.properties = properties;
		this.clock = clock;
		this.startedAt = clock.instant();
	}

	/**
	 * Lets a connection take a name, or refuses in plain words.
	 */
	public Claim claim(@Nullable String requestedName, @Nullable String token, @Nullable String password) {
		if (requestedName == null || requestedName.isBlank()) {
			throw new Refusal(ErrorCode.NAME_INVALID, "username is required");
		}
		String name = NamePolicy.normalise(requestedName);
		String key = NamePolicy.key(name);
		Instant now = clock.instant();
		Optional<Identity> held = store.findByKey(key);
		if (held.isPresent()) {
			Identity identity = held.get();
			if (proves(identity, token, password)) {
				return new Claim(identity.user(), null);
			}
			if (!releasable(identity, now)) {
				throw taken(name, token, password);
			}
			release(identity);
		}
		String newToken = secrets.newToken();
		try {
			Identity created = store.create(name, key, secrets.hashToken(newToken), now);
			return new Claim(created.user(), newToken);
		}
		catch (DuplicateKeyException raced) {
			throw new Refusal(ErrorCode.NAME_TAKEN, "username \"" + name + "\" is taken");
		}
	}

	/** A held name: taken, or (for a client that offered a proof) the proof was wrong. */
	private static Refusal taken(String name, @Nullable String token, @Nullable String password) {
		boolean triedProof = (token != null && !token.isEmpty()) || (password != null && !password.isEmpty());
		return triedProof
				? new Refusal(ErrorCode.WRONG_CREDENTIALS, "wrong token or password for \"" + name + "\"")
				: new Refusal(ErrorCode.NAME_TAKEN, "username \"" + name + "\" is taken");
	}

	/** The identity that holds a name now, if any; a name due for release is released here. */
	public Optional<ChatUser> holder(String name) {
		Optional<Identity> held = store.findByKey(NamePolicy.key(name));
		if (held.isPresent() && releasable(held.get(), clock.instant())) {
			release(held.get());
			return Optional.empty();
		}
		return held.map(Identity::user);
	}

	/** The identity a token belongs to, for clients that authenticate outside STOMP. */
	public Optional<ChatUser> byToken(String token) {
		return store.findByTokenHash(secrets.hashToken(token)).map(Identity::user);
	}

	/** Remembers when the identity was last here, which is what releasing a name counts from. */
	public void seen(ChatUser user) {
		store.touch(user.identityId(), clock.instant());
	}

	/**
	 * Sets the password with which the name can be claimed instead of the token. A name with a password
	 * is never released.
	 */
	public void setPassword(ChatUser user, String password) {
		int length = password.codePointCount(0, password.length());
		if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
			throw new Refusal(ErrorCode.BAD_REQUEST, "A password must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters.");
		}
		passwordChanges.allow(Long.toString(user.identityId()));
		store.setPassword(user.identityId(), secrets.hashPassword(password));
		log.info("{} set a password", LogText.of(user.username()));
	}

	private void release(Identity identity) {
		store.release(identity.id(), clock.instant());
		log.info("Released the name {} after {} offline", LogText.of(identity.name()), properties.identity().releaseAfter());
	}

	private boolean proves(Identity identity, @Nullable String token, @Nullable String password) {
		if (token != null && !token.isEmpty() && secrets.tokenMatches(token, identity.tokenHash())) {
			return true;
		}
		return password != null && !password.isEmpty() && identity.passwordHash() != null
				&& secrets.passwordMatches(password, identity.passwordHash());
	}

	/**
	 * Offline time counts from the later of the last time seen and this server's start: someone online
	 * when the server stopped (or crashed) was last seen then, not when they joined.
	 */
	private boolean releasable(Identity identity, Instant now) {
		Instant lastSeen = identity.lastSeen().isAfter(startedAt) ? identity.lastSeen() : startedAt;
		return identity.passwordHash() == null && !online.isOnline(identity.id())
				&& lastSeen.plus(properties.identity().releaseAfter()).isBefore(now);
	}

}
