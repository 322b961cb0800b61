package lanchat.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import static lanchat.identity.IdentityStore.utc;

/**
 * Device tokens, by the SHA-256 hash of the token: never the token itself. Revoking one
 * deletes it, and a released name's tokens are deleted with the release.
 */
@Repository
class DeviceStore {

	/** How many ids one lookup asks about, so that its statement stays small. */
	private static final int LOOKUP_BATCH = 500;

	private final JdbcClient jdbc;

	DeviceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A token and the identity it proves, which must still hold its name. */
	record Match(long device, Identity identity) {
	}

	Optional<Match> findByHash(String tokenHash) {
		return jdbc
			.sql("SELECT d.id, " + IdentityStore.COLUMNS
					+ " FROM device_token d JOIN identity i ON i.id = d.identity_id"
					+ " WHERE d.token_hash = ? AND i.name_key IS NOT NULL")
			.param(tokenHash)
			.query((rs, row) -> new Match(rs.getLong(1), IdentityStore.toIdentity(rs, 2)))
			.optional();
	}

	long add(long identityId, String tokenHash, String label, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO device_token (identity_id, token_hash, label, created_at, last_used_at)"
				+ " VALUES (?, ?, ?, ?, ?)")
			.params(identityId, tokenHash, label, utc(now), utc(now))
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void used(long device, Instant now) {
		// never backwards: nodes of a cluster each write their own batches
		jdbc.sql("UPDATE device_token SET last_used_at = GREATEST(last_used_at, ?) WHERE id = ?")
			.params(utc(now), device)
			.update();
	}

	List<Device> of(long identityId) {
		return jdbc
			.sql("SELECT id, label, created_at, last_used_at FROM device_token WHERE identity_id = ?"
					+ " ORDER BY created_at, id")
			.param(identityId)
			.query((rs, row) -> new Device(rs.getLong(1), rs.getString(2),
					rs.getObject(3, OffsetDateTime.class).toInstant(),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

	/** Which of these ids no token has (any more). */
	Set<Long> missingAmong(Collection<Long> ids) {
		Set<Long> missing = new HashSet<>(ids);
		List<Long> all = List.copyOf(missing);
		for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
			missing.removeAll(jdbc.sql("SELECT id FROM device_token WHERE id IN (:ids)")
				.param("ids", all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH)))
				.query(Long.class)
				.set());
		}
		return missing;
	}

	/**
	 * @return whether the identity had that device
	 */
	boolean delete(long identityId, long device) {
		return jdbc.sql("DELETE FROM device_token WHERE id = ? AND identity_id = ?")
			.params(device, identityId)
			.update() > 0;
	}

	/**
	 * Deletes every token of the identity but {@code keep}; returns the ids of those it
	 * deleted.
	 */
	List<Long> deleteAllBut(long identityId, @Nullable Long keep) {
		List<Long> others = jdbc.sql("SELECT id FROM device_token WHERE identity_id = ?")
			.param(identityId)
			.query(Long.class)
			.list()
			.stream()
			.filter(id -> !id.equals(keep))
			.toList();
		others.forEach(id -> delete(identityId, id));
		return others;
	}

}
