package lanchat.system;

import java.util.LinkedHashMap;
import java.util.Map;

import lanchat.support.BehindProxyIntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the machine itself may do over HTTP, tested from a local proxy (127.0.0.1,
 * trusted) that says which client it forwards: health details, and backups, which a web
 * page open in the host's own browser must not be able to start either.
 */
class LocalEndpointsTests extends BehindProxyIntegrationTest {

	@Test
	void healthShowsDetailsToThisMachineAndOnlyTheStatusToOthers() {
		RawHttp.Response local = RawHttp.get(proxy(), "/actuator/health", headers());
		assertThat(local.status()).isEqualTo(200);
		assertThat(local.body()).contains("\"components\"").contains("\"db\"").contains("\"diskSpace\"");

		RawHttp.Response fromTheLan = RawHttp.get(proxy(), "/actuator/health",
				headers("X-Forwarded-For", "192.168.1.50"));
		assertThat(fromTheLan.status()).isEqualTo(200);
		assertThat(fromTheLan.body()).contains("\"status\":\"UP\"")
			.doesNotContain("components")
			.doesNotContain("diskSpace")
			.doesNotContain("path")
			.doesNotContain("H2");
		RawHttp.Response component = RawHttp.get(proxy(), "/actuator/health/diskSpace",
				headers("X-Forwarded-For", "192.168.1.50"));
		assertThat(component.body()).doesNotContain("path").doesNotContain("total").doesNotContain("free");
	}

	@Test
	void aBackupNeedsJsonOrACustomHeaderSoAPlainFormPostCannotStartOne() {
		assertThat(backup(headers()).status()).as("no content type: what a form or a no-cors fetch sends")
			.isEqualTo(415);
		assertThat(backup(headers("Content-Type", "text/plain")).status()).isEqualTo(415);
		assertThat(backup(headers("Content-Type", "application/x-www-form-urlencoded")).status()).isEqualTo(415);
		RawHttp.Response json = backup(headers("Content-Type", "application/json"));
		assertThat(json.status()).as(json.body()).isEqualTo(200);
		assertThat(backup(headers("X-Requested-With", "curl")).status()).isEqualTo(200);
	}

	@Test
	void aCrossSiteRequestFromTheHostsOwnBrowserIsRefused() {
		RawHttp.Response foreign = backup(headers("Content-Type", "application/json", "Origin", "http://evil.example"));
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.body()).contains("cannot be started from a web page");
		assertThat(backup(headers("X-Requested-With", "x", "Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
		assertThat(backup(headers("X-Requested-With", "x", "Sec-Fetch-Site", "same-site")).status()).isEqualTo(403);
		assertThat(backup(headers("Content-Type", "application/json", "Origin", "null")).status()).isEqualTo(403);
		assertThat(backup(headers("Content-Type", "application/json", "Origin", "http://localhost:" + port,
				"Sec-Fetch-Site", "same-origin"))
			.status()).as("the server's own origin").isEqualTo(200);
	}

	private RawHttp.Response backup(Map<String, String> headers) {
		return RawHttp.request(proxy(), "POST", "/actuator/backup", headers, new byte[0]);
	}

	private Target proxy() {
		return Target.plain("127.0.0.1", "127.0.0.1", port);
	}

	private Map<String, String> headers(String... more) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Host", "localhost:" + port);
		for (int i = 0; i < more.length; i += 2) {
			headers.put(more[i], more[i + 1]);
		}
		return headers;
	}

}
