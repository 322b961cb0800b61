package lanchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real app on a random port with its own data directory. Test classes that
 * extend it share one running app, so each test uses fresh names from
 * {@link #name(String)}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

	private static final Path DATA = temporaryDirectory();

	private static final AtomicInteger NAMES = new AtomicInteger();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("lanchat.data-dir", DATA::toString);
	}

	/** A name no other test in this run uses. */
	protected static String name(String base) {
		return base + NAMES.incrementAndGet();
	}

	protected StompTestClient connect(String username) {
		return StompTestClient.connect(port, username);
	}

	/**
	 * A client that joins and then never reads, once {@code witness} (which must listen)
	 * has seen it join.
	 */
	protected SlowReader joinWithoutReading(String username, StompTestClient witness) {
		SlowReader reader = SlowReader.join(port, username);
		witness.publicInbox().next(m -> (username + " has joined the chat!").equals(m.path("content").asString("")));
		return reader;
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("lanchat-test-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
