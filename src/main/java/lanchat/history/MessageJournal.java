package lanchat.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import lanchat.LanchatProperties;
import lanchat.system.H2File;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps every stored message through a crash, so that H2 need not write its file at every
 * message. With {@code WRITE_DELAY=0} each message cost H2 a new chunk: the changed page
 * of each of the five trees a message row touches, serialised and written for one short
 * row (docs/benchmarks.md: about 40 % of the server's CPU at 100 messages a second). Here
 * the history writer commits a batch in H2's memory, appends its rows to this file, and
 * only then lets anyone see the messages; H2 writes its file once a second from its own
 * thread. Every other write is still written to H2's file at once
 * ({@link lanchat.system.StoredWrites}).
 * <p>
 * The file starts with a header (a mark and the newest id H2's file is known to hold, the
 * <em>floor</em>), then one record per message: its length, a CRC-32C and the row. It is
 * cut back to its header once H2 has written everything in it, every
 * {@value #CHECKPOINT_BYTES} bytes or {@link #CHECKPOINT_AGE} and when the server stops.
 * At start, rows newer than both the floor and the table's newest id are written back:
 * H2's file always holds everything up to some moment, so what a crash lost is the
 * newest. A record cut short by the crash was never acknowledged, and ends the reading.
 * <p>
 * The journal guards against what {@code WRITE_DELAY=0} did, a crash of the server: like
 * H2's file, it is written through the operating system's cache without waiting for the
 * disk. It is used only for the embedded H2 file database of a single node.
 */
@Component
class MessageJournal implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);

	static final String FILE_NAME = "messages.journal";

	/** "LCJ1". */
	private static final int MARK = 0x4c434a31;

	private static final int HEADER_BYTES = 12;

	private static final int MAX_RECORD_BYTES = 1 << 20;

	static final int CHECKPOINT_BYTES = 4 << 20;

	static final Duration CHECKPOINT_AGE = Duration.ofSeconds(10);

	private static final int REPLAY_BATCH = 500;

	private final Path file;

	private final HistoryStore store;

	private final H2File h2File;

	private final boolean wanted;

	private final Duration fileWriteEvery;

	private volatile @Nullable FileChannel channel;

	private long newestAppended;

	private long bytesSinceCheckpoint;

	private long checkpointedAt;

	private volatile boolean running;

	MessageJournal(LanchatProperties properties, HistoryStore store, H2File h2File, ObjectProvider<MessageIds> ids) {
		this.file = properties.dataDir().resolve(FILE_NAME);
		this.store = store;
		this.h2File = h2File;
		this.wanted = properties.history().journal() && ids.getIfAvailable() == null;
		this.fileWriteEvery = properties.history().fileWriteEvery();
	}

	/**
	 * Whether messages go through the journal: an H2 file on a single node, once started.
	 */
	boolean keeping() {
		return channel != null;
	}

	/**
	 * Appends stored rows, in id order. Returns once the operating system has them: from
	 * then on a crash of the server does not lose them.
	 * @return false when the journal is not (or no longer) keeping messages: then the
	 * caller has H2 write them
	 */
	synchronized boolean append(List<MessageRow> rows) throws IOException {
		FileChannel open = channel;
		if (open == null || rows.isEmpty()) {
			return false;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * rows.size());
		DataOutputStream out = new DataOutputStream(bytes);
		for (MessageRow row : rows) {
			byte[] record = encode(row);
			CRC32C crc = new CRC32C();
			crc.update(record);
			out.writeInt(record.length);
			out.writeInt((int) crc.getValue());
			out.write(record);
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
		while (buffer.hasRemaining()) {
			open.write(buffer);
		}
		newestAppended = rows.get(rows.size() - 1).id();
		bytesSinceCheckpoint += bytes.size();
		return true;
	}

	/**
	 * Cuts the journal back to its header once H2 has written all it holds, if it has
	 * grown past {@value #CHECKPOINT_BYTES} bytes or its first record is older than
	 * {@link #CHECKPOINT_AGE}.
	 */
	synchronized void checkpointIfDue() {
		if (channel != null && bytesSinceCheckpoint > 0 && (bytesSinceCheckpoint >= CHECKPOINT_BYTES
				|| System.nanoTime() - checkpointedAt >= CHECKPOINT_AGE.toNanos())) {
			checkpoint();
		}
	}

	/** Has H2 write everything to its file, then cuts the journal back to its header. */
	synchronized void checkpoint() {
		FileChannel open = channel;
		if (open == null) {
			return;
		}
		try {
			h2File.storeNow();
			startFile(open, newestAppended);
			bytesSinceCheckpoint = 0;
			checkpointedAt = System.nanoTime();
		}
		catch (IOException | RuntimeException ex) {
			// the records stay: written back at the next start if H2's file lacks them
			log.warn("Could not cut back the message journal: {}", ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		running = true;
		if (!wanted || !h2File.present()) {
			return;
		}
		try {
			long floor = writeBack();
			FileChannel open = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.READ);
			startFile(open, floor);
			newestAppended = floor;
			checkpointedAt = System.nanoTime();
			channel = open;
			h2File.storeEvery(fileWriteEvery);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the message journal " + file, ex);
		}
	}

	@Override
	public synchronized void stop() {
		running = false;
		FileChannel open = channel;
		if (open == null) {
			return;
		}
		checkpoint();
		channel = null;
		try {
			open.close();
		}
		catch (IOException ex) {
			log.warn("Could not close the message journal: {}", ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Starts before the history writer, which queues nothing until then, and stops after
	 * it.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 8192;
	}

	private static void startFile(FileChannel open, long floor) throws IOException {
		open.truncate(0);
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MARK).putLong(floor).flip();
		open.write(header, 0);
		open.position(HEADER_BYTES);
	}

	/**
	 * Writes back the rows that H2's file lost in a crash, and returns the newest id H2's
	 * file now holds.
	 */
	private long writeBack() throws IOException {
		long newestInTable = store.newestId();
		if (!Files.exists(file)) {
			return newestInTable;
		}
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
		long floor;
		try {
			if (in.readInt() != MARK) {
				log.warn("{} is not a message journal; it is left out and started again", file);
				return newestInTable;
			}
			floor = in.readLong();
		}
		catch (EOFException ex) {
			return newestInTable;
		}
		long after = Math.max(floor, newestInTable);
		List<MessageRow> lost = new ArrayList<>();
		for (MessageRow row = next(in); row != null; row = next(in)) {
			if (row.id() > after) {
				lost.add(row);
			}
		}
		if (lost.isEmpty()) {
			return after;
		}
		int written = 0;
		for (int from = 0; from < lost.size(); from += REPLAY_BATCH) {
			written += writeBack(lost.subList(from, Math.min(lost.size(), from + REPLAY_BATCH)));
		}
		long newest = lost.get(lost.size() - 1).id();
		store.idsAfter(newest);
		h2File.storeNow();
		log.info("History: {} messages the database file had not written yet were written back from {} (ids {}-{})",
				written, file, lost.get(0).id(), newest);
		return newest;
	}

	/**
	 * One batch; a row the table refuses alone is tried without its file, then left out.
	 */
	private int writeBack(List<MessageRow> rows) {
		try {
			store.insertRows(rows);
			return rows.size();
		}
		catch (DataAccessException batchRefused) {
			int written = 0;
			for (MessageRow row : rows) {
				for (MessageRow attempt : row.fileId() == null ? List.of(row) : List.of(row, row.withoutFile())) {
					try {
						store.insertRows(List.of(attempt));
						written++;
						break;
					}
					catch (DataAccessException refused) {
						log.warn("History: message {} from the journal could not be written back: {}", row.id(),
								refused.getMessage());
					}
				}
			}
			return written;
		}
	}

	/** The next whole record, or none at the end or at a record cut short. */
	private static @Nullable MessageRow next(DataInputStream in) throws IOException {
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
