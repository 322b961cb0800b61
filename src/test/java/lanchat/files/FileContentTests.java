package lanchat.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is stored and served for hostile or unusual uploads: names, active content, lies
 * about the type, damaged and absurd images, and the metadata of photos.
 */
class FileContentTests extends FilesIntegrationTest {

	@Test
	void namesAreMadeSafe() {
		try (Client alice = client("alice")) {
			assertThat(name(alice, "../../etc/passwd")).isEqualTo("passwd");
			assertThat(name(alice, "..\\..\\boot.ini")).isEqualTo("boot.ini");
			assertThat(name(alice, "a\u0000b.txt")).isEqualTo("ab.txt");
			assertThat(name(alice, "photo\u202Egpj.exe")).isEqualTo("photogpj.exe");
			assertThat(name(alice, "..")).isEqualTo("file");
			String longName = name(alice, "x".repeat(300) + ".txt");
			assertThat(longName).hasSize(FileNames.MAX_LENGTH).endsWith("x.txt");
			assertThat(name(alice, "小明的照片 1.txt")).isEqualTo("小明的照片 1.txt");
		}
	}

	@Test
	void activeContentIsNeverServedInline() {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(document.cookie)</script></svg>"
				.getBytes(StandardCharsets.UTF_8);
			byte[] html = "<!doctype html><script>fetch('/api/history/export')</script>"
				.getBytes(StandardCharsets.UTF_8);
			for (Upload upload : new Upload[] { new Upload("logo.svg", "image/svg+xml", svg),
					new Upload("page.html", "text/html", html), new Upload("photo.png", "image/png", html) }) {
				JsonNode uploaded = http().uploaded(alice.ticket(), upload.name(), upload.type(), upload.bytes());
				assertThat(uploaded.path("image").isNull()).as(upload.name()).isTrue();
				if (upload.name().equals("photo.png")) {
					assertThat(uploaded.path("mediaType").asString()).isEqualTo("application/octet-stream");
				}
				alice.sendFile(uploaded.path("fileId").asString(), "");
				JsonNode file = bob.nextFile(alice.name()).path("file");
				assertThat(file.path("thumbnailUrl").isNull()).isTrue();
				HttpResponse<byte[]> served = http().get(file.path("url").asString());
				assertThat(served.statusCode()).isEqualTo(200);
				assertThat(served.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
				assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
				assertThat(served.headers().allValues("Content-Security-Policy"))
					.containsExactly("sandbox; default-src 'none'");
				assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
				assertThat(served.body()).isEqualTo(upload.bytes());
			}
		}
	}

	@Test
	void aTruncatedJpegAndADecompressionBombAreKeptAsPlainFilesAndTheServerStaysUp() throws Exception {
		try (Client alice = client("alice")) {
			byte[] jpeg = image(400, 300, "jpeg");
			JsonNode truncated = http().uploaded(alice.ticket(), "cut.jpg", "image/jpeg",
					Arrays.copyOf(jpeg, jpeg.length / 2));
			assertThat(truncated.path("image").isNull()).isTrue();
			assertThat(truncated.path("mediaType").asString()).isEqualTo("application/octet-stream");

			JsonNode bomb = http().uploaded(alice.ticket(), "bomb.png", "image/png", bombPng(100_000, 100_000));
			assertThat(bomb.path("image").isNull()).isTrue();

			HttpResponse<byte[]> health = http().get("/actuator/health");
			assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
			assertThat(http().uploaded(alice.ticket(), "fine.png", "image/png", png(10, 10))
				.path("image")
				.path("width")
				.asInt()).isEqualTo(10);
		}
	}

	/**
	 * A GIF's logical screen may be tiny while its first picture, the one decoded for the
	 * thumbnail, declares many megapixels: the size that counts is the larger.
	 */
	@Test
	void aGifWhosePictureIsFarLargerThanItsScreenIsKeptAsAPlainFile() {
		try (Client alice = client("alice")) {
			JsonNode bomb = http().uploaded(alice.ticket(), "bomb.gif", "image/gif", bombGif(1, 1, 8000, 7000));
			assertThat(bomb.path("image").isNull()).isTrue();
			assertThat(bomb.path("mediaType").asString()).isEqualTo("application/octet-stream");
			assertThat(http().uploaded(alice.ticket(), "fine.gif", "image/gif", image(12, 10, "gif"))
				.path("image")
				.path("width")
				.asInt()).isEqualTo(12);
		}
	}

