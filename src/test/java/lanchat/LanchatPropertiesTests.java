package lanchat;

import lanchat.support.ValidatedSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that cannot work stop the server at start, naming the setting, instead of
 * failing later.
 */
class LanchatPropertiesTests {

	private final ApplicationContextRunner runner = ValidatedSettings.runner();

	@Test
	void theDefaultsAreValid() {
		runner.run(context -> assertThat(context).hasNotFailed()
			.getBean(LanchatProperties.class)
			.satisfies(properties -> assertThat(properties.limits().ratePerSecond()).isEqualTo(10.0)));
	}

	@Test
	void aRateOfZeroIsRefusedAtStartNamingTheSetting() {
		runner.withPropertyValues("lanchat.limits.rate-per-second=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("limits.ratePerSecond"));
	}

	@Test
	void aNegativeRetentionIsRefused() {
		runner.withPropertyValues("lanchat.history.retention-days=-1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("history.retentionDays"));
	}

}
