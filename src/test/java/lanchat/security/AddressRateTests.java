package lanchat.security;

import java.time.Duration;

import lanchat.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRateTests {

	private final MutableClock clock = new MutableClock();

	@Test
	void eachAddressHasAMinutesWorthAtOnceThenItsRate() {
		AddressRate rate = new AddressRate(6, clock);
		for (int i = 0; i < 6; i++) {
			assertThat(rate.take("192.168.1.20")).isEmpty();
		}
		assertThat(rate.take("192.168.1.20"))
			.hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofMillis(9990), Duration.ofMillis(10010)));
		assertThat(rate.take("192.168.1.21")).as("another address").isEmpty();
		clock.advance(Duration.ofSeconds(10));
		assertThat(rate.take("192.168.1.20")).isEmpty();
		assertThat(rate.take("192.168.1.20")).isPresent();
	}

}
