package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies an image without its metadata (camera EXIF, GPS position, XMP, comments),
 * leaving the pixel data untouched: no re-encoding, so no loss. What is kept is what the
 * picture needs to look right: colour profiles and animation control. A file that ends
 * before its format says it should throws.
 */
interface MetadataStripper {

	/**
	 * @return the EXIF orientation the original carried (1 to 8; 1 when it had none)
	 * @throws IOException when the file is not well-formed
	 */
	int strip(InputStream in, OutputStream out) throws IOException;

	static MetadataStripper of(ImageKind kind) {
		return switch (kind) {
			case JPEG -> new JpegStripper();
			case PNG -> new PngStripper();
			case GIF -> new GifStripper();
			case WEBP -> new WebpStripper();
		};
	}

	/** Reads exactly {@code n} bytes, or throws if the file ends first. */
	static byte[] read(InputStream in, int n) throws IOException {
		byte[] bytes = in.readNBytes(n);
		if (bytes.length < n) {
			throw new IOException("the image ends early");
		}
		return bytes;
	}

	static int readByte(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new IOException("the image ends early");
		}
		return b;
	}

	/** Copies exactly {@code n} bytes, or throws if the file ends first. */
	static void copy(InputStream in, OutputStream out, long n) throws IOException {
		byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
		long left = n;
		while (left > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new IOException("the image ends early");
			}
			out.write(buffer, 0, read);
			left -= read;
		}
	}

	/** Skips exactly {@code n} bytes, or throws if the file ends first. */
	static void skip(InputStream in, long n) throws IOException {
		copy(in, OutputStream.nullOutputStream(), n);
	}

}
