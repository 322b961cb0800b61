package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * PNG without metadata: only the chunks that draw the picture are kept (header, palette,
 * image data, transparency, colour and gamma information, physical size, and APNG's
 * animation chunks); text, EXIF, time stamps and anything unknown go.
 */
final class PngStripper implements MetadataStripper {

	private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP",
			"sBIT", "sRGB", "cICP", "bKGD", "hIST", "pHYs", "acTL", "fcTL", "fdAT");

	@Override
	public int strip(InputStream in, OutputStream out) throws IOException {
		out.write(MetadataStripper.read(in, 8));
		while (true) {
			byte[] header = MetadataStripper.read(in, 8);
			long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt(0));
			String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
			if (KEPT.contains(type)) {
				out.write(header);
				MetadataStripper.copy(in, out, length + 4);
			}
			else {
				MetadataStripper.skip(in, length + 4);
			}
			if ("IEND".equals(type)) {
				return 1;
			}
		}
	}

}
