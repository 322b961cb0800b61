package lanchat.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Held names in the database. A released identity keeps its row (its messages point to it) but loses
 * its name key, so the name can be taken again by a new identity.
 */
@Repository
class IdentityStore {

	private final JdbcClient jdbc;

	IdentityStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final String SELECT = "SELECT id, name, token_hash, password_hash, last_seen_at FROM identity";

	Optional<Identity> findByKey(String nameKey) {
		return jdbc.sql(SELECT + " WHERE name_key = ?").param(nameKey).query(IdentityStore::toIdentity).optional();
	}

	/** The identity, still holding its name, whose token has this hash. */
	Optional<Identity> findByTokenHash(String tokenHash) {
		return jdbc.sql(SELECT + " WHERE token_hash = ? AND name_key IS NOT NULL")
			.param(tokenHash)
			.query(IdentityStore::toIdentity)
			.optional();
	}

	private static Identity toIdentity(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Identity(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getObject(5, OffsetDateTime.class).toInstant());
	}

	Identity create(String name, String nameKey, String tokenHash, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO identity (name, name_key, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")
			.params(name, nameKey, tokenHash, utc(now), utc(now))
			.update(keys, "id");
		long id = keys.getKeyAs(Number.class).longValue();
		return new Identity(id, name, tokenHash, null, now);
	}

	void release(long id, Instant now) {
		jdbc.sql("UPDATE identity SET name_key = NULL, released_at = ? WHERE id = ?").params(utc(now), id).update();
	}

	void touch(long id, Instant now) {
		jdbc.sql("UPDATE identity SET last_seen_at = ? WHERE id = ?").params(utc(now), id).update();
	}

	void setPassword(long id, @Nullable String passwordHash) {
		jdbc.sql("UPDATE identity SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
