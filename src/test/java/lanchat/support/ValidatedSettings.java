package lanchat.support;

import lanchat.LanchatProperties;
import lanchat.cluster.ClusterProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A context with nothing but the settings records, bound and validated as at start:
 * settings tests run it with the values they try.
 */
public final class ValidatedSettings {

	private ValidatedSettings() {
	}

	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Records.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ LanchatProperties.class, ClusterProperties.class })
	static class Records {

	}

}
