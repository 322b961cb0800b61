package lanchat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that cannot work stop the server at start, naming the setting, instead of failing later.
 */
class LanchatPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

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

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LanchatProperties.class)
	static class Settings {

	}

}