	@Test
	void photosAreServedWithoutTheirGpsPositionAndTurnedUpright() throws Exception {
		byte[] photo = withExif(image(300, 200, "jpeg"), 6);
		Metadata original = ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo));
		assertThat(original.getFirstDirectoryOfType(GpsDirectory.class).getRationalArray(GpsDirectory.TAG_LATITUDE))
			.extracting(rational -> rational.doubleValue())
			.containsExactly(52d, 30d, 0d);

		try (Client alice = client("alice"); Client bob = client("bob")) {
			JsonNode uploaded = http().uploaded(alice.ticket(), "IMG_0001.jpg", "image/jpeg", photo);
			assertThat(uploaded.path("image").path("width").asInt()).isEqualTo(200);
			assertThat(uploaded.path("image").path("height").asInt()).isEqualTo(300);
			alice.sendFile(uploaded.path("fileId").asString(), "");
			JsonNode file = bob.nextFile(alice.name()).path("file");

			byte[] served = http().get(file.path("url").asString()).body();
			Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(served));
			assertThat(metadata.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
			assertThat(metadata.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
			BufferedImage upright = ImageIO.read(new ByteArrayInputStream(served));
			assertThat(upright.getWidth()).isEqualTo(200);
			assertThat(upright.getHeight()).isEqualTo(300);
			// the blue band at the top left of the sensor's picture is at the top right
			// once upright
			assertBlue(upright.getRGB(190, 20));
			assertBlue(~upright.getRGB(10, 20) | 0xff000000);

			byte[] thumbnail = http().get(file.path("thumbnailUrl").asString()).body();
			assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(thumbnail))
				.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
			BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
			assertThat(small.getHeight()).isGreaterThan(small.getWidth());
		}
	}

	/**
	 * Phones take 108 and 200 megapixel photos: too large to decode here, so kept as
	 * plain files, but their metadata goes all the same (taking it out decodes nothing).
	 */
	@Test
	void aPhotoTooLargeToDecodeIsKeptPlainButWithoutItsGpsPosition() throws Exception {
		byte[] photo = withExif(declaringSize(image(300, 200, "jpeg"), 12_000, 9_000), 1);
		assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo))
			.getFirstDirectoryOfType(GpsDirectory.class)).isNotNull();
		try (Client alice = client("alice"); Client bob = client("bob")) {
			JsonNode uploaded = http().uploaded(alice.ticket(), "IMG_0108.jpg", "image/jpeg", photo);
			assertThat(uploaded.path("image").isNull()).isTrue();
			alice.sendFile(uploaded.path("fileId").asString(), "");
			JsonNode file = bob.nextFile(alice.name()).path("file");
			HttpResponse<byte[]> served = http().get(file.path("url").asString());
			assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
			assertThat(served.body().length).isEqualTo(file.path("size").asLong());
			Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(served.body()));
			assertThat(metadata.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
			assertThat(metadata.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
		}
	}

	/**
	 * The JPEG with its frame header saying {@code width} x {@code height}; its scan is
	 * left as it is.
	 */
	private static byte[] declaringSize(byte[] jpeg, int width, int height) {
		byte[] patched = jpeg.clone();
		for (int i = 2; i + 8 < patched.length; i++) {
			if ((patched[i] & 0xff) == 0xff && (patched[i + 1] & 0xff) == 0xc0) {
				ByteBuffer.wrap(patched, i + 5, 4).putShort((short) height).putShort((short) width);
				return patched;
			}
		}
		throw new IllegalArgumentException("no baseline frame header");
	}

	private String name(Client client, String submitted) {
		return http().uploaded(client.ticket(), submitted, "text/plain", "x".getBytes()).path("name").asString();
	}

	private static void assertBlue(int rgb) {
		int red = (rgb >> 16) & 0xff;
		int blue = rgb & 0xff;
		assertThat(blue).as("blue of %08x", rgb).isGreaterThan(200);
		assertThat(red).as("red of %08x", rgb).isLessThan(60);
	}

	/**
	 * A real PNG header declaring a huge picture, with a little image data: never to be
	 * decoded.
	 */
	static byte[] bombPng(int width, int height) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).array());
		Deflater deflater = new Deflater();
		deflater.setInput(new byte[1 << 20]);
		deflater.finish();
		byte[] compressed = new byte[1 << 16];
		int length = deflater.deflate(compressed);
		chunk(out, "IDAT", Arrays.copyOf(compressed, length));
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(typeBytes);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	/**
	 * A GIF with a two-colour logical screen of {@code screenWidth} x
	 * {@code screenHeight} and one picture of {@code width} x {@code height} whose pixel
	 * data ends at once.
	 */
	static byte[] bombGif(int screenWidth, int screenHeight, int width, int height) {
		ByteBuffer gif = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
		gif.putShort((short) screenWidth).putShort((short) screenHeight).put((byte) 0x80).put((byte) 0).put((byte) 0);
		gif.put(new byte[] { 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff });
		gif.put((byte) 0x2c)
			.putShort((short) 0)
			.putShort((short) 0)
			.putShort((short) width)
			.putShort((short) height)
			.put((byte) 0);
		// LZW with 2-bit colours: a clear code (4) and the end code (5), 3 bits each
		gif.put((byte) 2).put((byte) 1).put((byte) 0x2c).put((byte) 0);
		gif.put((byte) 0x3b);
		return Arrays.copyOf(gif.array(), gif.position());
	}

	/**
	 * The JPEG with an EXIF segment as a camera writes one: a make, an orientation and a
	 * GPS position (52.5 N), right after the start of the image.
	 */
	static byte[] withExif(byte[] jpeg, int orientation) {
		ByteBuffer tiff = ByteBuffer.allocate(112);
		tiff.put(new byte[] { 'M', 'M', 0, 42 }).putInt(8);
		tiff.putShort((short) 3);
		tiff.putShort((short) 0x010f).putShort((short) 2).putInt(8).putInt(50);
		tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
		tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(58);
		tiff.putInt(0);
		tiff.put("TestCam\0".getBytes(StandardCharsets.US_ASCII));
		tiff.putShort((short) 2);
		tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] { 'N', 0, 0, 0 });
		tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(88);
		tiff.putInt(0);
		tiff.putInt(52).putInt(1).putInt(30).putInt(1).putInt(0).putInt(1);
		byte[] payload = FileSharingTests.concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
		byte[] segment = ByteBuffer.allocate(4 + payload.length)
			.put((byte) 0xff)
			.put((byte) 0xe1)
			.putShort((short) (payload.length + 2))
			.put(payload)
			.array();
		return FileSharingTests.concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
	}

	private record Upload(String name, String type, byte[] bytes) {
	}

}
