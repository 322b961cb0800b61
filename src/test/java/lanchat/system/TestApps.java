package lanchat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lanchat.LanchatApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real app, started by a test with settings of its own: free ports, its own data
 * directory, and the ports it really listens on.
 */
final class TestApps {

	private TestApps() {
	}

	/**
	 * Started on free ports (HTTP, TCP gateway, HTTPS if on) with {@code data} as its
	 * data directory.
	 */
	static ConfigurableApplicationContext start(Path data, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--lanchat.data-dir=" + data,
				"--lanchat.tcp.port=0", "--spring.jmx.enabled=false", "--lanchat.tls.port=0"));
		arguments.addAll(List.of(settings));
		return new SpringApplicationBuilder(LanchatApplication.class).run(arguments.toArray(String[]::new));
	}

	static int httpPort(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
	}

	static int httpsPort(ConfigurableApplicationContext app) {
		return app.getBean(HttpsConnector.class).port();
	}

	static HttpRequest get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
	}

}
