package lanchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@code POST /actuator/backup}: a consistent copy of the embedded H2 database and the
 * stored files ({@link Backups}). It is off the web unless
 * {@code management.endpoints.web.exposure.include} names it, and even then it answers
 * only a request that
 * <ul>
 * <li>comes from the machine itself: anyone on the LAN can reach the server's port;</li>
 * <li>is not cross-site ({@code Origin} of another site, or {@code Sec-Fetch-Site} other
 * than {@code same-origin} or {@code none}): a web page open in the host's own browser is
 * on this machine too;</li>
 * <li>says {@code Content-Type: application/json} or carries an {@code X-Requested-With}
 * header: a web page elsewhere can send neither without the browser asking the server
 * first, which it refuses.</li>
 * </ul>
 * With PostgreSQL, back up with {@code pg_dump} instead, as docs/operations.md says.
 */
@Component
@Endpoint(id = "backup")
class BackupEndpoint {

	private final Backups backups;

	BackupEndpoint(Backups backups) {
		this.backups = backups;
	}

	@WriteOperation
	WebEndpointResponse<Map<String, Object>> backup() {
		HttpServletRequest request = currentRequest();
		if (request != null) {
			Optional<WebEndpointResponse<Map<String, Object>>> refused = refusal(request);
			if (refused.isPresent()) {
				return refused.get();
			}
		}
		try {
			Optional<Path> file = backups.take();
			if (file.isEmpty()) {
				return error(409, "the database is not the embedded H2 one: back it up with its own tools (pg_dump)");
			}
			return new WebEndpointResponse<>(Map.of("file", file.get().toString(), "bytes", Files.size(file.get())));
		}
		catch (SQLException ex) {
			return error(WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR, "backup failed: " + ex.getMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Why a backup may not be started by this HTTP request, if it may not. */
	static Optional<WebEndpointResponse<Map<String, Object>>> refusal(HttpServletRequest request) {
		if (!fromThisMachine(request)) {
			return Optional.of(error(403, "backups can only be started from the server itself"));
		}
		if (crossSite(request)) {
			return Optional.of(error(403, "backups cannot be started from a web page"));
		}
		if (!json(request.getContentType()) && request.getHeader("X-Requested-With") == null) {
			return Optional.of(error(415,
					"send Content-Type: application/json (or an X-Requested-With header) " + "to start a backup"));
		}
		return Optional.empty();
	}

	/** Over HTTP, only from loopback. JMX is local anyway, and has no request. */
	private static boolean fromThisMachine(HttpServletRequest request) {
		try {
			return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean crossSite(HttpServletRequest request) {
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
			return true;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		return origin != null && !sameOrigin(origin, request);
	}

	private static boolean sameOrigin(String origin, HttpServletRequest request) {
		try {
			URI uri = URI.create(origin);
			if (uri.getHost() == null || uri.getScheme() == null) {
				return false; // "null", from a sandboxed page or a file
			}
			int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
			return uri.getScheme().equalsIgnoreCase(request.getScheme())
					&& uri.getHost()
						.replaceAll("[\\[\\]]", "")
						.equalsIgnoreCase(request.getServerName().replaceAll("[\\[\\]]", ""))
					&& port == request.getServerPort();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean json(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.getType().equals("application") && (type.getSubtype().equals("json")
					|| type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static @Nullable HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
	}

	private static WebEndpointResponse<Map<String, Object>> error(int status, String message) {
		return new WebEndpointResponse<>(Map.of("error", message), status);
	}

}
