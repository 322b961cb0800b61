package lanchat.moderation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bans, mutes, slow mode, who is a moderator and the moderator secret's hash, in the
 * database so that they survive restarts and every node of a cluster reads the same; and
 * recent kicks, for nodes that missed their notice.
 */
@Repository
class ModerationStore {

	private static final String SECRET = "moderator-secret-hash";

	private static final String SLOW_MODE = "slow-mode-seconds";

	private static final Logger log = LoggerFactory.getLogger(ModerationStore.class);

	private final JdbcClient jdbc;

	ModerationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> secretHash() {
		return setting(SECRET);
	}

	void saveSecretHash(String hash) {
		saveSetting(SECRET, hash);
	}

	/** The room's slow mode, kept so that a restart or another node does not lose it. */
	Duration slowMode() {
		Optional<String> seconds = setting(SLOW_MODE);
		try {
			return seconds.map(Long::parseLong).map(Duration::ofSeconds).orElse(Duration.ZERO);
		}
		catch (NumberFormatException ex) {
			log.warn("Slow mode is off: the stored setting {} is not a number of seconds", LogText.of(seconds.get()));
			return Duration.ZERO;
		}
	}

	void saveSlowMode(Duration gap) {
		saveSetting(SLOW_MODE, Long.toString(gap.toSeconds()));
	}

	private Optional<String> setting(String name) {
		return jdbc.sql("SELECT setting_value FROM setting WHERE setting_name = ?")
			.param(name)
			.query(String.class)
			.optional();
	}

	private void saveSetting(String name, String value) {
		if (updateSetting(name, value)) {
			return;
		}
		try {
			jdbc.sql("INSERT INTO setting (setting_name, setting_value) VALUES (?, ?)").params(name, value).update();
		}
		catch (DuplicateKeyException insertedMeanwhile) {
			// by another node or moderator at the same moment: the later one wins
			updateSetting(name, value);
		}
	}

	private boolean updateSetting(String name, String value) {
		return jdbc.sql("UPDATE setting SET setting_value = ? WHERE setting_name = ?").params(value, name).update() > 0;
	}

	void ban(long identityId, Collection<String> addresses, String name, Instant now) {
		if (addresses.isEmpty()) {
			insertBan(identityId, null, name, now);
		}
		for (String address : addresses) {
			insertBan(identityId, address, name, now);
		}
	}

	private void insertBan(long identityId, String address, String name, Instant now) {
		jdbc.sql("INSERT INTO ban (identity_id, address, name, created_at) VALUES (?, ?, ?, ?)")
			.params(identityId, address, name, now.atOffset(ZoneOffset.UTC))
			.update();
	}

	/**
	 * @return how many ban entries were lifted
	 */
	int unban(long identityId) {
		return jdbc.sql("DELETE FROM ban WHERE identity_id = ?").param(identityId).update();
	}

	List<Long> bannedIdentities() {
		return jdbc.sql("SELECT DISTINCT identity_id FROM ban WHERE identity_id IS NOT NULL").query(Long.class).list();
	}

	List<String> bannedAddresses() {
		return jdbc.sql("SELECT DISTINCT address FROM ban WHERE address IS NOT NULL").query(String.class).list();
	}

	boolean isModerator(long identityId) {
		return jdbc.sql("SELECT moderator FROM identity WHERE id = ?")
			.param(identityId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	void setModerator(long identityId, boolean moderator) {
		jdbc.sql("UPDATE identity SET moderator = ? WHERE id = ?").params(moderator, identityId).update();
	}

	Map<Long, Instant> mutes() {
		return byIdentity(jdbc.sql("SELECT identity_id, muted_until FROM mute"));
	}

	void mute(long identityId, Instant until) {
		unmute(identityId);
		jdbc.sql("INSERT INTO mute (identity_id, muted_until) VALUES (?, ?)")
			.params(identityId, until.atOffset(ZoneOffset.UTC))
			.update();
	}

	void unmute(long identityId) {
		jdbc.sql("DELETE FROM mute WHERE identity_id = ?").param(identityId).update();
	}

	/** The database's clock, which every node of a cluster shares. */
	Instant now() {
		return jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single().toInstant();
	}

	/**
	 * Notes a kick for the other nodes of a cluster; a second kick of the same identity
	 * at the same instant is the same kick.
	 */
	void kick(long identityId, Instant at) {
		try {
			jdbc.sql("INSERT INTO kick (identity_id, kicked_at) VALUES (?, ?)")
				.params(identityId, at.atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (DuplicateKeyException sameKick) {
			// noted already
		}
	}

	/** The kicks made since {@code since}, by identity: the latest of each. */
	Map<Long, Instant> kicksSince(Instant since) {
		return byIdentity(
				jdbc.sql("SELECT identity_id, MAX(kicked_at) FROM kick WHERE kicked_at >= ? GROUP BY identity_id")
					.param(since.atOffset(ZoneOffset.UTC)));
	}

	void forgetKicksBefore(Instant cutoff) {
		jdbc.sql("DELETE FROM kick WHERE kicked_at < ?").param(cutoff.atOffset(ZoneOffset.UTC)).update();
	}

	/**
	 * @return whether a message with that id existed and is now hidden
	 */
	boolean hideMessage(long messageId) {
		return jdbc.sql("UPDATE message SET hidden = TRUE WHERE id = ?").param(messageId).update() > 0;
	}

	/** Rows of an identity id and an instant, as a map. */
	private static Map<Long, Instant> byIdentity(JdbcClient.StatementSpec query) {
		return query.query((rs, row) -> Map.entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
