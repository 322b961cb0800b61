package lanchat.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Page tests against one app that Spring starts for the test class (annotated with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}), with a data directory of its
 * own.
 */
abstract class AppPageTests extends PageTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
		Path data = Files.createTempDirectory("lanchat-page-");
		registry.add("lanchat.data-dir", data::toString);
	}

}
