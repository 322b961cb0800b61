package lanchat.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import lanchat.protocol.ErrorCode;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /files/<id>/<name>}: whoever has the URL may fetch the file; nobody can find
 * one without it. Served so that nothing uploaded can run in the page's origin:
 * {@code nosniff}, a sandboxing Content-Security-Policy, and {@code inline} only for the
 * images whose bytes were checked; everything else (SVG and HTML included) is an
 * {@code attachment} of type {@code application/octet-stream}. The content of an id never
 * changes, so it is cached for good; {@code Range} requests are answered by Spring's
 * resource handling. An unknown id, one never used or one whose file has expired, gets
 * the same 404 by the same queries.
 */
@Controller
class FileController {

	static final String SANDBOX = "sandbox; default-src 'none'";

	private static final CacheControl FOREVER = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

	private final FileRepository files;

	private final BlobStore blobs;

	FileController(FileRepository files, BlobStore blobs) {
		this.files = files;
		this.blobs = blobs;
	}

	@GetMapping("/files/{id}/{*name}")
	ResponseEntity<?> serve(@PathVariable String id, HttpServletResponse response) throws IOException {
		// replaces the page's policy that SecurityHeaders set: an uploaded file gets no
		// rights at all
		response.setHeader("Content-Security-Policy", SANDBOX);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
		Optional<FileRepository.Served> served = files.servable(id);
		Optional<Path> blob = served.flatMap(file -> blobs.find(file.hash()));
		if (served.isEmpty() || blob.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.body(Map.of("code", ErrorCode.FILE_MISSING.wireName(), "message", "There is no such file."));
		}
		FileRepository.Served file = served.get();
		String type = file.mediaType() != null ? file.mediaType()
				: ImageKind.of(blob.get()).map(ImageKind::mediaType).orElse(null);
		boolean inline = file.inline() && type != null;
		ContentDisposition disposition = (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
			.filename(file.name(), StandardCharsets.UTF_8)
			.build();
		return ResponseEntity.ok()
			.contentType(inline ? MediaType.parseMediaType(type) : MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			.cacheControl(FOREVER)
			.eTag(id)
			.body(new FileSystemResource(blob.get()));
	}

}
