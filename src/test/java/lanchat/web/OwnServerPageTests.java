package lanchat.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lanchat.LanchatApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Page tests that stop and start the server themselves, always on the same port with the
 * same data, as a crash or an upgrade would: the pages stay open in between.
 */
abstract class OwnServerPageTests extends PageTests {

	private static int port;

	private static Path data;

	private ConfigurableApplicationContext app;

	@BeforeAll
	static void chooseWhereTheServerLives() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		data = Files.createTempDirectory("lanchat-restart-");
	}

	@AfterEach
	void stopServer() {
		if (app != null) {
			app.close();
		}
	}

	@Override
	String baseUrl() {
		return "http://localhost:" + port + "/";
	}

	/**
	 * Starts the server (again) with these arguments besides its port and data directory.
	 */
	void startServer(String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--lanchat.data-dir=" + data,
				"--lanchat.tcp.port=0", "--spring.main.banner-mode=off"));
		args.addAll(List.of(more));
		app = new SpringApplicationBuilder(LanchatApplication.class).run(args.toArray(String[]::new));
	}

	void stopServerNow() {
		app.close();
	}

}
