package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GIF without metadata: comment blocks and application blocks (XMP among them) go, except
 * the looping blocks of animations ({@code NETSCAPE2.0}, {@code ANIMEXTS1.0}).
 */
final class GifStripper implements MetadataStripper {

	private static final int EXTENSION = 0x21;

	private static final int IMAGE = 0x2c;

	private static final int TRAILER = 0x3b;

	private static final int COMMENT = 0xfe;

	private static final int APPLICATION = 0xff;

	@Override
	public int strip(InputStream in, OutputStream out) throws IOException {
		byte[] screen = MetadataStripper.read(in, 13);
		out.write(screen);
		copyColorTable(in, out, screen[10]);
		while (true) {
			int block = MetadataStripper.readByte(in);
			if (block == TRAILER) {
				out.write(block);
				return 1;
			}
			if (block == IMAGE) {
				byte[] descriptor = MetadataStripper.read(in, 9);
				out.write(block);
				out.write(descriptor);
				copyColorTable(in, out, descriptor[8]);
				out.write(MetadataStripper.readByte(in));
				subBlocks(in, out);
			}
			else if (block == EXTENSION) {
				int label = MetadataStripper.readByte(in);
				boolean kept = label != COMMENT;
				byte[] first = new byte[0];
				if (label == APPLICATION) {
					int size = MetadataStripper.readByte(in);
					first = MetadataStripper.read(in, size);
					String application = new String(first, StandardCharsets.ISO_8859_1);
					kept = application.equals("NETSCAPE2.0") || application.equals("ANIMEXTS1.0");
					if (kept) {
						out.write(block);
						out.write(label);
						out.write(size);
						out.write(first);
					}
				}
				else if (kept) {
					out.write(block);
					out.write(label);
				}
				subBlocks(in, kept ? out : OutputStream.nullOutputStream());
			}
			else {
				throw new IOException("an unknown GIF block");
			}
		}
	}

	private static void copyColorTable(InputStream in, OutputStream out, byte flags) throws IOException {
		if ((flags & 0x80) != 0) {
			MetadataStripper.copy(in, out, 3L << ((flags & 0x07) + 1));
		}
	}

	private static void subBlocks(InputStream in, OutputStream out) throws IOException {
		int size;
		do {
			size = MetadataStripper.readByte(in);
			out.write(size);
			MetadataStripper.copy(in, out, size);
		}
		while (size != 0);
	}

}
