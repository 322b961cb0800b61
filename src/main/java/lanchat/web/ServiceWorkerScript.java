package lanchat.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /sw.js}: the page's service worker, at the root so that its scope is the
 * whole page. The server puts the shell's version and URLs in front of
 * {@code frontend/sw.js}; the browser compares the script byte for byte whenever the page
 * is opened, so a server with any changed file makes every phone install a worker that
 * caches the new files, all of them, before it takes over.
 */
@RestController
class ServiceWorkerScript {

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private final AppShell shell;

	private final JsonMapper json;

	ServiceWorkerScript(AppShell shell, JsonMapper json) {
		this.shell = shell;
		this.json = json;
	}

	@GetMapping("/" + AppShell.WORKER)
	ResponseEntity<String> script() throws IOException {
		AppShell.Shell current = shell.shell();
		String source = shell.worker().getContentAsString(StandardCharsets.UTF_8);
		String script = "// Written by the server (lanchat.web.ServiceWorkerScript): the page's files in this build.\n"
				+ "const SHELL_VERSION = " + json.writeValueAsString(current.version()) + ";\n" + "const SHELL_FILES = "
				+ json.writeValueAsString(current.urls()) + ";\n\n" + source;
		return ResponseEntity.ok()
			.contentType(JAVASCRIPT)
			// revalidated every time, as every static file: an upgrade must reach the
			// browser at once
			.cacheControl(CacheControl.noCache())
			.eTag(current.version() + "-" + shell.etag(shell.worker()))
			.body(script);
	}

}
