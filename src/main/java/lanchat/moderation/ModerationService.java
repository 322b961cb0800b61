package lanchat.moderation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import lanchat.admission.Bans;
import lanchat.admission.Elsewhere;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * What moderators can do: kick, mute, ban, slow mode, removing messages. Bans, mutes and
 * slow mode are stored and survive restarts; slow mode lasts until it is turned off.
 * Kicks and bans close every connection of the identity that admission let in
 * ({@link OpenConnections}), whatever presence knows of it. Who is a moderator is
 * {@link ModeratorRights}' business.
 */
@Service
public class ModerationService implements Bans {

	private static final Logger log = LoggerFactory.getLogger(ModerationService.class);

	private static final String BANNED = "you are banned from this chat";

	private static final String BANNED_NOW = "You were banned from this chat.";

	static final String KICKED = "You were kicked by a moderator.";

	private final ModerationStore store;

	private final MissedKicks missedKicks;

	private final IdentityService identities;

	private final OpenConnections connections;

	private final Delivery delivery;

	private final Clock clock;

	/**
	 * Read on every message, so kept in memory; the database has them for the next start.
	 */
	private final Set<Long> bannedIdentities = ConcurrentHashMap.newKeySet();

	/**
	 * Read on every join, so kept in memory too, and followed across a cluster as the
	 * banned identities are. Replaced whole under {@link #addressBans}, so that a read of
	 * the database cannot undo an address added meanwhile.
	 */
	private volatile Set<String> bannedAddresses;

	private final Object addressBans = new Object();

	private final Map<Long, Instant> mutedUntil = new ConcurrentHashMap<>();

	private final Map<Long, Instant> lastMessage = new ConcurrentHashMap<>();

	private volatile Duration slowMode;

	/**
	 * Held while slow mode is read from the database and set, so that a read under way
	 * (every few seconds in a cluster) cannot put back the gap a moderator just changed.
	 */
	private final Object slowModeChanges = new Object();

	/** Tells the other nodes of a cluster; a single node has none. */
	private volatile Consumer<@Nullable Duration> otherNodes = slow -> {
	};

	ModerationService(ModerationStore store, MissedKicks missedKicks, IdentityService identities,
			OpenConnections connections, Delivery delivery, Clock clock) {
		this.store = store;
		this.missedKicks = missedKicks;
		this.identities = identities;
		this.connections = connections;
		this.delivery = delivery;
		this.clock = clock;
		this.bannedIdentities.addAll(store.bannedIdentities());
		this.bannedAddresses = Set.copyOf(store.bannedAddresses());
		this.mutedUntil.putAll(store.mutes());
		this.slowMode = store.slowMode();
	}

	/**
	 * From now on, {@code onChange} hears of every change to bans, mutes and slow mode
	 * (with the new slow mode, or {@code null} if that did not change), so other nodes
	 * can follow ({@link #changedElsewhere}).
	 */
	public void relayChanges(Consumer<@Nullable Duration> onChange) {
		this.otherNodes = onChange;
	}

	/**
	 * Another node changed bans or mutes (read them again from the database), or slow
	 * mode (the new gap, or {@code null} if the notice did not say: read it too).
	 */
	public void changedElsewhere(@Nullable Duration newSlowMode) {
		List<Long> banned = store.bannedIdentities();
		bannedIdentities.retainAll(banned);
		bannedIdentities.addAll(banned);
		readBannedAddresses();
		Map<Long, Instant> mutes = store.mutes();
		mutedUntil.keySet().retainAll(mutes.keySet());
		mutedUntil.putAll(mutes);
		synchronized (slowModeChanges) {
			slowMode = newSlowMode != null ? newSlowMode : store.slowMode();
		}
	}

	/**
	 * Reads bans, mutes and slow mode again from the database, and closes this node's
	 * connections of every banned identity and those open when another node kicked their
	 * identity. Another node's ban or kick reaches this one as a notice through the
	 * broker; a notice sent while the broker was away is lost, but the ban or kick is in
	 * the database, so a cluster node calls this every little while. A database that
	 * cannot be read leaves everything as it was until the next call.
	 * @return false if the database could not be read
	 */
	public boolean catchUp() {
		try {
			changedElsewhere(null);
		}
		catch (DataAccessException unreachable) {
			log.debug("Bans, mutes and slow mode not read again: {}", unreachable.getMessage());
			return false;
		}
		for (long identityId : bannedIdentities) {
			List<Connection> open = connections.of(identityId);
			if (!open.isEmpty()) {
				log.info("Closed {} connection(s) of banned identity {}: the ban was made on another node", open.size(),
						identityId);
				open.forEach(connection -> delivery.close(connection, ErrorCode.BANNED, BANNED_NOW));
			}
		}
		missedKicks.catchUp();
		return true;
	}

	private void readBannedAddresses() {
		synchronized (addressBans) {
			bannedAddresses = Set.copyOf(store.bannedAddresses());
		}
	}

	private void changed(@Nullable Duration newSlowMode) {
		otherNodes.accept(newSlowMode);
	}

