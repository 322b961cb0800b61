package lanchat.moderation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.identity.Secrets;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
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
 * Moderator rights and what moderators can do. Rights belong to a connection that proved the moderator
 * secret ({@code lanchat.admin-secret}, or one generated on first start and printed once). Bans are
 * stored; mutes and slow mode last until they expire or the server restarts.
 */
@Service
public class ModerationService {

	private static final Logger log = LoggerFactory.getLogger(ModerationService.class);

	private static final String BANNED = "you are banned from this chat";

	private final ModerationStore store;

	private final IdentityService identities;

	private final PresenceTracker presence;

	private final Delivery delivery;

	private final List<ConnectionAddresses> addresses;

	private final Clock clock;

	private final Secrets secrets;


	private final @Nullable String configuredSecret;

	private final Set<String> moderators = ConcurrentHashMap.newKeySet();

	/** Each guess costs a slow hash, so guesses are spaced out per connection. */
	private final SlowAttempts secretAttempts = new SlowAttempts(Duration.ofSeconds(2));

	private final Map<Long, Instant> mutedUntil = new ConcurrentHashMap<>();

	private final Map<Long, Instant> lastMessage = new ConcurrentHashMap<>();

	private volatile Duration slowMode = Duration.ZERO;

	ModerationService(ModerationStore store, IdentityService identities, PresenceTracker presence, Delivery delivery,
			List<ConnectionAddresses> addresses, Clock clock, Secrets secrets,
			@Value("${lanchat.admin-secret:}") @Nullable String configuredSecret) {
		this.store = store;
		this.identities = identities;
		this.presence = presence;
		this.delivery = delivery;
		this.addresses = addresses;
		this.clock = clock;
		this.secrets = secrets;
		this.configuredSecret = configuredSecret == null || configuredSecret.isBlank() ? null : configuredSecret;
	}

	/**
	 * Makes sure there is a moderator secret: the configured one, or one generated on first start and
	 * shown once in the log. Only its hash is stored.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureSecret() {
		if (configuredSecret != null) {
			return;
		}
		if (store.secretHash().isEmpty()) {
			byte[] random = new byte[12];
			new SecureRandom().nextBytes(random);
			String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			store.saveSecretHash(secrets.hashPassword(secret));
			log.info("Moderator secret (shown only this once; claim rights in the chat with /op <secret>): {}", secret);
		}
	}

	/** Gives the connection moderator rights if the secret is right. */
	public boolean claim(Connection connection, String secret) {
		secretAttempts.allow(connection.id());
		boolean right = configuredSecret != null ? configuredSecret.equals(secret)
				: store.secretHash().map(hash -> secrets.passwordMatches(secret, hash)).orElse(false);
		if (right) {
			moderators.add(connection.id());
			log.info("{} is now a moderator", LogText.of(connection.user().username()));
		}
		else {
			log.info("{} gave a wrong moderator secret", LogText.of(connection.user().username()));
		}
		return right;
	}

	public boolean isModerator(Connection connection) {
		return moderators.contains(connection.id());
	}

	/** Forgets the rights of a connection that closed. */
	public void closed(Connection connection) {
		moderators.remove(connection.id());
		secretAttempts.forget(connection.id());
	}

	public ChatUser kick(Connection moderator, String name) {
		ChatUser target = online(name);
		announce(moderator, target.username() + " was kicked by " + moderator.user().username() + ".");
		presence.connections(target.identityId())
			.forEach(connection -> delivery.close(connection, ErrorCode.KICKED, "You were kicked by a moderator."));
		return target;
	}

	public ChatUser mute(Connection moderator, String name, Duration duration) {
		ChatUser target = holder(name);
		mutedUntil.put(target.identityId(), clock.instant().plus(duration));
		announce(moderator, target.username() + " was muted for " + describe(duration) + " by "
				+ moderator.user().username() + ".");
		return target;
	}

