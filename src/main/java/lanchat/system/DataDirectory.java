package lanchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import lanchat.LanchatProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The data directory holds every private message, password hashes, keys and stored files,
 * so only the server's own user may read what lanchat creates there, whatever the umask
 * it was started with. A missing data directory is created 0700 before anything writes to
 * it ({@link BeforeStart}); one that exists keeps its permissions (it may be a directory
 * the host chose for more than lanchat). The database's files, which H2 creates with the
 * process's umask, are made 0600 once the database is open. Backups, certificates and
 * stored files are created private where they are written ({@link PrivateFiles}).
 */
@Component
class DataDirectory implements SmartInitializingSingleton {

	private static final String DATA_DIR = "lanchat.data-dir";

	private final Path directory;

	DataDirectory(LanchatProperties properties) {
		this.directory = properties.dataDir();
	}

	/**
	 * Every singleton is made by now, so the database has been opened (and migrated) and
	 * its files exist.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try {
			List<Path> databaseFiles;
			try (Stream<Path> files = Files.list(directory)) {
				databaseFiles = files.filter(file -> file.getFileName().toString().endsWith(".db"))
					.filter(Files::isRegularFile)
					.toList();
			}
			for (Path file : databaseFiles) {
				PrivateFiles.file(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not make the database files in " + directory + " private", ex);
		}
	}

	/**
	 * Creates a missing data directory 0700 before the application context starts, that
	 * is before the database (which would create it with the umask's permissions) or
	 * anything else writes there. Registered in {@code META-INF/spring.factories}, so it
	 * applies however the app is started.
	 */
	static class BeforeStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Path directory = Path.of(context.getEnvironment().getProperty(DATA_DIR, "./data"));
			try {
				PrivateFiles.directoryIfMissing(directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not create the data directory " + directory.toAbsolutePath(), ex);
			}
		}

	}

}
