package lanchat.system;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads the server's QR codes back with ZXing's decoder, the way a phone camera would:
 * the SVG and the terminal drawing are turned into pixels first, so what is checked is
 * the drawing, not the encoder.
 */
final class QrSupport {

	private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

	private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

	private static final int SCALE = 4;

	private QrSupport() {
	}

	/** Decodes an SVG made of black runs on a white square. */
	static String decodeSvg(String svg) {
		Matcher box = VIEW_BOX.matcher(svg);
		if (!box.find()) {
			throw new AssertionError("no viewBox in " + svg);
		}
		int size = Integer.parseInt(box.group(1));
		boolean[][] dark = new boolean[size][size];
		Matcher run = RUN.matcher(svg);
		while (run.find()) {
			int x = Integer.parseInt(run.group(1));
			int y = Integer.parseInt(run.group(2));
			for (int i = 0; i < Integer.parseInt(run.group(3)); i++) {
				dark[y][x + i] = true;
			}
		}
		return decode(dark);
	}

	/**
	 * Decodes a terminal drawing: blocks are light, blanks dark, two rows of modules per
	 * line. The drawing is square in modules, so a last half line beyond it is ignored.
	 */
	static String decodeTerminal(List<String> lines) {
		int size = lines.get(0).length();
		boolean[][] dark = new boolean[size][size];
		for (int y = 0; y < size; y++) {
			String line = lines.get(y / 2);
			for (int x = 0; x < size; x++) {
				char c = x < line.length() ? line.charAt(x) : ' ';
				dark[y][x] = y % 2 == 0 ? (c == ' ' || c == '▄') : (c == ' ' || c == '▀');
			}
		}
		return decode(dark);
	}

	private static String decode(boolean[][] dark) {
		int height = dark.length;
		int width = dark[0].length;
		int[] pixels = new int[width * SCALE * height * SCALE];
		for (int y = 0; y < height * SCALE; y++) {
			for (int x = 0; x < width * SCALE; x++) {
				pixels[y * width * SCALE + x] = dark[y / SCALE][x / SCALE] ? 0xff000000 : 0xffffffff;
			}
		}
		RGBLuminanceSource source = new RGBLuminanceSource(width * SCALE, height * SCALE, pixels);
		try {
			return new QRCodeReader()
				.decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, true))
				.getText();
		}
		catch (Exception ex) {
			throw new AssertionError("the QR code does not decode", ex);
		}
	}

}
