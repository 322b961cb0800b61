package lanchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import lanchat.LanchatProperties;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@code POST /actuator/backup}: a consistent copy of the embedded H2 database, taken while the chat
 * keeps running (H2's {@code BACKUP TO} copies the database as of one moment, without stopping
 * writers). It is off the web unless {@code management.endpoints.web.exposure.include} names it, and
 * even then it answers only requests from the machine itself. With PostgreSQL, back up with
 * {@code pg_dump} instead, as docs/operations.md says.
 */
@Component
@Endpoint(id = "backup")
class BackupEndpoint {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private final DataSource dataSource;

	private final Path directory;

	private final List<BackupPart> parts;

	BackupEndpoint(DataSource dataSource, LanchatProperties lanchat, BackupProperties backup, List<BackupPart> parts) {
		this.dataSource = dataSource;
		this.directory = backup.dir() != null ? backup.dir() : lanchat.dataDir().resolve("backups");
		this.parts = List.copyOf(parts);
	}

	@WriteOperation
	WebEndpointResponse<Map<String, Object>> backup() {
		if (!fromThisMachine()) {
			return new WebEndpointResponse<>(Map.of("error", "backups can only be started from the server itself"),
					403);
		}
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.getMetaData().getURL().startsWith("jdbc:h2:")) {
				return new WebEndpointResponse<>(
						Map.of("error", "the database is not the embedded H2 one: back it up with its own tools (pg_dump)"),
						409);
			}
			Files.createDirectories(directory);
			Path file = directory.resolve("lanchat-" + LocalDateTime.now().format(STAMP) + ".zip").toAbsolutePath();
			try (Statement statement = connection.createStatement()) {
				statement.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
			}
			// the stored files go into the same zip, written to temporary files rather than memory and not compressed
			try (FileSystem zip = FileSystems.newFileSystem(file,
					Map.of("useTempFile", Boolean.TRUE, "compressionMethod", "STORED"))) {
				for (BackupPart part : parts) {
					part.addTo(zip);
				}
			}
			return new WebEndpointResponse<>(Map.of("file", file.toString(), "bytes", Files.size(file)));
		}
		catch (SQLException ex) {
			return new WebEndpointResponse<>(Map.of("error", "backup failed: " + ex.getMessage()),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Over HTTP, only from loopback: anyone on the LAN can reach the server's port. JMX is local anyway. */
	private static boolean fromThisMachine() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return true;
		}
		HttpServletRequest request = servlet.getRequest();
		try {
			return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
