package lanchat.moderation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressBanTests {

	@Test
	void theHostsOwnMachineIsNeverBannedByAddress() {
		assertThat(ModerationService.isLoopback("127.0.0.1")).isTrue();
		assertThat(ModerationService.isLoopback("127.1.2.3")).isTrue();
		assertThat(ModerationService.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(ModerationService.isLoopback("192.168.1.20")).isFalse();
		assertThat(ModerationService.isLoopback("fe80:0:0:0:1:2:3:4")).isFalse();
	}

}
