package lanchat.system;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the project is built, so the Dockerfile is checked against the jar's real
 * configuration instead: the ports it exposes and health-checks, the data directory, the user, and that
 * the build context holds everything `mvn package` reads.
 */
class DockerfileTests {

	private final List<String> dockerfile = instructions(Path.of("Dockerfile"));

	@Test
	void buildsWithMavenAndRunsOnAJre17AsANonRootUser() throws IOException {
		List<String> from = all("FROM");
		assertThat(from).hasSize(2);
		assertThat(from.get(0)).startsWith("maven:").contains("temurin-17").endsWith(" AS build");
		assertThat(from.get(1)).isEqualTo("eclipse-temurin:17-jre");
		assertThat(String.join("\n", all("RUN"))).contains("mvn ").contains(" package")
			.contains("cp target/" + artifactId() + "-*.jar /lanchat.jar");
		assertThat(all("USER")).containsExactly("lanchat");
		assertThat(index("USER")).as("USER before ENTRYPOINT").isLessThan(index("ENTRYPOINT"));
		assertThat(all("ENTRYPOINT")).singleElement().asString().contains("\"-jar\", \"/opt/lanchat/lanchat.jar\"");
	}

	@Test
	void exposesAndHealthChecksThePortsTheJarListensOn() throws Exception {
		Map<String, Object> defaults = packagedDefaults();
		int httpPort = (Integer) path(defaults, "server", "port");
		List<String> exposed = Arrays.asList(all("EXPOSE").get(0).split("\\s+"));
		assertThat(exposed).contains(String.valueOf(httpPort), String.valueOf(defaultOf(TlsProperties.class, "port")),
				String.valueOf(defaultOf(Class.forName("lanchat.gateway.TcpProperties"), "port")));

		String healthcheck = all("HEALTHCHECK").get(0);
		assertThat(healthcheck).contains("curl -fsS \"http://localhost:${SERVER_PORT:-" + httpPort + "}/actuator/health\"");
		assertThat(String.valueOf(path(defaults, "management", "endpoints", "web", "exposure", "include")))
			.as("the health endpoint is on the web").contains("health");
		int curl = indexOfRun("install -y --no-install-recommends curl");
		assertThat(curl).as("curl is installed in the runtime stage").isGreaterThan(index("FROM", 1));
	}

	@Test
	void keepsTheDataOnAVolume() {
		assertThat(all("ENV")).contains("LANCHAT_DATA_DIR=/data");
		assertThat(all("VOLUME")).containsExactly("/data");
		assertThat(String.join("\n", all("RUN"))).contains("chown lanchat:lanchat /data");
	}

	@Test
	void theBuildContextHoldsEverythingMavenPackages() throws IOException {
		List<String> ignore = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.filter(line -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore.get(0)).isEqualTo("*");
		String pom = Files.readString(Path.of("pom.xml"));
		Matcher directories = Pattern.compile("<directory>([^<]+)</directory>").matcher(pom);
		List<String> copied = all("COPY");
		while (directories.find()) {
			String directory = directories.group(1);
			if (directory.equals("${project.basedir}")) {
				assertThat(ignore).contains("!application.yml");
				assertThat(copied).anySatisfy(copy -> assertThat(copy).contains("application.yml"));
				continue;
			}
			String top = directory.startsWith("src/main") ? "src/main" : directory;
			assertThat(ignore).as(directory).contains("!" + top + "/");
			assertThat(copied).as(directory).anySatisfy(copy -> assertThat(copy).startsWith(top + " "));
		}
		assertThat(ignore).contains("!pom.xml");
	}

	private List<String> all(String instruction) {
		List<String> values = new ArrayList<>();
		for (String line : dockerfile) {
			if (line.startsWith(instruction + " ")) {
				values.add(line.substring(instruction.length() + 1).strip());
			}
		}
		return values;
	}

	private int index(String instruction) {
		return index(instruction, 0);
	}

	private int index(String instruction, int occurrence) {
		int seen = 0;
		for (int i = 0; i < dockerfile.size(); i++) {
			if (dockerfile.get(i).startsWith(instruction + " ") && seen++ == occurrence) {
				return i;
			}
		}
		return -1;
	}

	private int indexOfRun(String text) {
		for (int i = 0; i < dockerfile.size(); i++) {
			if (dockerfile.get(i).startsWith("RUN ") && dockerfile.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	/** One entry per instruction, continuation lines joined, comments dropped. */
	private static List<String> instructions(Path file) {
		try {
			List<String> instructions = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : Files.readAllLines(file)) {
				String stripped = line.strip();
				if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
					continue;
				}
				if (stripped.endsWith("\\")) {
					current.append(stripped, 0, stripped.length() - 1).append(' ');
					continue;
				}
				current.append(stripped);
				instructions.add(current.toString().replaceAll("\\s+", " "));
				current.setLength(0);
			}
			return instructions;
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static String artifactId() throws IOException {
		Matcher matcher = Pattern.compile("</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}


	/** The application.yml that is packaged into the jar. */
	private static Map<String, Object> packagedDefaults() throws IOException {
		try (var in = Files.newInputStream(Path.of("application.yml"))) {
			return new Yaml().load(in);
		}
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> yaml, String... keys) {
		Object node = yaml;
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	/** The {@code @DefaultValue} of one component of a configuration properties record. */
	private static String defaultOf(Class<?> record, String component) {
		RecordComponent[] components = record.getRecordComponents();
		Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
		try {
			Constructor<?> canonical = record.getDeclaredConstructor(types);
			Parameter[] parameters = canonical.getParameters();
			for (int i = 0; i < components.length; i++) {
				if (components[i].getName().equals(component)) {
					return parameters[i].getAnnotation(DefaultValue.class).value()[0];
				}
			}
		}
		catch (NoSuchMethodException ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError(record + " has no " + component);
	}

}
