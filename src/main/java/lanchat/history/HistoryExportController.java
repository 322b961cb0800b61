package lanchat.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/history/export}: everything the caller may see, oldest first, so people
 * can keep their own copy. The caller proves who it is with its identity token:
 * {@code Authorization: Bearer <token>}. Newline-delimited JSON by default;
 * {@code ?format=json} gives one JSON array.
 */
@RestController
class HistoryExportController {

	private static final int PAGE = 500;

	private static final String BEARER = "Bearer ";

	private final HistoryStore store;

	private final IdentityService identities;

	private final JsonMapper json;

	HistoryExportController(HistoryStore store, IdentityService identities, JsonMapper json) {
		this.store = store;
		this.identities = identities;
		this.json = json;
	}

	@GetMapping("/api/history/export")
	void export(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestParam(defaultValue = "ndjson") String format, HttpServletResponse response) throws IOException {
		boolean array = "json".equals(format);
		if (!array && !"ndjson".equals(format)) {
			refuse(response, HttpStatus.BAD_REQUEST, "format must be ndjson or json");
			return;
		}
		ChatUser me = authorization != null && authorization.startsWith(BEARER)
				? identities.byToken(authorization.substring(BEARER.length()).strip()).orElse(null) : null;
		if (me == null) {
			refuse(response, HttpStatus.UNAUTHORIZED,
					"send the identity token the chat gave you as 'Authorization: Bearer <token>'");
			return;
		}
		response.setContentType(array ? MediaType.APPLICATION_JSON_VALUE : "application/x-ndjson");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"lanchat-history." + (array ? "json" : "ndjson") + "\"");
		OutputStream out = response.getOutputStream();
		out.write(array ? "[".getBytes(StandardCharsets.UTF_8) : new byte[0]);
		long after = 0;
		boolean first = true;
		List<ServerMessage> page;
		do {
			page = store.after(me, after, PAGE);
			for (ServerMessage message : page) {
				if (array && !first) {
					out.write(',');
				}
				out.write(json.writeValueAsBytes(message));
				if (!array) {
					out.write('\n');
				}
				first = false;
				after = message.id();
			}
		}
		while (page.size() == PAGE);
		out.write(array ? "]".getBytes(StandardCharsets.UTF_8) : new byte[0]);
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String reason) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.TEXT_PLAIN_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(reason + "\n");
	}

}
