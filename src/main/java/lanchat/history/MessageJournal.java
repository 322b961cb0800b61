package lanchat.history;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lanchat.LanchatProperties;
import lanchat.protocol.ServerMessage;
import lanchat.system.H2File;
import lanchat.system.PrivateFiles;
import lanchat.system.StoredWrites;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps every stored message through a crash, so that H2 need not write its file at every
 * message. With {@code WRITE_DELAY=0} each message cost H2 a new chunk: the changed page
 * of each of the five trees a message row touches, serialised and written for one short
 * row (docs/benchmarks.md: about 40 % of the server's CPU at 100 messages a second). Here
 * the history writer commits a batch in H2's memory, this appends its rows to the journal
 * file, and only then is anyone sent the messages; H2 writes its file once a second,
 * asked by a thread of ours ({@link H2File#storeEvery}). Every other write is still
 * written to H2's file at once ({@link StoredWrites}). As with {@code WRITE_DELAY=0}, a
 * history page read at the same moment may show a message a little before it is safe.
 * <p>
 * The file starts with a header: a mark, the database's own mark (a journal beside
 * another database is set aside, not written into it) and the newest id H2's file is
 * known to hold, the <em>floor</em>. Then come the rows ({@link JournalRecords}). The
 * journal is cut back to its header once H2 has written everything in it: every
 * {@value #CHECKPOINT_BYTES} bytes, {@link #CHECKPOINT_AGE} after its first record,
 * before retention deletes, and when the server stops. At start, rows newer than both the
 * floor and the table's newest id are written back with their ids: H2's file always holds
 * everything up to some moment, so what a crash lost is the newest.
 * <p>
 * Like H2's file, the journal is written through the operating system's cache without
 * waiting for the disk: it keeps messages through a crash of the server, as
 * {@code WRITE_DELAY=0} did, not through a crash of the machine. It is used only for the
 * embedded H2 file database of a single node.
 */
@Component
class MessageJournal implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);

	static final String FILE_NAME = "messages.journal";

	/** "LCJ1". */
	private static final int MARK = 0x4c434a31;

	static final int HEADER_BYTES = 20;

	static final int CHECKPOINT_BYTES = 4 << 20;

	static final Duration CHECKPOINT_AGE = Duration.ofSeconds(10);

	private final Path file;

	private final HistoryStore store;

	private final H2File h2File;

	private final StoredWrites storedWrites;

	private final LanchatProperties.History settings;

	private final boolean singleNode;

	private volatile @Nullable FileChannel channel;

	private long databaseMark;

	private long newestAppended;

	private long bytesSinceCheckpoint;

	/** When the first record since the last cut-back was appended ({@code nanoTime}). */
	private long firstRecordAt;

	private volatile boolean running;

	@Autowired
	MessageJournal(LanchatProperties properties, HistoryStore store, H2File h2File, StoredWrites storedWrites,
			ObjectProvider<MessageIds> ids) {
		this(properties, store, h2File, storedWrites, ids.getIfAvailable() == null);
	}

	MessageJournal(LanchatProperties properties, HistoryStore store, H2File h2File, StoredWrites storedWrites,
			boolean singleNode) {
		this.file = properties.dataDir().resolve(FILE_NAME);
		this.store = store;
		this.h2File = h2File;
		this.storedWrites = storedWrites;
		this.settings = properties.history();
		this.singleNode = singleNode;
	}

	/**
	 * Commits the messages and makes them survive a crash: through the journal while it
	 * keeps them, else by H2 writing its file at the commit. Returns them stored, with
	 * their ids, in order.
	 */
	List<ServerMessage> store(List<NewMessage> messages) {
		if (channel == null) {
			return store.insert(messages);
		}
		List<ServerMessage> stored = storedWrites.keptElsewhere(() -> store.insert(messages));
		List<MessageRow> rows = new ArrayList<>(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			rows.add(MessageRow.of(stored.get(i).id(), messages.get(i)));
		}
		if (!append(rows) && !h2File.storeNow()) {
			throw new IllegalStateException("neither the journal nor the database file took the messages");
		}
		return stored;
	}

	/**
	 * Appends stored rows, in id order. Returns once the operating system has them: from
	 * then on a crash of the server does not lose them.
	 * @return false when the journal does not keep them: then H2 has to write them
	 */
	synchronized boolean append(List<MessageRow> rows) {
		FileChannel open = channel;
		if (open == null || rows.isEmpty()) {
			return false;
		}
		long before = -1;
		try {
			ByteBuffer buffer = ByteBuffer.wrap(JournalRecords.encode(rows));
			before = open.position();
			while (buffer.hasRemaining()) {
				open.write(buffer);
			}
			if (bytesSinceCheckpoint == 0) {
				firstRecordAt = System.nanoTime();
			}
			newestAppended = rows.get(rows.size() - 1).id();
			bytesSinceCheckpoint += buffer.capacity();
			return true;
		}
		catch (IOException ex) {
			log.error("Could not append {} messages to the journal ({}); the database file keeps them instead",
					rows.size(), ex.toString());
			cutTornRecords(open, before);
			return false;
		}
	}

	/**
	 * A write that failed part-way must not leave a torn record in front of the next
	 * ones, which the reading would then never reach.
	 */
	private void cutTornRecords(FileChannel open, long before) {
		try {
			if (before >= 0) {
				open.truncate(before);
				open.position(before);
			}
		}
		catch (IOException ex) {
			log.error("The message journal cannot be written any more ({}); H2 writes its file at every message",
					ex.toString());
			channel = null;
			h2File.storeEvery(Duration.ZERO);
		}
	}

	/**
	 * Cuts the journal back to its header once H2 has written all it holds, if it has
	 * grown past {@value #CHECKPOINT_BYTES} bytes or its first record is older than
	 * {@link #CHECKPOINT_AGE}.
	 */
	synchronized void checkpointIfDue() {
		if (channel != null && bytesSinceCheckpoint > 0 && (bytesSinceCheckpoint >= CHECKPOINT_BYTES
				|| System.nanoTime() - firstRecordAt >= CHECKPOINT_AGE.toNanos())) {
			checkpoint();
		}
	}

	/**
	 * Has H2 write everything to its file, then cuts the journal back to its header.
	 * @return whether the journal now holds no message (also when there is none)
	 */
	synchronized boolean checkpoint() {
		FileChannel open = channel;
		if (open == null || bytesSinceCheckpoint == 0) {
			return true;
		}
		try {
			if (h2File.storeNow()) {
				startFile(open, newestAppended);
				bytesSinceCheckpoint = 0;
				return true;
			}
		}
		catch (IOException | RuntimeException ex) {
			// the records stay: written back at the next start if H2's file lacks them
			log.warn("Could not cut back the message journal: {}", ex.toString());
		}
		return false;
	}

	@Override
	public synchronized void start() {
		running = true;
		if (!singleNode || !h2File.present()) {
			return;
		}
		try {
			databaseMark = store.journalMark();
			long floor = writeBack();
			if (!settings.journal() || !h2File.storeEvery(settings.fileWriteEvery())) {
				Files.deleteIfExists(file);
				return;
			}
			FileChannel open = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.READ);
			PrivateFiles.file(file);
			startFile(open, floor);
			newestAppended = floor;
			channel = open;
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

	private void startFile(FileChannel open, long floor) throws IOException {
		open.truncate(0);
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MARK).putLong(databaseMark).putLong(floor).flip();
		open.write(header, 0);
		open.position(HEADER_BYTES);
	}

	/**
	 * Writes back the rows that H2's file lost in a crash, and returns the newest id the
	 * table now holds.
	 */
	private long writeBack() throws IOException {
		if (!Files.exists(file)) {
			return store.newestId();
		}
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
		long floor;
		try {
			if (in.readInt() != MARK || in.readLong() != databaseMark) {
				Path aside = file.resolveSibling(FILE_NAME + "." + System.currentTimeMillis() + ".other");
				Files.move(file, aside);
				log.warn("{} was not written beside this database; it is kept as {} and not written back", file, aside);
				return store.newestId();
			}
			floor = in.readLong();
		}
		catch (EOFException ex) {
			return store.newestId();
		}
		long after = Math.max(floor, store.newestId());
		List<MessageRow> lost = new ArrayList<>();
		for (MessageRow row = JournalRecords.next(in); row != null; row = JournalRecords.next(in)) {
			if (row.id() > after) {
				lost.add(row);
			}
		}
		if (lost.isEmpty()) {
			return store.newestId();
		}
		int written = LostMessages.writeBack(store, lost);
		long newest = lost.get(lost.size() - 1).id();
		h2File.storeNow();
		log.info("History: {} messages the database file had not written yet were written back from {} (ids {}-{})",
				written, file, lost.get(0).id(), newest);
		return store.newestId();
	}

}
