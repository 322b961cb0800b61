package lanchat.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * WebP without metadata: the {@code EXIF} and {@code XMP } chunks go and the extended
 * header stops announcing them. The result is put together in memory to write its new
 * length first, so larger WebP files than {@value #MAX_BYTES} bytes are kept as plain
 * files.
 */
final class WebpStripper implements MetadataStripper {

	static final long MAX_BYTES = 64L * 1024 * 1024;

	private static final int EXIF_FLAG = 0x08;

	private static final int XMP_FLAG = 0x04;

	@Override
	public int strip(InputStream in, OutputStream out) throws IOException {
		ByteBuffer header = ByteBuffer.wrap(MetadataStripper.read(in, 12)).order(ByteOrder.LITTLE_ENDIAN);
		long left = Integer.toUnsignedLong(header.getInt(4)) - 4;
		if (left > MAX_BYTES) {
			throw new IOException("a WebP file too large to clean in memory");
		}
		ByteArrayOutputStream chunks = new ByteArrayOutputStream();
		while (left > 0) {
			ByteBuffer chunk = ByteBuffer.wrap(MetadataStripper.read(in, 8)).order(ByteOrder.LITTLE_ENDIAN);
			String type = new String(chunk.array(), 0, 4, StandardCharsets.ISO_8859_1);
			long size = Integer.toUnsignedLong(chunk.getInt(4));
			long padded = size + (size & 1);
			left -= 8 + padded;
			if ("EXIF".equals(type) || "XMP ".equals(type)) {
				MetadataStripper.skip(in, padded);
				continue;
			}
			chunks.write(chunk.array());
			if ("VP8X".equals(type) && size >= 1) {
				int flags = MetadataStripper.readByte(in);
				chunks.write(flags & ~(EXIF_FLAG | XMP_FLAG));
				MetadataStripper.copy(in, chunks, padded - 1);
			}
			else {
				MetadataStripper.copy(in, chunks, padded);
			}
		}
		ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1))
			.putInt(chunks.size() + 4)
			.put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
		out.write(riff.array());
		chunks.writeTo(out);
		return 1;
	}

}
