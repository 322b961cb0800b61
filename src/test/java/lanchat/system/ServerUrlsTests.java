package lanchat.system;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerUrlsTests {

	@Test
	void urlsLeaveOutDefaultPorts() throws Exception {
		InetAddress address = InetAddress.getByName("10.0.0.5");
		assertThat(List.of(ServerUrls.url("http", address, 8080), ServerUrls.url("http", address, 80),
				ServerUrls.url("https", address, 443), ServerUrls.url("https", address, 8443)))
			.containsExactly("http://10.0.0.5:8080/", "http://10.0.0.5/", "https://10.0.0.5/",
					"https://10.0.0.5:8443/");
	}

}
