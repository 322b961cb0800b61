package lanchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real servers that Maven cannot bring (nginx, caddy) come from Debian; {@code .ci/run}
 * installs them. Where one is missing, its tests are skipped with the reason, except in
 * CI ({@code CI=true}), where a missing server fails them: a check that silently did not
 * run is no check.
 */
public final class ExternalServer {

	private ExternalServer() {
	}

	/** The executable called {@code name}, from the PATH or the sbin directories. */
	public static Path require(String name, String debianPackage) {
		List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
		for (String directory : directories) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
				return Path.of(directory, name);
			}
		}
		String reason = name + " is not installed (apt-get install " + debianPackage + "; .ci/run does that)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(reason);
		}
		Assumptions.abort(reason);
		throw new AssertionError(reason);
	}

	/** A port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The text of the first fenced block in {@code markdown} whose info string is
	 * {@code language}.
	 */
	public static String codeBlock(Path markdown, String language) {
		try {
			String text = Files.readString(markdown);
			String fence = "```" + language + "\n";
			int start = text.indexOf(fence);
			Assertions.assertTrue(start >= 0, markdown + " has no " + language + " block");
			int end = text.indexOf("\n```", start + fence.length());
			return text.substring(start + fence.length(), end + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
