package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JPEG without metadata: of the application segments only JFIF ({@code APP0}), the colour
 * profile ({@code APP2 ICC_PROFILE}) and Adobe's colour transform ({@code APP14}) are
 * kept; EXIF and XMP ({@code APP1}), IPTC ({@code APP13}), comments and everything after
 * the end-of-image marker (where phones put extra pictures and motion-photo videos) go.
 * The orientation is read from the EXIF on the way and, when it is not upright, written
 * back as a minimal EXIF that holds only it, so the picture is never shown on its side;
 * {@link ImageProcessor} then turns the pixels upright when memory allows.
 */
final class JpegStripper implements MetadataStripper {

	private static final int SOS = 0xda;

	private static final int EOI = 0xd9;

	private static final int APP0 = 0xe0;

	private static final int APP1 = 0xe1;

	private static final int APP2 = 0xe2;

	private static final int APP14 = 0xee;

	private static final int COM = 0xfe;

	private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);

	private static final int ORIENTATION_TAG = 0x0112;

	@Override
	public int strip(InputStream in, OutputStream out) throws IOException {
		if (MetadataStripper.readByte(in) != 0xff || MetadataStripper.readByte(in) != 0xd8) {
			throw new IOException("not a JPEG");
		}
		KeptSegments head = new KeptSegments();
		int orientation = 1;
		int marker = nextMarker(in);
		// the segments before the first scan: kept ones are held until the orientation is
		// known
		while (marker != SOS) {
			if (marker == EOI) {
				throw new IOException("a JPEG without image data");
			}
			if (standalone(marker)) {
				head.write(marker, new byte[0]);
			}
			else {
				byte[] payload = segment(in);
				if (marker == APP1 && startsWith(payload, EXIF)) {
					orientation = orientation(Arrays.copyOfRange(payload, EXIF.length, payload.length));
				}
				else if (keep(marker, payload)) {
					head.write(marker, payload);
				}
			}
			marker = nextMarker(in);
		}
		out.write(0xff);
		out.write(0xd8);
		head.writeTo(out);
		if (orientation != 1) {
			writeSegment(out, APP1, minimalExif(orientation));
		}
		copyScans(in, out);
		return orientation;
	}

	/**
	 * From the first scan to the end of the image: scans and the tables between them,
	 * metadata dropped.
	 */
	private static void copyScans(InputStream in, OutputStream out) throws IOException {
		int marker = SOS;
		while (true) {
			if (marker == EOI) {
				out.write(0xff);
				out.write(EOI);
				return;
			}
			if (standalone(marker)) {
				out.write(0xff);
				out.write(marker);
				marker = nextMarker(in);
				continue;
			}
			byte[] payload = segment(in);
			if (marker != SOS) {
				if (keep(marker, payload)) {
					writeSegment(out, marker, payload);
				}
				marker = nextMarker(in);
				continue;
			}
			writeSegment(out, marker, payload);
			marker = copyEntropyCoded(in, out);
		}
	}

	/**
	 * Copies a scan's data up to the next marker that is not a restart marker, and
	 * returns that marker.
	 */
	private static int copyEntropyCoded(InputStream in, OutputStream out) throws IOException {
		int b = MetadataStripper.readByte(in);
		while (true) {
			if (b != 0xff) {
				out.write(b);
				b = MetadataStripper.readByte(in);
				continue;
			}
			int next = MetadataStripper.readByte(in);
			while (next == 0xff) {
				next = MetadataStripper.readByte(in);
			}
			if (next == 0 || (next >= 0xd0 && next <= 0xd7)) {
				out.write(0xff);
				out.write(next);
				b = MetadataStripper.readByte(in);
				continue;
			}
			return next;
		}
	}

	private static boolean keep(int marker, byte[] payload) {
		if (marker == COM) {
			return false;
		}
		if (marker >= APP0 && marker <= 0xef) {
			return (marker == APP0 && startsWith(payload, JFIF)) || (marker == APP2 && startsWith(payload, ICC))
					|| marker == APP14;
		}
		return true;
	}

	private static boolean standalone(int marker) {
		return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
	}

	private static int nextMarker(InputStream in) throws IOException {
		if (MetadataStripper.readByte(in) != 0xff) {
			throw new IOException("a JPEG segment does not start with a marker");
		}
		int marker = MetadataStripper.readByte(in);
		while (marker == 0xff) {
			marker = MetadataStripper.readByte(in);
		}
		return marker;
	}

	private static byte[] segment(InputStream in) throws IOException {
		int length = (MetadataStripper.readByte(in) << 8) | MetadataStripper.readByte(in);
		if (length < 2) {
			throw new IOException("a JPEG segment with a bad length");
		}
		return MetadataStripper.read(in, length - 2);
	}

	private static void writeSegment(OutputStream out, int marker, byte[] payload) throws IOException {
		out.write(0xff);
		out.write(marker);
		int length = payload.length + 2;
		out.write(length >> 8);
		out.write(length & 0xff);
		out.write(payload);
	}

	/**
	 * The orientation tag of IFD0 of a TIFF structure (the body of an EXIF segment); 1
	 * when absent.
	 */
	static int orientation(byte[] tiff) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(tiff);
			if (tiff[0] == 'I' && tiff[1] == 'I') {
				buffer.order(ByteOrder.LITTLE_ENDIAN);
			}
			else if (tiff[0] != 'M' || tiff[1] != 'M') {
				return 1;
			}
			int ifd = buffer.getInt(4);
			int entries = Short.toUnsignedInt(buffer.getShort(ifd));
			for (int i = 0; i < entries; i++) {
				int entry = ifd + 2 + i * 12;
				if (Short.toUnsignedInt(buffer.getShort(entry)) == ORIENTATION_TAG) {
					int value = Short.toUnsignedInt(buffer.getShort(entry + 8));
					return value >= 1 && value <= 8 ? value : 1;
				}
			}
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			// a damaged EXIF block says nothing usable
		}
		return 1;
	}

	/** An EXIF segment's body holding one tag: the orientation. */
	static byte[] minimalExif(int orientation) {
		ByteBuffer exif = ByteBuffer.allocate(EXIF.length + 8 + 2 + 12 + 4);
		exif.put(EXIF).put(new byte[] { 'M', 'M', 0, 42 }).putInt(8);
		exif.putShort((short) 1).putShort((short) ORIENTATION_TAG).putShort((short) 3).putInt(1);
		exif.putShort((short) orientation).putShort((short) 0);
		exif.putInt(0);
		return exif.array();
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
	}

	/** The kept segments before the first scan. */
	private static final class KeptSegments {

		private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

		void write(int marker, byte[] payload) throws IOException {
			if (standalone(marker)) {
				bytes.write(0xff);
				bytes.write(marker);
			}
			else {
				writeSegment(bytes, marker, payload);
			}
		}

		void writeTo(OutputStream out) throws IOException {
			bytes.writeTo(out);
		}

	}

}
