package lanchat.network;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanAddressesTests {

	@Test
	void neverLoopbackWildcardOrLinkLocal() {
		assertThat(LanAddresses.find(null)).allSatisfy(address -> {
			assertThat(address.isLoopbackAddress()).isFalse();
			assertThat(address.isAnyLocalAddress()).isFalse();
			assertThat(address.isLinkLocalAddress()).isFalse();
		});
	}

	@Test
	void aBoundAddressIsTheOnlyOne() throws Exception {
		InetAddress bound = InetAddress.getByName("192.0.2.7");
		assertThat(LanAddresses.find(bound)).containsExactly(bound);
	}

	@Test
	void theIpv4WildcardListsIpv4Only() throws Exception {
		assertThat(LanAddresses.find(InetAddress.getByName("0.0.0.0")))
			.allSatisfy(address -> assertThat(address.getAddress()).hasSize(4));
	}

	@Test
	void urlHostsAreWrittenAsBrowsersWantThem() throws Exception {
		assertThat(LanAddresses.urlHost(InetAddress.getByName("192.168.1.20"))).isEqualTo("192.168.1.20");
		assertThat(LanAddresses.urlHost(InetAddress.getByName("fd00:0:0:0:0:0:0:2"))).isEqualTo("[fd00::2]");
		assertThat(LanAddresses.urlHost(InetAddress.getByName("2001:db8:0:1:0:0:0:0"))).isEqualTo("[2001:db8:0:1::]");
		assertThat(LanAddresses.urlHost(InetAddress.getByName("fe80::1%1"))).isEqualTo("[fe80::1]");
	}

}
