package lanchat.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import lanchat.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway under settings other than the tests' usual ones: the web server on
 * loopback, and two connections per address.
 */
@TestPropertySource(properties = { "server.address=127.0.0.1", "lanchat.limits.connections-per-address=2" })
class TcpGatewaySettingsTests extends IntegrationTest {

	@Autowired
	private TcpGateway gateway;

	/**
	 * Issue 14, item 2: an operator who binds the web server to loopback (as behind a
	 * proxy) must not leave the chat open on every interface through the gateway. Every
	 * 127.0.0.0/8 address reaches a socket bound to every interface, but only 127.0.0.1
	 * reaches one bound to 127.0.0.1.
	 */
	@Test
	void theGatewayListensOnServerAddressLikeTheWebServer() {
		assertThat(reachable("127.0.0.1", port)).isTrue();
		assertThat(reachable("127.0.0.2", port)).isFalse();
		assertThat(reachable("127.0.0.1", gateway.port())).isTrue();
		assertThat(reachable("127.0.0.2", gateway.port())).isFalse();
	}

	@Test
	void lanchatTcpAddressWinsOverServerAddress() throws IOException {
		MockEnvironment environment = new MockEnvironment().withProperty("server.address", "127.0.0.1");
		InetAddress other = InetAddress.getByName("127.0.0.2");
		assertThat(TcpGateway.bindAddress(new TcpProperties(true, 0, other), environment)).isEqualTo(other);
		assertThat(TcpGateway.bindAddress(new TcpProperties(true, 0, null), environment))
			.isEqualTo(InetAddress.getByName("127.0.0.1"));
		assertThat(TcpGateway.bindAddress(new TcpProperties(true, 0, null), new MockEnvironment())).isNull();
	}

	/**
	 * Refused as it is accepted, or, if it came before the others had joined, as it asks
	 * for a name: either way the client hears why as soon as it says something, in its
	 * own dialect.
	 */
	@Test
	void aConnectionOverThePerAddressLimitIsToldWhyWhenItSpeaks() {
		try (TcpTestClient first = TcpTestClient.text(gateway.port());
				TcpTestClient second = TcpTestClient.text(gateway.port());
				TcpTestClient early = TcpTestClient.json(gateway.port())) {
			for (TcpTestClient client : List.of(first, second)) {
				String joining = name("joining");
				client.write(joining + "\n");
				client.nextContaining(joining + " has joined the chat!");
			}
			try (TcpTestClient late = TcpTestClient.json(gateway.port())) {
				for (TcpTestClient refused : List.of(early, late)) {
					refused.write("{\"type\":\"username\",\"content\":\"" + name("refused") + "\"}");
					JsonNode refusal = refused.nextObject("too many connections from your address (at most 2)");
					assertThat(refusal.path("code").asString()).isEqualTo("too-many-connections");
					refused.awaitClosedByServer();
				}
			}
		}
	}

	private static boolean reachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
