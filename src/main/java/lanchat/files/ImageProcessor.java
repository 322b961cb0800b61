package lanchat.files;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns an uploaded image into what is stored and served: metadata removed
 * ({@link MetadataStripper}), turned upright, and a thumbnail of at most
 * {@value #THUMBNAIL} px on the long side. The declared size is read from the header
 * first; a picture over {@value #MAX_PIXELS} pixels is never decoded (it stays a plain
 * file), and decoding reads only every n-th pixel when a thumbnail needs no more, so
 * memory stays small whatever the upload. Anything that fails to decode is kept as a
 * plain file too.
 * <p>
 * Decoding goes through {@code javax.imageio} only: the JDK reads PNG, JPEG and GIF, and
 * TwelveMonkeys' plug-ins add WebP and a JPEG reader that copes with CMYK and damaged
 * files.
 */
@Component
class ImageProcessor {

	static final long MAX_PIXELS = 50_000_000;

	static final int THUMBNAIL = 480;

	private static final Logger log = LoggerFactory.getLogger(ImageProcessor.class);

	/** Two at a time: each may hold a full picture in memory while turning it upright. */
	private final Semaphore decoding = new Semaphore(2);

	private final BlobStore blobs;

	/** The most memory one picture may take while turned upright or decoded whole. */
	private final long decodeBudget = Runtime.getRuntime().maxMemory() / 4;

	ImageProcessor(BlobStore blobs) {
		this.blobs = blobs;
	}

	/**
	 * @return the cleaned image and its thumbnail (temporary files for the caller), or
	 * empty when the upload is to be kept as a plain file
	 */
	Optional<Processed> process(Path upload, ImageKind kind) {
		decoding.acquireUninterruptibly();
		Path clean = null;
		Path thumbnail = null;
		try {
			Size size = declaredSize(upload, kind);
			if (size.width() < 1 || size.height() < 1 || (long) size.width() * size.height() > MAX_PIXELS
					|| (kind == ImageKind.WEBP && size.pixels() * 4 > decodeBudget)) {
				log.info("An uploaded {} of {} x {} px is kept as a plain file", kind, size.width(), size.height());
				return Optional.empty();
			}
			clean = blobs.newTemporary();
			int orientation;
			boolean sideways;
			try (InputStream in = new BufferedInputStream(Files.newInputStream(upload));
					OutputStream out = new BufferedOutputStream(Files.newOutputStream(clean))) {
				orientation = MetadataStripper.of(kind).strip(in, out);
			}
			sideways = orientation >= 5;
			if (orientation != 1 && kind == ImageKind.JPEG && size.pixels() * 8 <= decodeBudget) {
				turnUpright(clean, orientation);
				orientation = 1;
			}
			thumbnail = blobs.newTemporary();
			BufferedImage small = Pixels.orient(decodeSmall(clean, kind, size), orientation);
			boolean opaque = !small.getColorModel().hasAlpha();
			write(small, opaque ? "jpeg" : "png", thumbnail);
			return Optional.of(new Processed(clean, sideways ? size.height() : size.width(),
					sideways ? size.width() : size.height(), thumbnail));
		}
		catch (IOException | RuntimeException ex) {
			// the decoder's words may quote the file's own bytes
			log.info("An uploaded {} could not be read as an image ({}); it is kept as a plain file", kind,
					LogText.of(ex.getMessage()));
			deleteQuietly(clean);
			deleteQuietly(thumbnail);
			return Optional.empty();
		}
		finally {
			decoding.release();
		}
	}

	/**
	 * The image without its metadata and otherwise as it is, for one that is kept as a
	 * plain file: taking the metadata out decodes nothing, so it is safe whatever the
	 * declared size.
	 * @return a temporary file for the caller, or empty when the file is not well-formed
	 * enough to clean
	 */
	Optional<Path> withoutMetadata(Path upload, ImageKind kind) {
		decoding.acquireUninterruptibly();
		Path clean = null;
		try {
			// WebP alone is put together in memory (twice its size at worst, as the
			// buffer grows)
			if (kind == ImageKind.WEBP && Files.size(upload) * 2 > decodeBudget) {
				log.info("An uploaded WebP of {} bytes kept as a plain file is too large to clean in memory",
						Files.size(upload));
				return Optional.empty();
			}
			clean = blobs.newTemporary();
			try (InputStream in = new BufferedInputStream(Files.newInputStream(upload));
					OutputStream out = new BufferedOutputStream(Files.newOutputStream(clean))) {
				MetadataStripper.of(kind).strip(in, out);
			}
			return Optional.of(clean);
		}
		catch (IOException | RuntimeException ex) {
			log.info("An uploaded {} kept as a plain file could not be cleaned of its metadata ({})", kind,
					LogText.of(ex.getMessage()));
			deleteQuietly(clean);
			return Optional.empty();
		}
		finally {
			decoding.release();
		}
	}

	/** The size the header declares, read without decoding a pixel. */
	private static Size declaredSize(Path file, ImageKind kind) throws IOException {
		Size first = firstPictureSize(file, kind);
		if (kind != ImageKind.GIF) {
			return first;
		}
		// a browser allocates the logical screen, the decoder the first picture: either
		// may be the larger
		try (InputStream in = Files.newInputStream(file)) {
			ByteBuffer screen = ByteBuffer.wrap(MetadataStripper.read(in, 10)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			return new Size(Math.max(first.width(), Short.toUnsignedInt(screen.getShort(6))),
					Math.max(first.height(), Short.toUnsignedInt(screen.getShort(8))));
		}
	}

	private static Size firstPictureSize(Path file, ImageKind kind) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(kind);
			try {
				reader.setInput(in, true, true);
				return new Size(reader.getWidth(0), reader.getHeight(0));
			}
			finally {
				reader.dispose();
			}
		}
	}

	/** Decodes every n-th pixel, enough for a sharp thumbnail. */
	private static BufferedImage decodeSmall(Path file, ImageKind kind, Size size) throws IOException {
		int longest = Math.max(size.width(), size.height());
		int step = Math.max(1, longest / (2 * THUMBNAIL));
		BufferedImage decoded = decode(file, kind, step);
		return Pixels.shrink(decoded, THUMBNAIL);
	}

	private static BufferedImage decode(Path file, ImageKind kind, int step) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(kind);
			try {
				reader.setInput(in, true, true);
				ImageReadParam param = reader.getDefaultReadParam();
				param.setSourceSubsampling(step, step, 0, 0);
				return reader.read(0, param);
			}
			finally {
				reader.dispose();
			}
		}
	}

	/**
	 * Re-encodes a JPEG with its pixels turned as its orientation says (and so with no
	 * EXIF at all).
	 */
	private void turnUpright(Path jpeg, int orientation) throws IOException {
		BufferedImage upright = Pixels.orient(Pixels.rgb(decode(jpeg, ImageKind.JPEG, 1)), orientation);
		Path turned = blobs.newTemporary();
		try {
			write(upright, "jpeg", turned);
			Files.move(turned, jpeg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(turned);
		}
	}

	private static void write(BufferedImage image, String format, Path file) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			if ("jpeg".equals(format)) {
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionQuality(0.9f);
			}
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	private static ImageReader reader(ImageKind kind) throws IOException {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(kind.mediaType());
		if (!readers.hasNext()) {
			throw new IOException("no reader for " + kind.mediaType());
		}
		return readers.next();
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Could not delete {}: {}", file, ex.getMessage());
			}
		}
	}

	private record Size(int width, int height) {

		long pixels() {
			return (long) width * height;
		}

	}

	/**
	 * @param clean the image as stored: no metadata, upright
	 * @param width its width as shown
	 * @param height its height as shown
	 * @param thumbnail a JPEG, or a PNG when the image has transparency
	 */
	record Processed(Path clean, int width, int height, Path thumbnail) {
	}

}
