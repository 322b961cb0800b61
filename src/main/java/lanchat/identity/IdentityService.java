package lanchat.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import lanchat.security.SlowAttempts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Who may use which name. A name belongs to whoever first used it; later connections
 * prove they are that person with a device token handed out earlier, or with a password
 * they set (which earns the device a token of its own). Names without a password are
 * released once their owner has been away for {@code lanchat.identity.release-after}.
 * <p>
 * Checking a password takes a slow hash, which runs on its own pool, and a newcomer's
 * identity is written with the other newcomers of the moment ({@link NewcomerWriter}):
 * claims and password changes answer with a future, completed at once for a returning
 * device.
 */
@Service
public class IdentityService implements NameClaims {

	public static final int MIN_PASSWORD = 8;

	public static final int MAX_PASSWORD = 128;

	private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

	private final IdentityStore store;

	private final DeviceStore devices;

	private final DeviceUses deviceUses;

	private final Secrets secrets;

	private final OnlineCheck online;

	private final LanchatProperties properties;

	private final Clock clock;

	private final NewcomerWriter newcomers;

	private final SeenTimes seenTimes;

	private final Instant startedAt;

	/**
	 * Hashing a password is slow on purpose; one identity may not keep the server busy
	 * with it.
	 */
	private final SlowAttempts passwordChanges;

	IdentityService(IdentityStore store, DeviceStore devices, DeviceUses deviceUses, Secrets secrets,
			OnlineCheck online, LanchatProperties properties, Clock clock, NewcomerWriter newcomers,
			SeenTimes seenTimes) {
		this.store = store;
		this.devices = devices;
		this.deviceUses = deviceUses;
		this.secrets = secrets;
		this.online = online;
		this.properties = properties;
		this.clock = clock;
		this.newcomers = newcomers;
		this.seenTimes = seenTimes;
		this.startedAt = clock.instant();
		this.passwordChanges = new SlowAttempts(Duration.ofSeconds(2), clock);
	}

	/**
	 * Lets a connection take a name.
	 * @return the claim, or a future failed with a {@link Refusal} that says why in plain
	 * words
	 */
	@Override
	public CompletableFuture<Claim> claim(ClaimRequest request) {
		try {
			return claimNow(request);
		}
		catch (RuntimeException refused) {
			return CompletableFuture.failedFuture(refused);
		}
	}

	private CompletableFuture<Claim> claimNow(ClaimRequest request) {
		if (request.name() == null || request.name().isBlank()) {
			throw new Refusal(ErrorCode.NAME_INVALID, "username is required");
		}
		String name = NamePolicy.normalise(request.name());
		String key = NamePolicy.key(name);
		Optional<Identity> held = store.findByKey(key);
		if (held.isEmpty()) {
			return create(name, key, request);
		}
		Identity identity = held.get();
		Optional<Long> device = request.hasToken() ? deviceOf(identity, request.token()) : Optional.empty();
		if (device.isPresent()) {
			deviceUses.used(device.get(), clock.instant());
			return CompletableFuture.completedFuture(new Claim(identity.user(), null, device.get()));
		}
		String passwordHash = identity.passwordHash();
		if (request.hasPassword() && passwordHash != null) {
			return secrets.passwordMatches(request.password(), passwordHash).thenApply(right -> {
				if (!right) {
					throw taken(name, request);
				}
				return withPassword(identity, request);
			});
		}
		if (!releasable(identity, clock.instant())) {
			throw taken(name, request);
		}
		release(identity);
		return create(name, key, request);
	}

	/**
	 * The identity and its first device, written with the other newcomers of the moment
	 * in one transaction: a commit is most of what a newcomer's join costs the server.
	 */
	private CompletableFuture<Claim> create(String name, String key, ClaimRequest request) {
		String token = secrets.newToken();
		return newcomers.write(new NewcomerWriter.Newcomer(name, key, token, secrets.hashToken(token),
				request.deviceLabel(), clock.instant()));
	}

	/**
	 * A device that proved the password gets a token of its own, if its client can be
	 * given one.
	 */
	private Claim withPassword(Identity identity, ClaimRequest request) {
		if (!request.showsTokens()) {
			return new Claim(identity.user(), null, null);
		}
		String token = secrets.newToken();
		long device = devices.add(identity.id(), secrets.hashToken(token), request.deviceLabel(), clock.instant());
		log.info("{} signed in with the password on a new device ({})", LogText.of(identity.name()),
				LogText.of(request.deviceLabel()));
		return new Claim(identity.user(), token, device);
	}

	private Optional<Long> deviceOf(Identity identity, String token) {
		return devices.findByHash(secrets.hashToken(token))
			.filter(match -> match.identity().id() == identity.id())
			.map(DeviceStore.Match::device);
	}

	/** A held name: taken, or (for a client that offered a proof) the proof was wrong. */
	private static Refusal taken(String name, ClaimRequest request) {
		return request.hasToken() || request.hasPassword()
				? new Refusal(ErrorCode.WRONG_CREDENTIALS, "wrong token or password for \"" + name + "\"")
				: new Refusal(ErrorCode.NAME_TAKEN, "username \"" + name + "\" is taken");
	}