	public ChatUser ban(Connection moderator, String name) {
		ChatUser target = holder(name);
		Set<String> seenAt = new LinkedHashSet<>();
		List<Connection> connections = presence.connections(target.identityId());
		for (Connection connection : connections) {
			addresses.forEach(book -> book.addressOf(connection).filter(address -> !isLoopback(address))
				.ifPresent(seenAt::add));
		}
		store.ban(target.identityId(), seenAt, target.username(), clock.instant());
		announce(moderator, target.username() + " was banned by " + moderator.user().username() + ".");
		connections.forEach(connection -> delivery.close(connection, ErrorCode.BANNED, "You were banned from this chat."));
		return target;
	}

	public boolean unban(Connection moderator, String name) {
		ChatUser target = holder(name);
		boolean lifted = store.unban(target.identityId()) > 0;
		if (lifted) {
			announce(moderator, target.username() + " was unbanned by " + moderator.user().username() + ".");
		}
		return lifted;
	}

	public void slowMode(Connection moderator, Duration gap) {
		slowMode = gap;
		announce(moderator, gap.isZero() ? "Slow mode is off." : "Slow mode: one message every "
				+ describe(gap) + " per person (set by " + moderator.user().username() + ").");
	}

	public boolean clear(Connection moderator, long messageId) {
		boolean hidden = store.hideMessage(messageId);
		if (hidden) {
			announce(moderator, "Message " + messageId + " was removed by " + moderator.user().username() + ".");
		}
		return hidden;
	}

	/** Refuses a connection from a banned address, before it may claim a name. */
	public void checkAddressNotBanned(String address) {
		if (store.isBannedAddress(address)) {
			throw new Refusal(ErrorCode.BANNED, BANNED);
		}
	}

	/** Refuses a CONNECT from a banned identity or address. */
	public void checkNotBanned(ChatUser user, String address) {
		checkAddressNotBanned(address);
		if (store.isBanned(user.identityId())) {
			throw new Refusal(ErrorCode.BANNED, BANNED);
		}
	}

	/**
	 * Whether the user may send now, given mutes and slow mode; records the message if so.
	 * @return why not, or empty if it may
	 */
	public Optional<Refusal> mayNotSend(ChatUser user) {
		Instant now = clock.instant();
		Instant muted = mutedUntil.get(user.identityId());
		if (muted != null) {
			if (muted.isAfter(now)) {
				return Optional.of(new Refusal(ErrorCode.MUTED,
						"You are muted for " + describe(Duration.between(now, muted)) + " more."));
			}
			mutedUntil.remove(user.identityId(), muted);
		}
		Duration gap = slowMode;
		if (!gap.isZero()) {
			Instant last = lastMessage.get(user.identityId());
			if (last != null && last.plus(gap).isAfter(now)) {
				return Optional.of(new Refusal(ErrorCode.SLOW_MODE, "Slow mode is on: wait "
						+ describe(Duration.between(now, last.plus(gap))) + " before your next message."));
			}
			lastMessage.put(user.identityId(), now);
		}
		return Optional.empty();
	}

	/** The host's own machine is never banned by address: that would lock the host out. */
	static boolean isLoopback(String address) {
		return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
	}

	private ChatUser holder(String name) {
		return identities.holder(name).orElseThrow(() -> new Refusal(ErrorCode.NO_SUCH_USER, "No user is called \"" + name + "\"."));
	}

	private ChatUser online(String name) {
		ChatUser target = holder(name);
		if (!presence.isOnline(target.identityId())) {
			throw new Refusal(ErrorCode.NO_SUCH_USER, target.username() + " is not online.");
		}
		return target;
	}

	private void announce(Connection moderator, String text) {
		log.info("Moderation: {}", LogText.of(text));
		delivery.toRoom(ServerMessage.notification(moderator.user().username(), text), null);
	}

	private static String describe(Duration duration) {
		long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
		if (seconds < 120) {
			return seconds + (seconds == 1 ? " second" : " seconds");
		}
		return (seconds + 59) / 60 + " minutes";
	}

}
