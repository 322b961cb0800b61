package lanchat.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * deploy/systemd/lanchat.service has what docs/operations.md promises, checked by reading
 * its keys (always) and by {@code systemd-analyze verify} (where systemd is installed).
 */
class SystemdUnitTests {

	private static final Path UNIT = Path.of("deploy/systemd/lanchat.service");

	private static final Path ENVIRONMENT = Path.of("deploy/systemd/lanchat.env");

	@Test
	void theUnitRunsTheJarAsADedicatedUserInASandbox() throws IOException {
		Map<String, Map<String, List<String>>> unit = parse(Files.readAllLines(UNIT));
		Map<String, List<String>> service = unit.get("Service");

		assertThat(service.get("User")).containsExactly("lanchat");
		assertThat(service.get("StateDirectory")).containsExactly("lanchat");
		assertThat(service.get("Environment")).contains("LANCHAT_DATA_DIR=/var/lib/lanchat");
		assertThat(service.get("EnvironmentFile")).containsExactly("-/etc/lanchat/lanchat.env");
		assertThat(service.get("ExecStart")).singleElement().asString().startsWith("/").contains(" -jar ");
		assertThat(service.get("Restart")).containsExactly("on-failure");
		assertThat(service.get("SuccessExitStatus")).singleElement().asString().contains("143");
		assertThat(Integer.parseInt(service.get("TimeoutStopSec").get(0))).as("more than the 10 s a stop takes")
			.isGreaterThan(10);
		for (String sandbox : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
				"RestrictSUIDSGID")) {
			assertThat(service.get(sandbox)).as(sandbox).containsExactly("yes");
		}
		assertThat(service.get("ProtectSystem")).containsExactly("strict");
		assertThat(service.get("RestrictAddressFamilies")).singleElement()
			.asString()
			.contains("AF_INET", "AF_INET6", "AF_NETLINK");
		assertThat(service).as("the JIT needs writable code").doesNotContainKey("MemoryDenyWriteExecute");
		assertThat(unit.get("Install").get("WantedBy")).containsExactly("multi-user.target");
	}

	@Test
	void theEnvironmentFileIsPlainAssignments() throws IOException {
		for (String line : Files.readAllLines(ENVIRONMENT)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				assertThat(line).matches("[A-Z][A-Z0-9_]*=[^\"']*");
			}
		}
		assertThat(Files.readString(ENVIRONMENT)).contains("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,backup");
	}

	@Test
	void systemdAnalyzeVerifiesTheUnit(@TempDir Path dir) throws Exception {
		assumeThat(onPath("systemd-analyze")).as("systemd-analyze is installed").isTrue();
		// verify checks that ExecStart's program exists: point it at this JVM where
		// /usr/bin/java is missing
		String java = Files.isExecutable(Path.of("/usr/bin/java")) ? "/usr/bin/java"
				: Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path copy = dir.resolve("lanchat.service");
		Files.writeString(copy, Files.readString(UNIT).replace("/usr/bin/java", java));

		Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true)
			.start();
		String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(verify.exitValue()).as(output).isZero();
		// unknown or misspelt keys are only warnings, so the output must name nothing in
		// the unit
		assertThat(output).doesNotContain(copy.toString());
	}

	/** Sections, keys and every value given to each key, in order. */
	private static Map<String, Map<String, List<String>>> parse(List<String> lines) {
		Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
		Map<String, List<String>> current = null;
		for (String raw : lines) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
				continue;
			}
			if (line.startsWith("[") && line.endsWith("]")) {
				current = sections.computeIfAbsent(line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
				continue;
			}
			assertThat(current).as("a key before any section: %s", line).isNotNull();
			int equals = line.indexOf('=');
			assertThat(equals).as("not a key=value line: %s", line).isPositive();
			current.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
				.add(line.substring(equals + 1).strip());
		}
		return sections;
	}

	private static boolean onPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

}
