package lanchat.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Held names in the database. A released identity keeps its row (its messages point to
 * it) but loses its name key, so the name can be taken again by a new identity.
 */
@Repository
class IdentityStore {

	static final String COLUMNS = "i.id, i.name, i.password_hash, i.last_seen_at";

	private final JdbcClient jdbc;

	IdentityStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Identity> findByKey(String nameKey) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM identity i WHERE i.name_key = ?")
			.param(nameKey)
			.query((rs, row) -> toIdentity(rs, 1))
			.optional();
	}

	/** Reads the {@link #COLUMNS} that start at column {@code first}. */
	static Identity toIdentity(ResultSet rs, int first) throws SQLException {
		return new Identity(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
				rs.getObject(first + 3, OffsetDateTime.class).toInstant());
	}

	Identity create(String name, String nameKey, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO identity (name, name_key, created_at, last_seen_at) VALUES (?, ?, ?, ?)")
			.params(name, nameKey, utc(now), utc(now))
			.update(keys, "id");
		long id = keys.getKeyAs(Number.class).longValue();
		return new Identity(id, name, null, now);
	}

	void release(long id, Instant now) {
		jdbc.sql("UPDATE identity SET name_key = NULL, released_at = ? WHERE id = ?").params(utc(now), id).update();
	}

	/** Notes a time seen, unless a later one is noted already (by another node, say). */
	void touch(long id, Instant now) {
		jdbc.sql("UPDATE identity SET last_seen_at = GREATEST(last_seen_at, ?) WHERE id = ?")
			.params(utc(now), id)
			.update();
	}

	void setPassword(long id, @Nullable String passwordHash) {
		jdbc.sql("UPDATE identity SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
