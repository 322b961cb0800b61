package lanchat.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressGroupTests {

	@Test
	void ipv4AddressesGroupByTheir24AndIpv6ByTheir64() {
		assertThat(AddressGroup.of("192.168.1.20")).isEqualTo("192.168.1.0/24")
			.isEqualTo(AddressGroup.of("192.168.1.254"));
		assertThat(AddressGroup.of("192.168.2.20")).isNotEqualTo(AddressGroup.of("192.168.1.20"));
		assertThat(AddressGroup.of("fd00:1:2:3:aaaa:bbbb:cccc:dddd")).isEqualTo("fd00:1:2:3::/64")
			.isEqualTo(AddressGroup.of("fd00:1:2:3::1"));
		assertThat(AddressGroup.of("::ffff:10.0.0.7")).as("IPv4 in IPv6 clothes").isEqualTo("10.0.0.0/24");
	}

	@Test
	void whatIsNotAnAddressIsNeverLookedUp() {
		assertThat(AddressGroup.of("unknown")).isEqualTo("unknown");
		assertThat(AddressGroup.of("example.org")).isEqualTo("example.org");
	}

}
