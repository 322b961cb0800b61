package lanchat.system;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only the server's own user may read: the database, backups,
 * certificates and keys, stored files. Directories are 0700 and files 0600, set as they
 * are created wherever the file system allows it, so they are private whatever the umask
 * of whoever started the server (the systemd unit sets one; a shell usually does not). On
 * a file system without POSIX permissions (Windows) the data directory's own access rules
 * apply.
 */
public final class PrivateFiles {

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private PrivateFiles() {
	}

	/**
	 * Creates the directory (and missing parents) as 0700, or makes an existing one 0700.
	 */
	public static Path directory(Path directory) throws IOException {
		if (!posix(directory)) {
			return Files.createDirectories(directory);
		}
		if (Files.notExists(directory)) {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
		}
		Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
		return directory;
	}

	/**
	 * Creates the directory (and missing parents) as 0700 if it is missing; an existing
	 * one is left as it is.
	 */
	public static Path directoryIfMissing(Path directory) throws IOException {
		if (Files.notExists(directory)) {
			return directory(directory);
		}
		return directory;
	}

	/** A new, empty file that only its owner may read and write. */
	public static Path newFile(Path file) throws IOException {
		if (!posix(file)) {
			return Files.createFile(file);
		}
		try {
			return Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
		}
		catch (FileAlreadyExistsException ex) {
			throw new IOException("another process is writing " + file, ex);
		}
	}

	/**
	 * Makes an existing file 0600 (a file that another program, such as the database,
	 * created).
	 */
	public static Path file(Path file) throws IOException {
		if (posix(file)) {
			Files.setPosixFilePermissions(file, OWNER_FILE);
		}
		return file;
	}

	private static boolean posix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
