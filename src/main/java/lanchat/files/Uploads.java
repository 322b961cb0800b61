package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One upload from its first byte to its row: streamed to a temporary file while its hash
 * is taken and the limits are checked, then (for images) cleaned and given a thumbnail,
 * then moved into the blob store and recorded. Nothing is held in memory beyond one
 * buffer.
 */
@Component
class Uploads {

	private static final Logger log = LoggerFactory.getLogger(Uploads.class);

	private static final int BUFFER = 256 * 1024;

	private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

	private static final String OCTET_STREAM = "application/octet-stream";

	private final SecureRandom random = new SecureRandom();

	private final BlobStore blobs;

	private final FileRepository files;

	private final ImageProcessor images;

	private final FilesProperties settings;

	private final Clock clock;

	Uploads(BlobStore blobs, FileRepository files, ImageProcessor images, FilesProperties settings, Clock clock) {
		this.blobs = blobs;
		this.files = files;
		this.images = images;
		this.settings = settings;
		this.clock = clock;
	}

	long maxBytes() {
		return settings.maxBytes().toBytes();
	}

	/** Refuses with 507 when not even {@code bytes} more could be stored. */
	void checkRoom(long bytes) {
		if (room() < Math.max(bytes, 1)) {
			throw storageFull();
		}
	}

	/**
	 * Streams one uploaded file to disk and stores it; the caller answers with what this
	 * returns.
	 */
	Uploaded receive(InputStream in, @Nullable String submittedName, @Nullable String declaredType, ChatUser uploader)
			throws IOException {
		Path upload = blobs.newTemporary();
		List<Path> temporaries = new ArrayList<>(List.of(upload));
		try {
			String hash = copy(in, upload);
			long size = Files.size(upload);
			String name = FileNames.safe(submittedName);
			Optional<ImageKind> kind = ImageKind.of(upload);
			Optional<ImageProcessor.Processed> image = kind.flatMap(k -> images.process(upload, k));
			image.ifPresent(processed -> temporaries.addAll(List.of(processed.clean(), processed.thumbnail())));
			List<BlobStore.Kept> kept = new ArrayList<>();
			String contentHash = hash;
			String thumbnailHash = null;
			if (image.isPresent()) {
				contentHash = BlobStore.sha256(image.get().clean());
				size = Files.size(image.get().clean());
				thumbnailHash = BlobStore.sha256(image.get().thumbnail());
				kept.add(new BlobStore.Kept(image.get().clean(), contentHash));
				kept.add(new BlobStore.Kept(image.get().thumbnail(), thumbnailHash));
			}
			else {
				// an image kept as a plain file (too large, or not decodable) still loses
				// its metadata if it can
				Optional<Path> stripped = kind.flatMap(k -> images.withoutMetadata(upload, k));
				stripped.ifPresent(temporaries::add);
				Path plain = stripped.orElse(upload);
				contentHash = stripped.isPresent() ? BlobStore.sha256(plain) : hash;
				size = Files.size(plain);
				kept.add(new BlobStore.Kept(plain, contentHash));
			}
			String mediaType = image.isPresent() ? kind.get().mediaType() : declared(declaredType, kind.isPresent());
			FileRepository.StoredFile file = new FileRepository.StoredFile(newId(), image.isPresent() ? newId() : null,
					uploader.identityId(), name, size, mediaType, contentHash, thumbnailHash,
					image.map(ImageProcessor.Processed::width).orElse(null),
					image.map(ImageProcessor.Processed::height).orElse(null), clock.instant());
			blobs.keep(kept, () -> {
				files.insert(file);
				return file;
			});
			log.info("{} uploaded {} ({} bytes, {})", LogText.of(uploader.username()), file.id(), size,
					LogText.of(mediaType));
			return new Uploaded(file.id(), name, size, mediaType,
					file.width() == null ? null : new Uploaded.Image(file.width(), file.height()));
		}
		finally {
			for (Path temporary : temporaries) {
				Files.deleteIfExists(temporary);
			}
		}
	}

	/**
	 * Copies the upload to {@code target}, enforcing the limits as it goes; returns its
	 * SHA-256.
	 */
	private String copy(InputStream in, Path target) throws IOException {
		MessageDigest digest = BlobStore.newDigest();
		long allowed = maxBytes();
		long room = room();
		long size = 0;
		byte[] buffer = new byte[BUFFER];
		try (OutputStream out = Files.newOutputStream(target)) {
			for (int read; (read = in.read(buffer)) >= 0;) {
				size += read;
				if (size > allowed) {
					throw tooLarge();
				}
				if (size > room) {
					throw storageFull();
				}
				digest.update(buffer, 0, read);
				try {
					out.write(buffer, 0, read);
				}
				catch (IOException ex) {
					throw new StorageFailed(ex);
				}
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * What may still be stored: within {@code max-total}, and leaving {@code min-free} of
	 * the disk free.
	 */
	private long room() {
		long room = blobs.usableSpace() - settings.minFree().toBytes();
		if (settings.maxTotal() != null) {
			room = Math.min(room, settings.maxTotal().toBytes() - blobs.used());
		}
		return room;
	}

	UploadRefused tooLarge() {
		return new UploadRefused(413, ErrorCode.FILE_TOO_LARGE,
				"The file is too large: at most " + describe(maxBytes()) + " can be uploaded.");
	}

	static UploadRefused storageFull() {
		return new UploadRefused(507, ErrorCode.STORAGE_FULL, "The server has no room for more files right now.");
	}

	/**
	 * The type the uploader declared, if it is a well-formed one and claims no image its
	 * bytes are not.
	 */
	private static String declared(@Nullable String declaredType, boolean imageKeptPlain) {
		if (declaredType == null || imageKeptPlain) {
			return OCTET_STREAM;
		}
		String type = declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return MEDIA_TYPE.matcher(type).matches() && type.length() <= 100 && !ImageKind.isImageType(type) ? type
				: OCTET_STREAM;
	}

	/** 144 random bits, URL-safe. */
	private String newId() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String describe(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KB", "MB", "GB", "TB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
	}

	/**
	 * The answer to an upload, as the contract spells it.
	 *
	 * @param image the size of an image shown inline; {@code null} for anything else
	 */
	@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
	record Uploaded(String fileId, String name, long size, String mediaType, @Nullable Image image) {

		record Image(int width, int height) {
		}

	}

	/** Writing to the data directory failed: the disk, not the client. */
	static final class StorageFailed extends IOException {

		StorageFailed(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
