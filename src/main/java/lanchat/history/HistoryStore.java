package lanchat.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import lanchat.identity.ChatUser;
import lanchat.protocol.Attachment;
import lanchat.protocol.ServerMessage;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages in the database: written in batches, read in pages of what one identity may see (public
 * messages and its own private ones).
 */
@Repository
class HistoryStore {

	/** A message and the file it carries, if any. */
	private static final String COLUMNS = "m.id, m.type, m.sender_name, m.recipient_name, m.content, m.action,"
			+ " m.created_at, u.id, u.name, u.byte_size, u.media_type, u.thumbnail_id, u.width, u.height"
			+ " FROM message m LEFT JOIN upload u ON u.id = m.file_id";

	private static final String VISIBLE = "m.hidden = FALSE AND (m.recipient_id IS NULL OR m.sender_id = :me OR m.recipient_id = :me)";

	private static final RowMapper<ServerMessage> ROW = HistoryStore::toMessage;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transactions;

	HistoryStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.template = template;
		this.transactions = transactions;
	}

	/**
	 * Writes a batch in one transaction and returns the stored messages, in the batch's order, with the
	 * ids the database gave them.
	 */
	List<ServerMessage> insert(List<NewMessage> batch) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		transactions.executeWithoutResult(status -> template.batchUpdate(connection -> connection.prepareStatement(
				"INSERT INTO message (type, sender_id, sender_name, recipient_id, recipient_name, content, action,"
						+ " created_at, delivered, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				new String[] { "id" }), new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						NewMessage message = batch.get(i);
						ps.setString(1, message.type().wireName());
						ps.setLong(2, message.sender().identityId());
						ps.setString(3, message.sender().username());
						if (message.recipient() == null) {
							ps.setNull(4, java.sql.Types.BIGINT);
							ps.setNull(5, java.sql.Types.VARCHAR);
						}
						else {
							ps.setLong(4, message.recipient().identityId());
							ps.setString(5, message.recipient().username());
						}
						ps.setString(6, message.content());
						ps.setBoolean(7, message.action());
						ps.setObject(8, utc(message.createdAt()));
						ps.setBoolean(9, message.delivered());
						ps.setString(10, message.file() == null ? null : message.file().id());
					}

					@Override
					public int getBatchSize() {
						return batch.size();
					}
				}, keys));
		List<ServerMessage> stored = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			NewMessage message = batch.get(i);
			long id = ((Number) keys.getKeyList().get(i).values().iterator().next()).longValue();
			ChatUser recipient = message.recipient();
			stored.add(ServerMessage.stored(id, message.type().wireName(), message.sender().username(),
					recipient == null ? null : recipient.username(), message.content(), message.action(),
					message.createdAt()).withFile(message.file()));
		}
		return stored;
	}

	/** The newest {@code limit} messages visible to {@code me} with an id below {@code before}. */
	List<ServerMessage> before(ChatUser me, long before, int limit) {
		List<ServerMessage> page = jdbc
			.sql("SELECT " + COLUMNS + " WHERE " + VISIBLE + " AND m.id < :before ORDER BY m.id DESC"
					+ " LIMIT :limit")
			.param("me", me.identityId())
			.param("before", before)
			.param("limit", limit)
			.query(ROW)
			.list();
		List<ServerMessage> oldestFirst = new ArrayList<>(page);
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	/** The oldest {@code limit} messages visible to {@code me} with an id above {@code after}. */
	List<ServerMessage> after(ChatUser me, long after, int limit) {
		return jdbc
			.sql("SELECT " + COLUMNS + " WHERE " + VISIBLE + " AND m.id > :after ORDER BY m.id LIMIT :limit")
			.param("me", me.identityId())
			.param("after", after)
			.param("limit", limit)
			.query(ROW)
			.list();
	}

	/** Private messages that reached {@code recipient} while it was offline, oldest first. */
	List<ServerMessage> undelivered(ChatUser recipient) {
		return jdbc
			.sql("SELECT " + COLUMNS + " WHERE m.recipient_id = ? AND m.delivered = FALSE AND m.hidden = FALSE ORDER BY m.id")
			.param(recipient.identityId())
			.query(ROW)
			.list();
	}

	void markDelivered(ChatUser recipient, long upToId) {
		jdbc.sql("UPDATE message SET delivered = TRUE WHERE recipient_id = ? AND delivered = FALSE AND id <= ?")
			.params(recipient.identityId(), upToId)
			.update();
	}

	/** Deletes messages older than {@code cutoff}; returns how many. */
	int deleteOlderThan(Instant cutoff) {
		return jdbc.sql("DELETE FROM message WHERE created_at < ?").param(utc(cutoff)).update();
	}

	/** Deletes the oldest messages beyond the newest {@code keep}; returns how many. */
	int deleteBeyond(long keep) {
		Long newestToDelete = jdbc.sql("SELECT id FROM message ORDER BY id DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")
			.param(keep)
			.query(Long.class)
			.optional()
			.orElse(null);
		return newestToDelete == null ? 0
				: jdbc.sql("DELETE FROM message WHERE id <= ?").param(newestToDelete).update();
	}

	long count() {
		return jdbc.sql("SELECT COUNT(*) FROM message").query(Long.class).single();
	}

	private static ServerMessage toMessage(ResultSet rs, int row) throws SQLException {
		ServerMessage message = ServerMessage.stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class).toInstant());
		String fileId = rs.getString(8);
		return fileId == null ? message
				: message.withFile(Attachment.of(fileId, rs.getString(9), rs.getLong(10), rs.getString(11),
						rs.getString(12), rs.getObject(13, Integer.class), rs.getObject(14, Integer.class)));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
