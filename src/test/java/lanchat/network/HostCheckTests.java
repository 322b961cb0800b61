package lanchat.network;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lanchat.support.IntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding: a page on {@code evil.example} whose name later points at the server is
 * same-origin with itself, so the server must refuse requests for names that are not its
 * own, for the page, the API and the WebSocket handshake alike; and accept every name and
 * address it does have.
 */
@TestPropertySource(
		properties = { "lanchat.public-url=https://Chat.Home.Lan", "lanchat.allowed-hosts=other.lan, 192.0.2.200" })
class HostCheckTests extends IntegrationTest {

	@Autowired
	OwnNames own;

	@Test
	void aForeignHostIsRefusedForThePageTheApiAndTheWebSocket() {
		Target local = Target.plain("127.0.0.1", "127.0.0.1", port);
		for (String path : List.of("/", "/api/invite", "/actuator/health")) {
			RawHttp.Response page = RawHttp.get(local, path, Map.of("Host", "evil.example:" + port));
			assertThat(page.status()).as(path).isEqualTo(421);
			assertThat(page.body()).as(path).contains("\"code\":\"bad-request\"").contains("evil.example");
		}
		try (RawHttp.WebSocket socket = RawHttp.webSocket(local,
				Map.of("Host", "evil.example:" + port, "Origin", "http://evil.example:" + port))) {
			assertThat(socket.status()).as("the rebinding page's WebSocket").isEqualTo(421);
		}
		for (String foreign : List.of("evil.example", "203.0.113.5", "[2001:db8::1]", "localhost.evil.example",
				"chat.home.lan.evil.example")) {
			assertThat(RawHttp.get(local, "/", Map.of("Host", foreign)).status()).as(foreign).isEqualTo(421);
		}
	}

	@Test
	void everyOwnNameAndAddressIsAcceptedWithOrWithoutPort() throws Exception {
		List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "[::1]", "chat.home.lan",
				"CHAT.HOME.LAN.", "other.lan", "192.0.2.200", "app.localhost"));
		String machine = InetAddress.getLocalHost().getHostName().toLowerCase();
		String shortName = machine.contains(".") ? machine.substring(0, machine.indexOf('.')) : machine;
		hosts.addAll(List.of(machine, shortName + ".local"));
		for (InetAddress address : LanAddresses.find(null)) {
			hosts.add(LanAddresses.urlHost(address));
		}
		assertThat(LanAddresses.find(null)).as("this machine's LAN addresses are tried too").isNotEmpty();
		Target local = Target.plain("127.0.0.1", "127.0.0.1", port);
		for (String host : hosts) {
			for (String header : List.of(host, host + ":" + port)) {
				assertThat(RawHttp.get(local, "/", Map.of("Host", header)).status()).as(header).isEqualTo(200);
			}
		}
		String lan = LanAddresses.urlHost(LanAddresses.find(null).get(0)) + ":" + port;
		try (RawHttp.WebSocket socket = RawHttp.webSocket(local, Map.of("Host", lan, "Origin", "http://" + lan))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.connect(name("rebind"))).startsWith("CONNECTED");
		}
	}

	@Test
	void theCertificateNamesComeFromTheSameList() {
		assertThat(own.names()).contains("localhost", "chat.home.lan", "other.lan");
		assertThat(own.addresses()).contains(InetAddress.getLoopbackAddress())
			.containsAll(LanAddresses.find(null))
			.anySatisfy(address -> assertThat(address.getHostAddress()).isEqualTo("192.0.2.200"));
	}

}
