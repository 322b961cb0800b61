package lanchat.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import lanchat.LanchatApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cluster mode on the embedded H2 database cannot work (no other node can reach it): the
 * server refuses to start and says why in one line.
 */
class ClusterRefusalTests {

	@Test
	void refusesToStartOnH2() throws Exception {
		Path data = Files.createTempDirectory("lanchat-refused-");
		assertThatThrownBy(() -> new SpringApplicationBuilder(LanchatApplication.class).run("--server.port=0",
				"--lanchat.tcp.port=0", "--spring.jmx.enabled=false", "--lanchat.data-dir=" + data,
				"--lanchat.cluster.enabled=true", "--lanchat.files.dir=" + data.resolve("files")))
			.rootCause()
			.isInstanceOf(ClusterRefused.class)
			.hasMessage("cluster mode needs one PostgreSQL shared by every node (spring.datasource.url), not H2,"
					+ " which no other node can reach")
			.hasMessageNotContaining("\n");
	}

}
