package lanchat.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import lanchat.protocol.Attachment;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code upload} table: one row per upload, from its arrival until its message is
 * gone.
 */
@Repository
class FileRepository {

	private static final String VISIBLE_MESSAGE = "EXISTS (SELECT 1 FROM message m WHERE m.file_id = u.id AND m.hidden = FALSE)";

	private final JdbcClient jdbc;

	FileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredFile file) {
		jdbc.sql("INSERT INTO upload (id, thumbnail_id, uploader_id, name, byte_size, media_type, content_hash,"
				+ " thumbnail_hash, width, height, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(file.id(), file.thumbnailId(), file.uploaderId(), file.name(), file.size(), file.mediaType(),
					file.contentHash(), file.thumbnailHash(), file.width(), file.height(), utc(file.uploadedAt()))
			.update();
	}

	/**
	 * Takes an upload for a message, once: only its uploader, only if it arrived after
	 * {@code notBefore} and no message has taken it yet.
	 */
	Optional<Attachment> claim(String id, long uploaderId, Instant notBefore, Instant now) {
		int claimed = jdbc
			.sql("UPDATE upload SET claimed_at = ? WHERE id = ? AND uploader_id = ? AND claimed_at IS NULL"
					+ " AND uploaded_at >= ?")
			.params(utc(now), id, uploaderId, utc(notBefore))
			.update();
		if (claimed == 0) {
			return Optional.empty();
		}
		return jdbc.sql("SELECT id, name, byte_size, media_type, thumbnail_id, width, height FROM upload WHERE id = ?")
			.param(id)
			.query((rs, row) -> attachment(rs, 1))
			.optional();
	}

	/**
	 * Gives a claimed upload back when its message could not be stored, so it can be sent
	 * again.
	 */
	void release(String id) {
		jdbc.sql(
				"UPDATE upload SET claimed_at = NULL WHERE id = ? AND NOT EXISTS (SELECT 1 FROM message WHERE file_id = ?)")
			.params(id, id)
			.update();
	}

	/**
	 * What to serve at {@code /files/<id>/...}: a sent file by its id, or its thumbnail
	 * by the thumbnail's.
	 */
	Optional<Served> servable(String id) {
		Optional<Served> file = jdbc
			.sql("SELECT content_hash, name, media_type, width FROM upload u WHERE u.id = ? AND " + VISIBLE_MESSAGE)
			.param(id)
			.query((rs, row) -> new Served(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4) != null))
			.optional();
		if (file.isPresent()) {
			return file;
		}
		return jdbc.sql("SELECT thumbnail_hash, name FROM upload u WHERE u.thumbnail_id = ? AND " + VISIBLE_MESSAGE)
			.param(id)
			.query((rs, row) -> new Served(rs.getString(1), rs.getString(2), null, true))
			.optional();
	}

	/** Deletes uploads never sent that arrived before {@code cutoff}. */
	int deleteUnsent(Instant cutoff) {
		return jdbc.sql("DELETE FROM upload WHERE claimed_at IS NULL AND uploaded_at < ?").param(utc(cutoff)).update();
	}

	/**
	 * Deletes sent uploads whose message is gone (retention) or hidden ({@code /clear});
	 * those claimed after {@code cutoff} are left alone, as their message may still be on
	 * its way into history.
	 */
	int deleteOrphans(Instant cutoff) {
		return jdbc.sql("DELETE FROM upload u WHERE u.claimed_at < ? AND NOT " + VISIBLE_MESSAGE)
			.param(utc(cutoff))
			.update();
	}

	/** The hashes of every stored blob some upload still needs. */
	Set<String> referencedHashes() {
		Set<String> hashes = new HashSet<>(jdbc.sql("SELECT content_hash FROM upload").query(String.class).list());
		hashes.addAll(jdbc.sql("SELECT thumbnail_hash FROM upload WHERE thumbnail_hash IS NOT NULL")
			.query(String.class)
			.list());
		return hashes;
	}

	/**
	 * Reads the attachment columns
	 * {@code id, name, byte_size, media_type, thumbnail_id, width, height}.
	 */
	static Attachment attachment(ResultSet rs, int first) throws SQLException {
		return Attachment.of(rs.getString(first), rs.getString(first + 1), rs.getLong(first + 2),
				rs.getString(first + 3), rs.getString(first + 4), (Integer) rs.getObject(first + 5, Integer.class),
				(Integer) rs.getObject(first + 6, Integer.class));
	}

	private static Object utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * An upload as stored.
	 *
	 * @param width {@code null} for anything but an image shown inline
	 */
	record StoredFile(String id, @Nullable String thumbnailId, long uploaderId, String name, long size,
			String mediaType, String contentHash, @Nullable String thumbnailHash, @Nullable Integer width,
			@Nullable Integer height, Instant uploadedAt) {
	}

	/**
	 * @param hash the blob to send
	 * @param name the file's name
	 * @param mediaType its type when it is an image; {@code null} for a thumbnail, whose
	 * type its bytes say
	 * @param inline whether it is an image shown in the page
	 */
	record Served(String hash, String name, @Nullable String mediaType, boolean inline) {
	}

}
