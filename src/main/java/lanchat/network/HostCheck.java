package lanchat.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers only requests addressed to one of the server's own names (DNS rebinding): a
 * page on {@code evil.example} whose name the attacker points at the LAN address
 * afterwards is same-origin with itself, so without this check it could read the page's
 * API and open {@code /ws}, whose origin check compares the origin with the very same
 * forged host. Every request is checked (page, API, {@code /ws}, actuator). Behind a
 * trusted proxy the forwarded host is the one checked, since the proxy's valve has
 * already made it the request's server name; from anyone else, the {@code Host} header
 * itself.
 */
@Component
class HostCheck extends OncePerRequestFilter implements Ordered {

	private static final Logger log = LoggerFactory.getLogger(HostCheck.class);

	/**
	 * Each refused name is logged once, so a misconfiguration shows up without flooding
	 * the log.
	 */
	private static final int LOGGED_NAMES = 64;

	private final OwnNames own;

	private final JsonMapper json;

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	HostCheck(OwnNames own, JsonMapper json) {
		this.own = own;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// HTTP/1.0 clients may send no Host at all; browsers, and so rebinding pages,
		// always do
		if (request.getHeader("Host") == null || own.accepts(request.getServerName())) {
			chain.doFilter(request, response);
			return;
		}
		String host = HostNames.canonical(request.getServerName());
		if (logged.size() < LOGGED_NAMES && logged.add(host)) {
			log.info(
					"Refused a request for host \"{}\" from {}: not one of this server's names "
							+ "(add it to lanchat.allowed-hosts if it is one)",
					LogText.of(host), request.getRemoteAddr());
		}
		response.setStatus(421); // Misdirected Request
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		response.getWriter()
			.write(json.writeValueAsString(new Refused("bad-request", "This server does not answer to the name \""
					+ host + "\". Use one of the addresses it shows, or add the name to lanchat.allowed-hosts.")));
	}

	@Override
	public int getOrder() {
		// before anything else looks at the request
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	record Refused(String code, String message) {
	}

}
