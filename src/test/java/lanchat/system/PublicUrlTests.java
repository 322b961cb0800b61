package lanchat.system;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import lanchat.support.BehindProxyIntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code lanchat.public-url} (here {@code https://chat.home.lan}, as behind a proxy
 * or in Docker), that address, and no LAN address, is what the startup log, the invite
 * view, its QR code and full links show.
 */
class PublicUrlTests extends BehindProxyIntegrationTest {

	private static final String PUBLIC = "https://chat.home.lan/";

	@Autowired
	ServerUrls urls;

	@Autowired
	ServerLinks links;

	@Test
	void theInviteAndItsQrCodeShowThePublicUrlOnly() {
		Target local = Target.plain("127.0.0.1", "127.0.0.1", port);
		String invite = RawHttp.get(local, "/api/invite", Map.of("Host", "localhost")).body();
		assertThat(JsonMapper.builder().build().readTree(invite).path("urls").toString())
			.isEqualTo("[\"" + PUBLIC + "\"]");
		String qr = RawHttp.get(local, "/api/invite/qr.svg", Map.of("Host", "localhost")).body();
		assertThat(QrSupport.decodeSvg(qr)).isEqualTo(PUBLIC);
		assertThat(RawHttp
			.get(local, "/api/invite/qr.svg?url=http%3A%2F%2F192.0.2.2%3A8080%2F", Map.of("Host", "localhost"))
			.status()).as("only the server's own URL is drawn").isEqualTo(404);
	}

	@Test
	void theStartupLogAndItsQrCodeShowThePublicUrl() {
		String banner = StartupBanner.banner(urls.invitation());
		List<String> lines = Arrays.asList(banner.split("\n"));
		assertThat(lines.stream().filter(line -> line.startsWith("  http"))).containsExactly("  " + PUBLIC);
		assertThat(QrSupport
			.decodeTerminal(lines.subList(lines.indexOf("Scan to join " + PUBLIC + ":") + 1, lines.size())))
			.isEqualTo(PUBLIC);
	}

	@Test
	void fullLinksForTextClientsStartWithThePublicUrl() {
		assertThat(links.absolute("/files/abc/photo.jpg")).isEqualTo("https://chat.home.lan/files/abc/photo.jpg");
	}

}
