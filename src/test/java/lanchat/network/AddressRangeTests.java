package lanchat.network;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRangeTests {

	@Test
	void anAddressOrARangeContainsWhatItsPrefixCovers() throws Exception {
		assertThat(AddressRange.of("127.0.0.1/32").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(AddressRange.of("127.0.0.1/32").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
		assertThat(AddressRange.of("172.16.0.0/12").contains(InetAddress.getByName("172.31.255.9"))).isTrue();
		assertThat(AddressRange.of("172.16.0.0/12").contains(InetAddress.getByName("172.32.0.1"))).isFalse();
		assertThat(AddressRange.of("fd00::/8").contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
		assertThat(AddressRange.of("fd00::/8").contains(InetAddress.getByName("fe80::1"))).isFalse();
		assertThat(AddressRange.of("0.0.0.0/0").contains(InetAddress.getByName("::1"))).as("another family").isFalse();
	}

}