	/**
	 * The identity that holds a name now, if any; a name due for release is released
	 * here.
	 */
	public Optional<ChatUser> holder(String name) {
		Optional<Identity> held = store.findByKey(NamePolicy.key(name));
		if (held.isPresent() && releasable(held.get(), clock.instant())) {
			release(held.get());
			return Optional.empty();
		}
		return held.map(Identity::user);
	}

	/**
	 * The identity a device token belongs to, for clients that authenticate outside
	 * STOMP.
	 */
	public Optional<ChatUser> byToken(String token) {
		return devices.findByHash(secrets.hashToken(token)).map(match -> match.identity().user());
	}

	/**
	 * Remembers when the identity was last here, which is what releasing a name counts
	 * from.
	 */
	public void seen(ChatUser user) {
		seenTimes.seen(user.identityId(), clock.instant());
	}

	/**
	 * Notes the time seen before returning: with several nodes, the others learn of a
	 * leave at once and check releases against the database, not this node's memory.
	 */
	public void seenNow(ChatUser user) {
		store.touch(user.identityId(), clock.instant());
	}

	/**
	 * Sets the password with which the name can be claimed instead of a token, and
	 * revokes every device token but {@code keep} (the one of the device that set it):
	 * whoever else held one must prove the new password. A name with a password is never
	 * released.
	 * @return the devices whose tokens were revoked, whose connections are to be closed
	 */
	public CompletableFuture<List<Long>> setPassword(ChatUser user, @Nullable Long keep, String password) {
		int length = password.codePointCount(0, password.length());
		if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
			return CompletableFuture.failedFuture(new Refusal(ErrorCode.BAD_REQUEST,
					"A password must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters."));
		}
		try {
			passwordChanges.allow(Long.toString(user.identityId()));
		}
		catch (Refusal tooSoon) {
			return CompletableFuture.failedFuture(tooSoon);
		}
		return secrets.hashPassword(password).thenApply(hash -> {
			store.setPassword(user.identityId(), hash);
			List<Long> revoked = devices.deleteAllBut(user.identityId(), keep);
			log.info("{} set a password; {} other device(s) logged out", LogText.of(user.username()), revoked.size());
			return revoked;
		});
	}

	/** This identity's device tokens, oldest first. */
	public List<Device> devices(ChatUser user) {
		return deviceUses.latest(devices.of(user.identityId()));
	}

	/**
	 * Which of these device tokens no longer exist: logged out (perhaps on another node
	 * of a cluster) or released with their name.
	 */
	public Set<Long> revokedAmong(Collection<Long> devices) {
		return this.devices.missingAmong(devices);
	}

	/** Revokes one of the identity's device tokens; @return whether it had that one */
	public boolean revoke(ChatUser user, long device) {
		boolean revoked = devices.delete(user.identityId(), device);
		if (revoked) {
			log.info("{} logged out a device", LogText.of(user.username()));
		}
		return revoked;
	}

	/**
	 * Revokes the claim's new token, which nobody got; and a name that only that token
	 * held (a newcomer whose phone dropped while joining, before its {@code /app/session}
	 * reply) is released at once, or its owner could not take it back until
	 * release-after.
	 */
	@Override
	public void unclaimed(Claim claim) {
		Long device = claim.device();
		if (claim.newToken() == null || device == null) {
			return;
		}
		ChatUser user = claim.user();
		try {
			devices.delete(user.identityId(), device);
			Optional<Identity> held = store.findByKey(NamePolicy.key(user.username()));
			if (held.isPresent() && held.get().id() == user.identityId() && held.get().passwordHash() == null
					&& devices.of(user.identityId()).isEmpty() && !online.isOnline(user.identityId())) {
				store.release(user.identityId(), clock.instant());
				log.info("Released the name {}: its first connection closed before it got its token",
						LogText.of(user.username()));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not undo the claim of {}, whose token never reached it: {}", LogText.of(user.username()),
					ex.getMessage());
		}
	}

	private void release(Identity identity) {
		store.release(identity.id(), clock.instant());
		devices.deleteAllBut(identity.id(), null);
		log.info("Released the name {} after {} offline", LogText.of(identity.name()),
				properties.identity().releaseAfter());
	}

	/**
	 * Offline time counts from the later of the last time seen and this server's start:
	 * someone online when the server stopped (or crashed) was last seen then, not when
	 * they joined. A leave not written yet counts too.
	 */
	private boolean releasable(Identity identity, Instant now) {
		Instant lastSeen = latest(latest(identity.lastSeen(), startedAt), seenTimes.unwritten(identity.id()));
		return identity.passwordHash() == null && !online.isOnline(identity.id())
				&& lastSeen.plus(properties.identity().releaseAfter()).isBefore(now);
	}

	private static Instant latest(Instant one, @Nullable Instant other) {
		return other != null && other.isAfter(one) ? other : one;
	}

}
