package lanchat.network;

import java.nio.file.Path;
import java.util.Map;

import lanchat.LanchatApplication;
import lanchat.admission.OpenConnections;
import lanchat.support.BehindProxyIntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With {@code lanchat.trusted-proxies}, the client's address comes from
 * {@code X-Forwarded-For} when (and only when) the request comes from a trusted proxy:
 * for the per-address limits, address bans, the backup endpoint's loopback check and the
 * {@code Host} check.
 */
class ForwardedHeadersTests extends BehindProxyIntegrationTest {

	@Autowired
	private OpenConnections connections;

	@Test
	void aClientThatIsNotATrustedProxyCannotSpoofItsAddress() {
		Target untrusted = Target.plain("127.0.0.2", "127.0.0.1", port);
		try (RawHttp.WebSocket first = RawHttp.webSocket(untrusted, headers("10.9.9.1"))) {
			assertThat(first.connect(name("spoof"))).startsWith("CONNECTED");
			try (RawHttp.WebSocket second = RawHttp.webSocket(untrusted, headers("10.9.9.2"))) {
				assertThat(second.connect(name("spoof")))
					.as("both come from 127.0.0.2, whatever they claim, and one connection per address is allowed")
					.startsWith("ERROR")
					.contains("code:too-many-connections");
			}
		}
	}

	@Test
	void behindATrustedProxyEachForwardedClientIsItsOwnAddress() {
		Target proxy = Target.plain("127.0.0.1", "127.0.0.1", port);
		try (RawHttp.WebSocket first = RawHttp.webSocket(proxy, headers("10.1.1.1"));
				RawHttp.WebSocket second = RawHttp.webSocket(proxy, headers("198.51.100.7, 10.1.1.2"))) {
			assertThat(first.connect(name("alice"))).startsWith("CONNECTED");
			assertThat(second.connect(name("bob"))).as("another client behind the same proxy").startsWith("CONNECTED");
			try (RawHttp.WebSocket again = RawHttp.webSocket(proxy, headers("10.1.1.1"))) {
				assertThat(again.connect(name("alice"))).startsWith("ERROR").contains("code:too-many-connections");
			}
		}
	}

	@Test
	void anAddressBanHitsTheClientBehindTheProxyNotTheProxy() {
		Target proxy = Target.plain("127.0.0.1", "127.0.0.1", port);
		String troll = name("troll");
		try (RawHttp.WebSocket host = RawHttp.webSocket(proxy, headers("10.2.2.1"));
				RawHttp.WebSocket trolling = RawHttp.webSocket(proxy, headers("10.2.2.66"))) {
			assertThat(host.connect(name("host"))).startsWith("CONNECTED");
			assertThat(trolling.connect(troll)).startsWith("CONNECTED");
			host.send("SUBSCRIBE\nid:0\ndestination:/user/queue/system\n\n\0");
			host.send("SUBSCRIBE\nid:1\ndestination:/topic/public\n\n\0");
			say(host, "/op " + ADMIN_SECRET);
			awaitMessage(host, "You are a moderator now");
			say(host, "/ban " + troll);
			awaitMessage(host, troll + " was banned");
		}
		// one connection per address: the troll's old socket must be counted out first,
		// or the new one is refused as too many
		await().atMost(StompTestClient.WAIT).until(() -> !connections.joinedWithAddresses().containsValue("10.2.2.66"));
		try (RawHttp.WebSocket banned = RawHttp.webSocket(proxy, headers("10.2.2.66"));
				RawHttp.WebSocket neighbour = RawHttp.webSocket(proxy, headers("10.2.2.67"))) {
			assertThat(banned.connect(name("newname"))).startsWith("ERROR").contains("code:banned");
			assertThat(neighbour.connect(name("neighbour"))).startsWith("CONNECTED");
		}
	}

	@Test
	void theBackupEndpointSeesTheLanClientBehindALocalProxy() {
		Target proxy = Target.plain("127.0.0.1", "127.0.0.1", port);
		RawHttp.Response forwarded = RawHttp.request(proxy, "POST", "/actuator/backup",
				Map.of("Host", "localhost", "X-Forwarded-For", "192.168.1.50", "Content-Type", "application/json"),
				new byte[0]);
		assertThat(forwarded.status()).as("a LAN client through the proxy on this machine").isEqualTo(403);
		RawHttp.Response local = RawHttp.request(proxy, "POST", "/actuator/backup",
				Map.of("Host", "localhost", "Content-Type", "application/json"), new byte[0]);
		assertThat(local.status()).as(local.body()).isEqualTo(200);
	}

	@Test
	void theForwardedHostIsCheckedFromTheProxyAndIgnoredFromOthers() {
		Map<String, String> rebinding = Map.of("Host", "localhost", "X-Forwarded-Host", "evil.example");
		assertThat(RawHttp.get(Target.plain("127.0.0.1", "127.0.0.1", port), "/", rebinding).status()).isEqualTo(421);
		assertThat(RawHttp
			.get(Target.plain("127.0.0.1", "127.0.0.1", port), "/",
					Map.of("Host", "127.0.0.1", "X-Forwarded-Host", "chat.home.lan"))
			.status()).isEqualTo(200);
		assertThat(RawHttp.get(Target.plain("127.0.0.2", "127.0.0.1", port), "/", rebinding).status())
			.as("from a client that is not a proxy, X-Forwarded-Host means nothing")
			.isEqualTo(200);
	}

	@Test
	void theFrameworkStrategyWhichTrustsEveryClientIsRefused(@TempDir Path data) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(LanchatApplication.class)
			.run("--server.port=0", "--lanchat.data-dir=" + data, "--lanchat.tcp.port=0", "--spring.jmx.enabled=false",
					"--server.forward-headers-strategy=framework")
			.close()).rootCause().hasMessageContaining("use native with lanchat.trusted-proxies");
	}

	private static Map<String, String> headers(String forwardedFor) {
		return Map.of("Host", "localhost", "X-Forwarded-For", forwardedFor);
	}

	private static void say(RawHttp.WebSocket socket, String content) {
		socket.send(
				"SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{\"type\":\"message\",\"content\":\""
						+ content + "\"}\0");
	}

	private static void awaitMessage(RawHttp.WebSocket socket, String text) {
		for (String frame = socket.next(); !frame.contains(text); frame = socket.next()) {
			assertThat(frame).doesNotStartWith("ERROR");
		}
	}

}
