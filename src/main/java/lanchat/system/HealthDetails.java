package lanchat.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who sees the details of {@code /actuator/health} (the database, the data directory's
 * path, the disk's size and free space): only a request from this machine. Everyone else
 * gets the status alone ({@code {"status":"UP"}}), which is all a health check needs.
 * <p>
 * With {@code management.endpoint.health.show-details=when-authorized} (the packaged
 * default), Spring Boot shows details to a request that has a principal; this filter
 * gives one to the requests that may see them, and to no others. {@link #viewer} is the
 * one place that decides, where a moderator's {@code Authorization: Bearer} ticket is to
 * be accepted once moderator rights belong to the identity.
 */
@Component
class HealthDetails extends OncePerRequestFilter {

	private final String healthPath;

	HealthDetails(Environment environment) {
		String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		this.healthPath = (base.endsWith("/") ? base : base + "/") + "health";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals(healthPath) || path.startsWith(healthPath + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Principal> viewer = viewer(request);
		chain.doFilter(viewer.isPresent() ? new Viewing(request, viewer.get()) : request, response);
	}

	/** Who this request proves to be, if it may see the details. */
	static Optional<Principal> viewer(HttpServletRequest request) {
		try {
			// behind a trusted proxy, this is the client's address
			// (lanchat.trusted-proxies)
			if (InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
				return Optional.of(() -> "this machine");
			}
		}
		catch (UnknownHostException ex) {
			// not an address: not this machine
		}
		return Optional.empty();
	}

	private static final class Viewing extends HttpServletRequestWrapper {

		private final Principal viewer;

		private Viewing(HttpServletRequest request, Principal viewer) {
			super(request);
			this.viewer = viewer;
		}

		@Override
		public Principal getUserPrincipal() {
			return viewer;
		}

	}

}
