package lanchat.web.tomcat;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens WebSockets without per-message compression, the one extension browsers ask for.
 * On a LAN it costs more than it saves: Tomcat keeps a compressor and a decompressor
 * (about 300 KiB of zlib state) for every connection that has it and spends CPU on every
 * message, and room broadcasts, written as ready-made frames ({@link GatheringWrites}),
 * would skip it anyway. Tomcat agrees to whatever installed extension the request lists,
 * so the request reaches it without the list: a plain servlet filter, on either
 * {@link WritePath}.
 */
@Component
class WithoutCompression extends OncePerRequestFilter {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getHeader(EXTENSIONS) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable String getHeader(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter(header -> !EXTENSIONS.equalsIgnoreCase(header))
					.toList());
			}

		}, response);
	}

}
