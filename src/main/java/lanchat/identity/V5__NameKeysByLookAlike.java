package lanchat.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import lanchat.security.LogText;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 5: held names get the keys {@link NamePolicy#key} gives now, which
 * compare look-alikes as one name (the confusable skeleton), where the keys before were
 * only case-folded. The keys are computed in Java, as names are compared in Java.
 * <p>
 * Two names held before may have one key now ({@code Alice} and {@code Аlice} with a
 * Cyrillic А, or {@code Tom} and {@code Torn}). The one taken first keeps it, as a name
 * belongs to whoever first used it; the other is released, as if it had been refused
 * then, and the log says so. Its holder chooses another name on their next visit; their
 * messages stay in history under the old one.
 * <p>
 * The keys change whenever the confusables table ({@link #CONFUSABLES_SHA256}) or the way
 * keys are computed does; each such change needs a migration of its own that calls
 * {@link #recomputeKeys} (a test fails when the table changes without one).
 */
@Component
class V5__NameKeysByLookAlike extends BaseJavaMigration {

	/**
	 * The SHA-256 of {@code lanchat/protocol/confusables.txt} whose keys this migration
	 * computes.
	 */
	static final String CONFUSABLES_SHA256 = "711f803e391c6dd1a1a746e4b84b748060a17544d4290475fde5f88ef3e9a0a6";

	private static final Logger log = LoggerFactory.getLogger(V5__NameKeysByLookAlike.class);

	@Override
	public void migrate(Context context) throws SQLException {
		recomputeKeys(context.getConnection(), Instant.now());
	}

	/**
	 * Gives every held name its current key; of names whose keys meet, all but the first
	 * taken are released.
	 */
	static void recomputeKeys(Connection connection, Instant now) throws SQLException {
		record Held(long id, String name, String key) {
		}
		List<Held> held = new ArrayList<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT id, name FROM identity WHERE name_key IS NOT NULL ORDER BY created_at, id");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				held.add(new Held(rows.getLong(1), rows.getString(2), NamePolicy.key(rows.getString(2))));
			}
		}
		// all keys are let go first, so that no new key meets an old one still in place
		try (PreparedStatement clear = connection
			.prepareStatement("UPDATE identity SET name_key = NULL WHERE name_key IS NOT NULL")) {
			clear.executeUpdate();
		}
		Map<String, Held> first = new HashMap<>();
		try (PreparedStatement keep = connection.prepareStatement("UPDATE identity SET name_key = ? WHERE id = ?");
				PreparedStatement release = connection
					.prepareStatement("UPDATE identity SET released_at = ? WHERE id = ?")) {
			for (Held name : held) {
				Held earlier = first.putIfAbsent(name.key(), name);
				if (earlier == null) {
					keep.setString(1, name.key());
					keep.setLong(2, name.id());
					keep.executeUpdate();
				}
				else {
					release.setObject(1, now.atOffset(ZoneOffset.UTC));
					release.setLong(2, name.id());
					release.executeUpdate();
					log.warn(
							"Released the name {} (identity {}): it looks like {}, which was taken first; its holder "
									+ "chooses another name next time",
							LogText.of(name.name()), name.id(), LogText.of(earlier.name()));
				}
			}
		}
	}

}
