package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image types served inline, told apart by their first bytes, never by a name or a
 * declared type.
 */
enum ImageKind {

	PNG("image/png"), JPEG("image/jpeg"), GIF("image/gif"), WEBP("image/webp");

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private final String mediaType;

	ImageKind(String mediaType) {
		this.mediaType = mediaType;
	}

	String mediaType() {
		return mediaType;
	}

	static boolean isImageType(String mediaType) {
		return Arrays.stream(values()).anyMatch(kind -> kind.mediaType.equals(mediaType));
	}

	static Optional<ImageKind> of(Path file) throws IOException {
		byte[] head = new byte[12];
		int read;
		try (InputStream in = Files.newInputStream(file)) {
			read = in.readNBytes(head, 0, head.length);
		}
		return of(Arrays.copyOf(head, read));
	}

	static Optional<ImageKind> of(byte[] head) {
		if (startsWith(head, PNG_SIGNATURE)) {
			return Optional.of(PNG);
		}
		if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
			return Optional.of(JPEG);
		}
		if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) {
			return Optional.of(GIF);
		}
		if (startsWith(head, ascii("RIFF")) && head.length >= 12 && Arrays.equals(head, 8, 12, ascii("WEBP"), 0, 4)) {
			return Optional.of(WEBP);
		}
		return Optional.empty();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
	}

}