	public ChatUser kick(Connection moderator, String name) {
		ChatUser target = holder(name);
		List<Connection> open = connections.of(target.identityId());
		Elsewhere elsewhere = connections.elsewhere();
		if (open.isEmpty() && !elsewhere.connected(target.identityId())) {
			throw new Refusal(ErrorCode.NO_SUCH_USER, target.username() + " is not online.");
		}
		announce(moderator, target.username() + " was kicked by " + moderator.user().username() + ".");
		open.forEach(connection -> delivery.close(connection, ErrorCode.KICKED, KICKED));
		if (elsewhere != Elsewhere.NONE) {
			elsewhere.closeIdentity(target.identityId(), ErrorCode.KICKED, KICKED);
			// for a node that misses the notice (the broker is away): it finds it at its
			// catch-up
			missedKicks.note(target);
		}
		return target;
	}

	public ChatUser mute(Connection moderator, String name, Duration duration) {
		ChatUser target = holder(name);
		Instant until = clock.instant().plus(duration);
		store.mute(target.identityId(), until);
		mutedUntil.put(target.identityId(), until);
		changed(null);
		announce(moderator, target.username() + " was muted for " + describe(duration) + " by "
				+ moderator.user().username() + ".");
		return target;
	}

	public ChatUser ban(Connection moderator, String name) {
		ChatUser target = holder(name);
		List<Connection> open = connections.of(target.identityId());
		Set<String> seenAt = new LinkedHashSet<>();
		for (Connection connection : open) {
			connections.addressOf(connection).filter(address -> !isLoopback(address)).ifPresent(seenAt::add);
		}
		Elsewhere otherNodes = connections.elsewhere();
		otherNodes.addressesOf(target.identityId())
			.stream()
			.filter(address -> !isLoopback(address))
			.forEach(seenAt::add);
		store.ban(target.identityId(), seenAt, target.username(), clock.instant());
		bannedIdentities.add(target.identityId());
		readBannedAddresses();
		changed(null);
		announce(moderator, target.username() + " was banned by " + moderator.user().username() + ".");
		open.forEach(connection -> delivery.close(connection, ErrorCode.BANNED, BANNED_NOW));
		otherNodes.closeIdentity(target.identityId(), ErrorCode.BANNED, BANNED_NOW);
		return target;
	}

	public boolean unban(Connection moderator, String name) {
		ChatUser target = holder(name);
		boolean lifted = store.unban(target.identityId()) > 0;
		bannedIdentities.remove(target.identityId());
		// another banned identity may have been seen at the same address
		readBannedAddresses();
		changed(null);
		if (lifted) {
			announce(moderator, target.username() + " was unbanned by " + moderator.user().username() + ".");
		}
		return lifted;
	}

	public void slowMode(Connection moderator, Duration gap) {
		synchronized (slowModeChanges) {
			store.saveSlowMode(gap);
			slowMode = gap;
		}
		changed(gap);
		announce(moderator, gap.isZero() ? "Slow mode is off." : "Slow mode: one message every " + describe(gap)
				+ " per person (set by " + moderator.user().username() + ").");
	}

	public boolean clear(Connection moderator, long messageId) {
		boolean hidden = store.hideMessage(messageId);
		if (hidden) {
			announce(moderator, "Message " + messageId + " was removed by " + moderator.user().username() + ".");
		}
		return hidden;
	}

	/** Refuses a connection from a banned address, before it may claim a name. */
	@Override
	public void checkAddress(String address) {
		if (bannedAddresses.contains(address)) {
			throw new Refusal(ErrorCode.BANNED, BANNED);
		}
	}

	/** Refuses a banned identity. */
	@Override
	public void checkIdentity(ChatUser user) {
		if (bannedIdentities.contains(user.identityId())) {
			throw new Refusal(ErrorCode.BANNED, BANNED);
		}
	}

	/**
	 * Whether the user may send now, given bans, mutes and slow mode; records the message
	 * if so. A banned identity is refused even on a connection that came in before the
	 * ban took hold.
	 * @return why not, or empty if it may
	 */
	public Optional<Refusal> mayNotSend(ChatUser user) {
		if (bannedIdentities.contains(user.identityId())) {
			return Optional.of(new Refusal(ErrorCode.BANNED, BANNED));
		}
		Instant now = clock.instant();
		Instant muted = mutedUntil.get(user.identityId());
		if (muted != null) {
			if (muted.isAfter(now)) {
				return Optional.of(new Refusal(ErrorCode.MUTED,
						"You are muted for " + describe(Duration.between(now, muted)) + " more."));
			}
			if (mutedUntil.remove(user.identityId(), muted)) {
				store.unmute(user.identityId());
			}
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

	/**
	 * The host's own machine is never banned by address: that would lock the host out.
	 */
	static boolean isLoopback(String address) {
		return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
	}

	/** The identity that holds {@code name}, or a refusal that says there is none. */
	public ChatUser holder(String name) {
		return identities.holder(name)
			.orElseThrow(() -> new Refusal(ErrorCode.NO_SUCH_USER, "No user is called \"" + name + "\"."));
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
