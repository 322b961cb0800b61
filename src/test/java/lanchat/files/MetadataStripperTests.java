package lanchat.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each format's stripper, on bytes made here: metadata goes, the picture stays readable,
 * and a file that ends early is refused.
 */
class MetadataStripperTests {

	/** A 1 x 1 lossless WebP. */
	static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

	@Test
	void jpegLosesExifCommentsAndWhatFollowsTheImage() throws IOException {
		byte[] photo = FileContentTests.withExif(FilesIntegrationTest.image(64, 48, "jpeg"), 1);
		byte[] comment = { (byte) 0xff, (byte) 0xfe, 0, 9, 's', 'e', 'c', 'r', 'e', 't', '!' };
		byte[] withAll = FileSharingTests.concat(Arrays.copyOf(photo, 2), comment,
				Arrays.copyOfRange(photo, 2, photo.length), "MOTION-PHOTO-VIDEO".getBytes(StandardCharsets.US_ASCII));

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(new JpegStripper().strip(new ByteArrayInputStream(withAll), out)).isEqualTo(1);
		byte[] clean = out.toByteArray();
		String text = new String(clean, StandardCharsets.ISO_8859_1);
		assertThat(text).doesNotContain("Exif")
			.doesNotContain("TestCam")
			.doesNotContain("secret")
			.doesNotContain("MOTION");
		assertThat(clean[clean.length - 2] & 0xff).isEqualTo(0xff);
		assertThat(clean[clean.length - 1] & 0xff).isEqualTo(0xd9);
		assertThat(ImageIO.read(new ByteArrayInputStream(clean)).getWidth()).isEqualTo(64);
	}

	@Test
	void aJpegNotUprightKeepsOnlyItsOrientation() throws IOException {
		byte[] photo = FileContentTests.withExif(FilesIntegrationTest.image(64, 48, "jpeg"), 8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(new JpegStripper().strip(new ByteArrayInputStream(photo), out)).isEqualTo(8);
		String text = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
		assertThat(text).contains("Exif").doesNotContain("TestCam");
		int exif = text.indexOf("Exif\0\0");
		assertThat(JpegStripper.orientation(Arrays.copyOfRange(out.toByteArray(), exif + 6, out.size()))).isEqualTo(8);
	}

	@Test
	void aTruncatedJpegIsRefused() {
		byte[] jpeg = FilesIntegrationTest.image(64, 48, "jpeg");
		assertThatThrownBy(() -> new JpegStripper()
			.strip(new ByteArrayInputStream(Arrays.copyOf(jpeg, jpeg.length - 10)), new ByteArrayOutputStream()))
			.isInstanceOf(IOException.class);
	}

	@Test
	void pngLosesItsTextChunks() throws IOException {
		byte[] png = FilesIntegrationTest.png(20, 10);
		byte[] withText = FileSharingTests.concat(Arrays.copyOf(png, 33), chunk("tEXt", "GPS\0here"),
				Arrays.copyOfRange(png, 33, png.length));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new PngStripper().strip(new ByteArrayInputStream(withText), out);
		assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("GPS");
		assertThat(out.toByteArray()).isEqualTo(png);
		assertThatThrownBy(() -> new PngStripper().strip(new ByteArrayInputStream(Arrays.copyOf(png, png.length - 12)),
				new ByteArrayOutputStream()))
			.isInstanceOf(IOException.class);
	}

	@Test
	void gifLosesCommentsAndKeepsItsPicture() throws IOException {
		byte[] gif = FilesIntegrationTest.image(16, 16, "gif");
		int afterTable = 13 + (3 << ((gif[10] & 0x07) + 1));
		byte[] comment = FileSharingTests.concat(new byte[] { 0x21, (byte) 0xfe, 6 },
				"secret".getBytes(StandardCharsets.US_ASCII), new byte[] { 0 });
		byte[] withComment = FileSharingTests.concat(Arrays.copyOf(gif, afterTable), comment,
				Arrays.copyOfRange(gif, afterTable, gif.length));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new GifStripper().strip(new ByteArrayInputStream(withComment), out);
		assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
		assertThat(ImageIO.read(new ByteArrayInputStream(out.toByteArray())).getWidth()).isEqualTo(16);
	}

	@Test
	void webpLosesItsExifChunkAndIsReadByThePlugIn() throws IOException {
		assertThat(ImageKind.of(WEBP)).contains(ImageKind.WEBP);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new WebpStripper().strip(new ByteArrayInputStream(withExifChunk(WEBP)), out);
		assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("EXIF");
		assertThat(out.toByteArray()).isEqualTo(WEBP);
		assertThat(ImageIO.read(new ByteArrayInputStream(out.toByteArray())).getWidth()).isEqualTo(1);
	}

	private static byte[] withExifChunk(byte[] webp) {
		byte[] exif = FileSharingTests.concat("EXIF".getBytes(StandardCharsets.US_ASCII),
				ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(3).array(),
				new byte[] { 'G', 'P', 'S', 0 });
		byte[] joined = FileSharingTests.concat(webp, exif);
		ByteBuffer.wrap(joined).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, joined.length - 8);
		return joined;
	}

	private static byte[] chunk(String type, String data) {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(bytes);
		return FileSharingTests.concat(ByteBuffer.allocate(4).putInt(bytes.length).array(), typeBytes, bytes,
				ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
