package lanchat.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * How the message journal writes rows: per row its length, a CRC-32C and the row's
 * columns. A record cut short, or whose check does not match, ends the reading: a crash
 * while it was being written came before anyone was told of it.
 */
final class JournalRecords {

	/**
	 * The largest record: the {@code content} column's million characters, two bytes each
	 * as written here, and the rest of the row.
	 */
	static final int MAX_RECORD_BYTES = 2_100_000;

	private JournalRecords() {
	}

	/** The rows as one run of records. */
	static byte[] encode(List<MessageRow> rows) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * rows.size());
		DataOutputStream out = new DataOutputStream(bytes);
		for (MessageRow row : rows) {
			byte[] record = encode(row);
			if (record.length > MAX_RECORD_BYTES) {
				throw new IOException("message " + row.id() + " is too large for the journal");
			}
			CRC32C crc = new CRC32C();
			crc.update(record);
			out.writeInt(record.length);
			out.writeInt((int) crc.getValue());
			out.write(record);
		}
		return bytes.toByteArray();
	}

	/** The next whole record, or none at the end or at a record cut short. */
	static @Nullable MessageRow next(DataInputStream in) throws IOException {
		try {
			int length = in.readInt();
			int crc = in.readInt();
			if (length <= 0 || length > MAX_RECORD_BYTES || in.available() < length) {
				return null;
			}
			byte[] record = in.readNBytes(length);
			CRC32C check = new CRC32C();
			check.update(record);
			return (int) check.getValue() == crc ? decode(record) : null;
		}
		catch (EOFException ex) {
			return null;
		}
	}

	private static byte[] encode(MessageRow row) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + row.content().length() * 2);
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeLong(row.id());
		out.writeUTF(row.type());
		out.writeLong(row.senderId());
		out.writeUTF(row.senderName());
		out.writeBoolean(row.recipientId() != null);
		if (row.recipientId() != null) {
			out.writeLong(row.recipientId());
			out.writeUTF(row.recipientName());
		}
		// as UTF-16 code units: any Java string comes back the same, lone surrogates too
		out.writeInt(row.content().length());
		out.writeChars(row.content());
		out.writeBoolean(row.action());
		out.writeLong(row.createdAt().getEpochSecond());
		out.writeInt(row.createdAt().getNano());
		out.writeBoolean(row.delivered());
		out.writeBoolean(row.fileId() != null);
		if (row.fileId() != null) {
			out.writeUTF(row.fileId());
		}
		return bytes.toByteArray();
	}

	private static MessageRow decode(byte[] record) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
		long id = in.readLong();
		String type = in.readUTF();
		long senderId = in.readLong();
		String senderName = in.readUTF();
		Long recipientId = null;
		String recipientName = null;
		if (in.readBoolean()) {
			recipientId = in.readLong();
			recipientName = in.readUTF();
		}
		char[] content = new char[in.readInt()];
		for (int i = 0; i < content.length; i++) {
			content[i] = in.readChar();
		}
		boolean action = in.readBoolean();
		Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
		boolean delivered = in.readBoolean();
		String fileId = in.readBoolean() ? in.readUTF() : null;
		return new MessageRow(id, type, senderId, senderName, recipientId, recipientName, new String(content), action,
				createdAt, delivered, fileId);
	}

}
