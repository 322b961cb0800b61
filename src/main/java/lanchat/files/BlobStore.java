package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import lanchat.LanchatProperties;
import lanchat.system.PrivateFiles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The bytes of stored files on disk, under {@code <data-dir>/files}:
 * {@code blobs/ab/abcd...} named by the SHA-256 of their content, so identical files are
 * kept once, and {@code incoming/} for uploads under way. A blob appears only by an
 * atomic rename of a complete file, so a half-written upload is never served; whatever is
 * left in {@code incoming/} after a crash is deleted on start.
 */
@Component
class BlobStore {

	private static final Logger log = LoggerFactory.getLogger(BlobStore.class);

	private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

	private final Path blobs;

	private final Path incoming;

	/**
	 * Held while a blob is kept and its row written, and while the sweep decides what to
	 * delete.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicLong used = new AtomicLong();

	/**
	 * Every node of a cluster that shares the directory; {@code null} on a single node.
	 */
	private final @Nullable SharedStorage shared;

	BlobStore(LanchatProperties properties) throws IOException {
		this(properties.dataDir().resolve("files"), null);
	}

	@Autowired
	BlobStore(LanchatProperties properties, FilesProperties files, ObjectProvider<SharedStorage> shared)
			throws IOException {
		this(files.dir() != null ? files.dir() : properties.dataDir().resolve("files"), shared.getIfAvailable());
	}

	private BlobStore(Path directory, @Nullable SharedStorage shared) throws IOException {
		this.shared = shared;
		// private messages' files too: only the server's user may read them (0700
		// directories, 0600 files)
		Path root = PrivateFiles.directory(directory);
		this.blobs = PrivateFiles.directory(root.resolve("blobs"));
		Path allIncoming = PrivateFiles.directory(root.resolve("incoming"));
		// nodes sharing the directory each stream into their own, and empty only their
		// own on start
		this.incoming = shared == null ? allIncoming
				: PrivateFiles.directory(allIncoming.resolve(shared.incomingName()));
		if (shared != null) {
			deleteAbandoned(allIncoming);
		}
		int partials = 0;
		try (DirectoryStream<Path> left = Files.newDirectoryStream(incoming)) {
			for (Path partial : left) {
				Files.deleteIfExists(partial);
				partials++;
			}
		}
		if (partials > 0) {
			log.info("Deleted {} unfinished uploads left by the last run", partials);
		}
		try (Stream<Path> all = walk()) {
			used.set(all.mapToLong(BlobStore::sizeOf).sum());
		}
	}

	/**
	 * Deletes what nodes that stopped long ago left in their own {@code incoming/}
	 * directories (a node's name is new on every start); a day is far longer than any
	 * upload takes.
	 */
	private static void deleteAbandoned(Path allIncoming) throws IOException {
		long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
		try (DirectoryStream<Path> nodes = Files.newDirectoryStream(allIncoming, Files::isDirectory)) {
			for (Path node : nodes) {
				if (Files.getLastModifiedTime(node).toMillis() < dayAgo) {
					try (Stream<Path> left = Files.list(node)) {
						for (Path partial : left.toList()) {
							Files.deleteIfExists(partial);
						}
					}
					Files.deleteIfExists(node);
				}
			}
		}
	}

	/**
	 * A new, empty file for an upload or a processed image; the caller deletes it when
	 * done.
	 */
	Path newTemporary() throws IOException {
		return PrivateFiles.newFile(incoming.resolve(UUID.randomUUID() + ".part"));
	}

	/** The root of the blobs, for backups. */
	Path root() {
		return blobs;
	}

	long count() {
		try (Stream<Path> all = walk()) {
			return all.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long used() {
		return used.get();
	}

	long usableSpace() {
		try {
			return Files.getFileStore(blobs).getUsableSpace();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	Optional<Path> find(String hash) {
		if (!HASH.matcher(hash).matches()) {
			return Optional.empty();
		}
		Path blob = pathOf(hash);
		return Files.isRegularFile(blob) ? Optional.of(blob) : Optional.empty();
	}

	/**
	 * Moves a finished temporary file into the store under its hash (or drops it if the
	 * same content is there already), then runs {@code record} before any sweep can look:
	 * the row that refers to the blob and the blob appear together.
	 */
	<T> T keep(List<Kept> files, Supplier<T> record) throws IOException {
		if (shared != null) {
			try {
				return shared.exclusively(() -> {
					try {
						return keepLocked(files, record);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
			catch (UncheckedIOException ex) {
				throw ex.getCause();
			}
		}
		lock.lock();
		try {
			return keepLocked(files, record);
		}
		finally {
			lock.unlock();
		}
	}

	private <T> T keepLocked(List<Kept> files, Supplier<T> record) throws IOException {
		for (Kept file : files) {
			Path target = pathOf(file.hash());
			if (Files.exists(target)) {
				Files.delete(file.temporary());
				continue;
			}
			Files.createDirectories(target.getParent());
			long size = Files.size(file.temporary());
			Files.move(file.temporary(), target, StandardCopyOption.ATOMIC_MOVE);
			used.addAndGet(size);
		}
		return record.get();
	}

	/**
	 * Deletes every blob whose hash {@code referenced} does not hold; the set is read
	 * under the lock.
	 */
	int sweep(Supplier<Set<String>> referenced) {
		if (shared != null) {
			return shared.exclusively(() -> sweepLocked(referenced));
		}
		lock.lock();
		try {
			return sweepLocked(referenced);
		}
		finally {
			lock.unlock();
		}
	}

	private int sweepLocked(Supplier<Set<String>> referenced) {
		try (Stream<Path> all = walk()) {
			Set<String> keep = referenced.get();
			int deleted = 0;
			for (Path blob : all.toList()) {
				if (!keep.contains(blob.getFileName().toString())) {
					long size = sizeOf(blob);
					if (Files.deleteIfExists(blob)) {
						used.addAndGet(-size);
						deleted++;
					}
				}
			}
			if (shared != null) {
				// other nodes store and delete files too: count what is there now
				try (Stream<Path> left = walk()) {
					used.set(left.mapToLong(BlobStore::sizeOf).sum());
				}
			}
			return deleted;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String sha256(Path file) throws IOException {
		MessageDigest digest = newDigest();
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	private Path pathOf(String hash) {
		return blobs.resolve(hash.substring(0, 2)).resolve(hash);
	}

	private Stream<Path> walk() throws IOException {
		return Files.walk(blobs, 2)
			.filter(path -> HASH.matcher(path.getFileName().toString()).matches())
			.filter(Files::isRegularFile);
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** A finished temporary file and the SHA-256 of its content. */
	record Kept(Path temporary, String hash) {
	}

}
