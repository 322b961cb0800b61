package lanchat.network;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkPropertiesTests {

	@Test
	void thePublicUrlIsASchemeAHostAndAPort() {
		assertThat(publicUrl("https://Chat.Home.Lan").publicUrl()).isEqualTo(URI.create("https://chat.home.lan/"));
		assertThat(publicUrl("http://[FD00::5]:8080/").publicUrl()).isEqualTo(URI.create("http://[fd00::5]:8080/"));
		assertThat(publicUrl("http://[FD00::5]:8080/").publicHost()).isEqualTo("fd00::5");
		assertThatThrownBy(() -> publicUrl("https://chat.home.lan/chat/")).hasMessageContaining("root of its host");
		assertThatThrownBy(() -> publicUrl("ftp://chat.home.lan")).hasMessageContaining("http:// or https://");
		assertThatThrownBy(() -> publicUrl("chat.home.lan")).hasMessageContaining("http:// or https://");
	}

	@Test
	void trustedProxiesAreAddressesOrRangesNeverNames() {
		NetworkProperties network = new NetworkProperties(null,
				List.of(" 127.0.0.1", "172.16.0.0/12", "[::1]", "fd00::/8"), List.of());
		assertThat(network.trustedProxies()).containsExactly("127.0.0.1/32", "172.16.0.0/12", "0:0:0:0:0:0:0:1/128",
				"fd00:0:0:0:0:0:0:0/8");
		assertThatThrownBy(() -> new NetworkProperties(null, List.of("proxy.lan"), List.of()))
			.hasMessageContaining("not names: \"proxy.lan\"");
		assertThatThrownBy(() -> new NetworkProperties(null, List.of("10.0.0.0/33"), List.of()))
			.hasMessageContaining("bad prefix length");
	}

	@Test
	void allowedHostsAreComparedInOneForm() {
		assertThat(new NetworkProperties(null, List.of(), List.of("Chat.Lan.", "[FD00::7]")).allowedHosts())
			.containsExactly("chat.lan", "fd00::7");
	}

	private static NetworkProperties publicUrl(String url) {
		return new NetworkProperties(URI.create(url), List.of(), List.of());
	}

}
