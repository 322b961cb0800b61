package lanchat.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import lanchat.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the page's files are served: asked for again every time and answered by content (a
 * 304 while nothing changed), the service worker from the root with this build's list of
 * files, the manifest with its own type.
 */
class StaticFilesTests extends IntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "/", "/index.html", "/scripts/app.js", "/styles/base.css", "/icons/app-192.png",
			"/webjars/stomp__stompjs/esm6/index.js", "/sw.js" })
	void everyFileIsRevalidatedAndAnsweredByItsContent(String path) throws Exception {
		HttpResponse<byte[]> first = get(path, null);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(first.headers().firstValue("Last-Modified")).as("dates say nothing about content").isEmpty();
		String etag = first.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).matches("\"[0-9a-f-]{16,}\"");

		HttpResponse<byte[]> again = get(path, etag);
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(get(path, "\"something-else\"").statusCode()).isEqualTo(200);
	}

	@Test
	void theServiceWorkerComesFromTheRootWithThisBuildsFiles() throws Exception {
		HttpResponse<byte[]> worker = get("/sw.js", null);
		assertThat(worker.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
		String script = new String(worker.body(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(script).containsPattern("const SHELL_VERSION = \"[0-9a-f]{16}\";");
		String list = script.lines().filter(line -> line.startsWith("const SHELL_FILES = ")).findFirst().orElseThrow();
		JsonNode files = JSON.readTree(list.substring("const SHELL_FILES = ".length(), list.length() - 1));
		assertThat(files.valueStream().map(JsonNode::asString))
			.contains("/", "/index.html", "/manifest.webmanifest", "/scripts/app.js", "/scripts/i18n/zh.js",
					"/styles/tokens.css", "/icons/app-512.png", "/webjars/stomp__stompjs/esm6/index.js",
					"/webjars/stomp__stompjs/esm6/client.js", "/webjars/stomp__stompjs/esm6/compatibility/stomp.js")
			.doesNotContain("/sw.js")
			.allSatisfy(url -> assertThat(url).doesNotStartWith("/api").doesNotStartWith("/actuator"));
		for (JsonNode file : files) {
			assertThat(get(file.asString(), null).statusCode()).as(file.asString()).isEqualTo(200);
		}
		assertThat(script).contains("self.addEventListener('fetch'");
		// the page's Content-Security-Policy allows it: scripts from this server only
		assertThat(worker.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
	}

	@Test
	void theManifestHasItsOwnType() throws Exception {
		HttpResponse<byte[]> manifest = get("/manifest.webmanifest", null);
		assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/manifest+json");
		JsonNode parsed = JSON.readTree(manifest.body());
		assertThat(parsed.path("start_url").asString()).isEqualTo("/");
		assertThat(parsed.path("display").asString()).isEqualTo("standalone");
	}

	private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
