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
 * No Docker engine runs where the project is built, so the Dockerfile and compose.yaml
 * are checked against the jar's real configuration instead: the ports they expose and
 * health-check, the data directory, the user, the build context, the layered image, the
 * dependency cache and the pinned base images.
 */
class DockerfileTests {

	private final List<String> dockerfile = instructions(Path.of("Dockerfile"));

	@Test
	void buildsWithMavenAndRunsOnAJre17AsANonRootUser() throws IOException {
		List<String> from = all("FROM");
		assertThat(from).hasSize(2);
		assertThat(from.get(0)).startsWith("maven:").contains("temurin-17").endsWith(" AS build");
		assertThat(from.get(1)).startsWith("eclipse-temurin:17.").contains("-jre");
		assertThat(String.join("\n", all("RUN"))).contains("mvn ")
			.contains(" package")
			.contains("cp target/" + artifactId() + "-*.jar /lanchat.jar");
		assertThat(all("USER")).containsExactly("lanchat");
		assertThat(index("USER")).as("USER before ENTRYPOINT").isLessThan(index("ENTRYPOINT"));
		assertThat(all("ENTRYPOINT")).singleElement().asString().contains("\"-jar\", \"/opt/lanchat/lanchat.jar\"");
	}

	@Test
	void baseImagesArePinnedToExactVersions() {
		for (String from : all("FROM")) {
			String image = from.split(" ")[0];
			assertThat(image).as(from).doesNotContain(":latest").contains(":");
			// every version in the tag is a full one (3.9.11, 17.0.16_8), not a moving 3
			// or 17
			assertThat(image.substring(image.indexOf(':') + 1)).as(from)
				.matches("\\d+\\.\\d+\\.\\d+[^:]*(@sha256:[0-9a-f]{64})?");
		}
	}

	@Test
	void theImageIsLayeredAsSpringBootSplitsTheJar() {
		assertThat(String.join("\n", all("RUN")))
			.contains("java -Djarmode=tools -jar /lanchat.jar extract --layers --destination /layers");
		// Spring Boot's layers, least often changed first; each its own image layer
		List<String> copies = all("COPY").stream().filter(copy -> copy.startsWith("--from=build")).toList();
		assertThat(copies).containsExactly("--from=build /layers/dependencies/ /opt/lanchat/",
				"--from=build /layers/spring-boot-loader/ /opt/lanchat/",
				"--from=build /layers/snapshot-dependencies/ /opt/lanchat/",
				"--from=build /layers/application/ /opt/lanchat/");
		assertThat(all("ENTRYPOINT").get(0)).as("the application layer holds the jar as extracted from /lanchat.jar")
			.contains("/opt/lanchat/lanchat.jar");
	}

	@Test
	void dependenciesAreFetchedBeforeTheSourcesArrivedAndCached() throws IOException {
		assertThat(Files.readAllLines(Path.of("Dockerfile")).get(0)).as("BuildKit syntax, for cache mounts")
			.isEqualTo("# syntax=docker/dockerfile:1");
		int pom = dockerfile.indexOf("COPY pom.xml ./");
		int offline = indexOfRun("dependency:go-offline");
		int sources = dockerfile.indexOf("COPY src/main ./src/main");
		assertThat(pom).as("the POM is copied on its own").isPositive();
		assertThat(offline).as("dependencies fetched after the POM, before the sources").isBetween(pom, sources);
		for (String run : all("RUN")) {
			if (run.contains("mvn ")) {
				assertThat(run).as("Maven's repository is a build cache")
					.startsWith("--mount=type=cache,target=/root/.m2 ");
			}
		}
	}

	@Test
	void composeRunsOneServiceWithItsVolumePublicUrlAndHealthcheck() throws Exception {
		Map<String, Object> compose = yaml(Path.of("compose.yaml"));
		Map<String, Object> services = map(compose.get("services"));
		assertThat(services).hasSize(1);
		Map<String, Object> lanchat = map(services.values().iterator().next());
		assertThat(lanchat.get("build")).isEqualTo(".");
		assertThat(lanchat.get("restart")).isEqualTo("unless-stopped");

		int httpPort = (Integer) path(packagedDefaults(), "server", "port");
		assertThat(strings(lanchat.get("ports"))).contains(httpPort + ":" + httpPort,
				defaultOf(Class.forName("lanchat.gateway.TcpProperties"), "port") + ":"
						+ defaultOf(Class.forName("lanchat.gateway.TcpProperties"), "port"));

		String volume = strings(lanchat.get("volumes")).get(0);
		assertThat(volume).as("the named volume on the image's data directory").endsWith(":/data");
		assertThat(map(compose.get("volumes"))).containsKey(volume.substring(0, volume.indexOf(':')));

		Map<String, Object> environment = map(lanchat.get("environment"));
		assertThat(String.valueOf(environment.get("LANCHAT_PUBLIC_URL")))
			.as("the public URL must be set: inside the container lanchat cannot know the host's address")
			.startsWith("${LANCHAT_PUBLIC_URL:?");

		Map<String, Object> healthcheck = map(lanchat.get("healthcheck"));
		assertThat(String.join(" ", strings(healthcheck.get("test"))))
			.isEqualTo("CMD curl -fsS http://localhost:" + httpPort + "/actuator/health");
		assertThat(String.valueOf(lanchat.get("stop_grace_period"))).as("longer than the 10 s a clean stop takes")
			.isEqualTo("15s");
	}

	@Test
	void exposesAndHealthChecksThePortsTheJarListensOn() throws Exception {
		Map<String, Object> defaults = packagedDefaults();
		int httpPort = (Integer) path(defaults, "server", "port");
		List<String> exposed = Arrays.asList(all("EXPOSE").get(0).split("\\s+"));
		assertThat(exposed).contains(String.valueOf(httpPort), String.valueOf(defaultOf(TlsProperties.class, "port")),
				String.valueOf(defaultOf(Class.forName("lanchat.gateway.TcpProperties"), "port")));

		String healthcheck = all("HEALTHCHECK").get(0);
		assertThat(healthcheck)
			.contains("curl -fsS \"http://localhost:${SERVER_PORT:-" + httpPort + "}/actuator/health\"");
		assertThat(String.valueOf(path(defaults, "management", "endpoints", "web", "exposure", "include")))
			.as("the health endpoint is on the web")
			.contains("health");
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
		return yaml(Path.of("application.yml"));
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		try (var in = Files.newInputStream(file)) {
			return new Yaml().load(in);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return (Map<String, Object>) node;
	}

	private static List<String> strings(Object node) {
		return ((List<?>) node).stream().map(String::valueOf).toList();
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> yaml, String... keys) {
		Object node = yaml;
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	/**
	 * The {@code @DefaultValue} of one component of a configuration properties record.
	 */
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
