package lanchat.cluster;

import lanchat.support.ValidatedSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster settings that cannot work stop the node at start, naming the setting.
 */
class ClusterPropertiesTests {

	private final ApplicationContextRunner runner = ValidatedSettings.runner();

	@Test
	void theDefaultsAreValid() {
		runner.run(context -> assertThat(context).hasNotFailed()
			.getBean(ClusterProperties.class)
			.satisfies(properties -> assertThat(properties.deadAfter()).hasSeconds(5)));
	}

	@Test
	void aHeartbeatOfZeroIsRefused() {
		runner.withPropertyValues("lanchat.cluster.heartbeat=0s")
			.run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("heartbeat"));
	}

	@Test
	void aNodeIsNotTakenForDeadBeforeItsSecondHeartbeatIsLate() {
		runner.withPropertyValues("lanchat.cluster.heartbeat=2s", "lanchat.cluster.dead-after=3s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("deadAfterTwiceHeartbeat")
				.hasMessageContaining("at least twice lanchat.cluster.heartbeat"));
	}

	@Test
	void aNodeNameLongerThanTheSharedTablesKeepIsRefused() {
		runner.withPropertyValues("lanchat.cluster.node-name=" + "n".repeat(ClusterProperties.MAX_NODE_NAME + 1))
			.run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("nodeName"));
	}

}
