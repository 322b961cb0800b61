package lanchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.sql.DataSource;

import lanchat.LanchatProperties;
import org.springframework.stereotype.Component;

/**
 * Consistent copies of the embedded H2 database and the stored files, taken while the
 * chat keeps running (H2's {@code BACKUP TO} copies the database as of one moment,
 * without stopping writers). Backups are readable by the server's user alone (a 0700
 * directory, 0600 files: they hold every private message), and only the newest
 * {@code lanchat.backup.keep} are kept, so a script or a forged request cannot fill the
 * disk with them.
 */
@Component
class Backups {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private static final String PREFIX = "lanchat-";

	private static final String SUFFIX = ".zip";

	private final DataSource dataSource;

	private final Path directory;

	private final int keep;

	private final List<BackupPart> parts;

	private final Clock clock;

	Backups(DataSource dataSource, LanchatProperties lanchat, BackupProperties backup, List<BackupPart> parts,
			Clock clock) {
		this.dataSource = dataSource;
		this.directory = (backup.dir() != null ? backup.dir() : lanchat.dataDir().resolve("backups")).toAbsolutePath();
		this.keep = backup.keep();
		this.parts = List.copyOf(parts);
		this.clock = clock;
	}

	/**
	 * Takes a backup. Empty when the database is not the embedded H2 one (PostgreSQL has
	 * its own tools).
	 */
	Optional<Path> take() throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.getMetaData().getURL().startsWith("jdbc:h2:")) {
				return Optional.empty();
			}
			PrivateFiles.directory(directory);
			Path file = newFile();
			try (Statement statement = connection.createStatement()) {
				statement.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
			}
			PrivateFiles.file(file);
			// the stored files go into the same zip, written to temporary files rather
			// than memory and not compressed
			try (FileSystem zip = FileSystems.newFileSystem(file,
					Map.of("useTempFile", Boolean.TRUE, "compressionMethod", "STORED"))) {
				for (BackupPart part : parts) {
					part.addTo(zip);
				}
			}
			PrivateFiles.file(file);
			deleteBeyondKeep();
			return Optional.of(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code lanchat-<date>-<time>.zip}, with {@code -2}, {@code -3}, ... for more than
	 * one in a second.
	 */
	private Path newFile() {
		String stamp = PREFIX + LocalDateTime.now(clock).format(STAMP);
		Path file = directory.resolve(stamp + SUFFIX);
		for (int n = 2; Files.exists(file); n++) {
			file = directory.resolve(stamp + "-" + n + SUFFIX);
		}
		return file;
	}

	private void deleteBeyondKeep() throws IOException {
		if (keep == 0) {
			return;
		}
		List<Path> newestFirst;
		try (Stream<Path> files = Files.list(directory)) {
			newestFirst = files.filter(Backups::isBackup)
				.sorted(Comparator.comparing(Backups::modified).thenComparing(Path::toString).reversed())
				.toList();
		}
		for (Path old : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
			Files.deleteIfExists(old);
		}
	}

	private static boolean isBackup(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file);
	}

	private static FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}

}
