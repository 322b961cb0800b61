package lanchat.bench.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The textbook Spring upload: a {@code MultipartFile} parameter (Tomcat parses the body into a
 * temporary file before the handler runs) moved to its place with {@code transferTo}. No ticket, no
 * hash, no limits: what lanchat's own streaming upload is measured against.
 */
@SpringBootApplication
@RestController
public class MultipartBaselineApp {

	private final Path store = Path.of(System.getProperty("bench.store", "store"));

	public static void main(String[] args) {
		SpringApplication.run(MultipartBaselineApp.class, args);
	}

	@PostMapping("/upload")
	Map<String, Object> upload(@RequestParam("file") MultipartFile file) throws IOException {
		Files.createDirectories(store);
		Path target = store.resolve(UUID.randomUUID().toString()).toAbsolutePath();
		file.transferTo(target);
		return Map.of("size", Files.size(target));
	}

}
