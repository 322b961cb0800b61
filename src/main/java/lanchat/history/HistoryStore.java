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
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages in the database: written in batches, read in pages of what one identity may
 * see (public messages and its own private ones).
 */
@Repository
class HistoryStore {

	/** A message and the file it carries, if any. */
	private static final String COLUMNS = "m.id, m.type, m.sender_name, m.recipient_name, m.content, m.action,"
			+ " m.created_at, u.id, u.name, u.byte_size, u.media_type, u.thumbnail_id, u.width, u.height"
			+ " FROM message m LEFT JOIN upload u ON u.id = m.file_id";

	private static final String VISIBLE = "m.hidden = FALSE AND (m.recipient_id IS NULL OR m.sender_id = :me OR m.recipient_id = :me)";

	private static final String INSERT_WITH_ID = "INSERT INTO message (type, sender_id, sender_name, recipient_id,"
			+ " recipient_name, content, action, created_at, delivered, file_id, id)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String JOURNAL_MARK = "message-journal";

	private static final RowMapper<ServerMessage> ROW = HistoryStore::toMessage;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transactions;

	/**
	 * Ids taken inside each batch's transaction, on several nodes; {@code null}: the
	 * identity column's.
	 */
	private final @Nullable MessageIds ids;

	@Autowired
	HistoryStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions,
			ObjectProvider<MessageIds> ids) {
		this(jdbc, template, transactions, ids.getIfAvailable());
	}

	HistoryStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, @Nullable MessageIds ids) {
		this.jdbc = jdbc;
		this.template = template;
		this.transactions = transactions;
		this.ids = ids;
	}

	/**
	 * Writes a batch in one transaction and returns the stored messages, in the batch's
	 * order, with the ids the database gave them.
	 */
	List<ServerMessage> insert(List<NewMessage> batch) {
		if (ids != null) {
			return insertWithIds(batch, ids);
		}
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		transactions.executeWithoutResult(status -> template.batchUpdate(connection -> connection.prepareStatement(
				"INSERT INTO message (type, sender_id, sender_name, recipient_id, recipient_name, content, action,"
						+ " created_at, delivered, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				new String[] { "id" }), new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						setColumns(ps, MessageRow.of(0, batch.get(i)));
					}

					@Override
					public int getBatchSize() {
						return batch.size();
					}
				}, keys));
		List<ServerMessage> stored = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			long id = ((Number) keys.getKeyList().get(i).values().iterator().next()).longValue();
			stored.add(asStored(id, batch.get(i)));
		}
		return stored;
	}

	/**
	 * As {@link #insert}, with ids reserved in the transaction: writers on several nodes
	 * are serialised by the reservation, so they commit in id order and committed ids
	 * have no gaps.
	 */
	private List<ServerMessage> insertWithIds(List<NewMessage> batch, MessageIds reserved) {
		long first = transactions.execute(status -> {
			long start = reserved.reserve(batch.size()) - batch.size() + 1;
			List<MessageRow> rows = new ArrayList<>(batch.size());
			for (int i = 0; i < batch.size(); i++) {
				rows.add(MessageRow.of(start + i, batch.get(i)));
			}
			insertWithIds(rows);
			return start;
		});
		List<ServerMessage> stored = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			stored.add(asStored(first + i, batch.get(i)));
		}
		return stored;
	}

	private static void setColumns(PreparedStatement ps, MessageRow row) throws SQLException {
		ps.setString(1, row.type());
		ps.setLong(2, row.senderId());
		ps.setString(3, row.senderName());
		ps.setObject(4, row.recipientId(), java.sql.Types.BIGINT);
		ps.setObject(5, row.recipientName(), java.sql.Types.VARCHAR);
		ps.setString(6, row.content());
		ps.setBoolean(7, row.action());
		ps.setObject(8, utc(row.createdAt()));
		ps.setBoolean(9, row.delivered());
		ps.setString(10, row.fileId());
	}

	/**
	 * Writes rows back with the ids they had, in one transaction: what the journal kept
	 * of messages the file lost in a crash.
	 */
	void insertRows(List<MessageRow> rows) {
		transactions.executeWithoutResult(status -> insertWithIds(rows));
	}

	private void insertWithIds(List<MessageRow> rows) {
		template.batchUpdate(INSERT_WITH_ID, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				setColumns(ps, rows.get(i));
				ps.setLong(11, rows.get(i).id());
			}

			@Override
			public int getBatchSize() {
				return rows.size();
			}
		});
	}

	/**
	 * This database's mark, which the message journal writes in its header so that a
	 * journal is only ever written back into the database it was written beside.
	 */
	long journalMark() {
		return jdbc.sql("SELECT setting_value FROM setting WHERE setting_name = ?")
			.param(JOURNAL_MARK)
			.query(String.class)
			.optional()
			.map(Long::parseLong)
			.orElseGet(() -> {
				long mark = new java.security.SecureRandom().nextLong();
				jdbc.sql("INSERT INTO setting (setting_name, setting_value) VALUES (?, ?)")
					.params(JOURNAL_MARK, Long.toString(mark))
					.update();
				return mark;
			});
	}

	/** The newest message id in the table; 0 when there is none. */
	long newestId() {
		return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM message").query(Long.class).single();
	}

	/**
	 * Makes the id column go on after {@code id}: after a crash H2 may have noted less of
	 * it than the journal gave out.
	 */
	void idsAfter(long id) {
		jdbc.sql("ALTER TABLE message ALTER COLUMN id RESTART WITH " + (id + 1)).update();
	}

	private static ServerMessage asStored(long id, NewMessage message) {
		ChatUser recipient = message.recipient();
		return ServerMessage
			.stored(id, message.type().wireName(), message.sender().username(),
					recipient == null ? null : recipient.username(), message.content(), message.action(),
					message.createdAt())
			.withFile(message.file());
	}

	/**
	 * The newest {@code limit} messages visible to {@code me} with an id below
	 * {@code before}.
	 */
	List<ServerMessage> before(ChatUser me, long before, int limit) {
		List<ServerMessage> page = jdbc
			.sql("SELECT " + COLUMNS + " WHERE " + VISIBLE + " AND m.id < :before ORDER BY m.id DESC" + " LIMIT :limit")
			.param("me", me.identityId())
			.param("before", before)
			.param("limit", limit)
			.query(ROW)
			.list();
		List<ServerMessage> oldestFirst = new ArrayList<>(page);
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	/**
	 * The oldest {@code limit} messages visible to {@code me} with an id above
	 * {@code after}.
	 */
	List<ServerMessage> after(ChatUser me, long after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " WHERE " + VISIBLE + " AND m.id > :after ORDER BY m.id LIMIT :limit")
			.param("me", me.identityId())
			.param("after", after)
			.param("limit", limit)
			.query(ROW)
			.list();
	}

	/**
	 * Every message with an id above {@code after} and at most {@code upTo}, oldest
	 * first, with whom it is for: what a node of a cluster missed from the others.
	 */
	List<StoredMessage> between(long after, long upTo) {
		return jdbc
			.sql("SELECT " + COLUMNS.replace(" FROM", ", m.sender_id, m.recipient_id FROM")
					+ " WHERE m.hidden = FALSE AND m.id > :after AND m.id <= :upTo ORDER BY m.id")
			.param("after", after)
			.param("upTo", upTo)
			.query((rs, row) -> new StoredMessage(toMessage(rs, row), rs.getLong(15), rs.getObject(16, Long.class)))
			.list();
	}

	/**
	 * Private messages that reached {@code recipient} while it was offline, oldest first.
	 */
	List<ServerMessage> undelivered(ChatUser recipient) {
		return jdbc
			.sql("SELECT " + COLUMNS
					+ " WHERE m.recipient_id = ? AND m.delivered = FALSE AND m.hidden = FALSE ORDER BY m.id")
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
		return fileId == null ? message : message.withFile(Attachment.of(fileId, rs.getString(9), rs.getLong(10),
				rs.getString(11), rs.getString(12), rs.getObject(13, Integer.class), rs.getObject(14, Integer.class)));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
