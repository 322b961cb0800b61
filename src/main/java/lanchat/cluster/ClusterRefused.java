package lanchat.cluster;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Cluster mode was asked for with a setup it cannot work on (such as the embedded H2
 * database, which no other node can reach). Start-up stops with the reason in one line.
 */
final class ClusterRefused extends RuntimeException {

	ClusterRefused(String reason) {
		super(reason);
	}

	/** Shows the reason alone, without a stack trace. */
	static final class Analyzer extends AbstractFailureAnalyzer<ClusterRefused> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, ClusterRefused cause) {
			return new FailureAnalysis(cause.getMessage(),
					"Set lanchat.cluster.enabled=false to run one node alone, or see docs/scaling.md.", cause);
		}

	}

}
