package lanchat.system;

import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.jspecify.annotations.Nullable;

/**
 * A URL as a QR code, drawn two ways: in the terminal and as SVG for the page. Both keep
 * the quiet zone the standard asks for, or phone cameras fail to find the code.
 */
final class QrCodes {

	/**
	 * The standard asks for four modules; two is what phones need in practice and saves
	 * terminal lines.
	 */
	private static final int TERMINAL_QUIET_ZONE = 2;

	private static final int SVG_QUIET_ZONE = 4;

	private QrCodes() {
	}

	/**
	 * Tried in turn; M first because it survives a smudged screen and keeps a LAN URL
	 * small.
	 */
	private static final List<ErrorCorrectionLevel> LEVELS = List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q,
			ErrorCorrectionLevel.L, ErrorCorrectionLevel.H);

	/**
	 * The code's modules, with no margin: {@code true} is a dark module. A few codes out
	 * of a thousand have data that looks like a finder pattern and throw off camera-style
	 * readers, so each one is read back before it is used, and the next error-correction
	 * level (a different layout) is tried if it does not read.
	 */
	static BitMatrix encode(String text) {
		BitMatrix first = null;
		for (ErrorCorrectionLevel level : LEVELS) {
			BitMatrix matrix = encode(text, level);
			if (readsBack(matrix, text)) {
				return matrix;
			}
			if (first == null) {
				first = matrix;
			}
		}
		return first;
	}

	private static BitMatrix encode(String text, ErrorCorrectionLevel level) {
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION,
					level, EncodeHintType.MARGIN, 0, EncodeHintType.CHARACTER_SET, "UTF-8"));
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("cannot encode " + text.length() + " characters as a QR code", ex);
		}
	}

	/**
	 * Whether a camera-style reader gets the text back at several sizes: how well it
	 * copes varies with size.
	 */
	private static boolean readsBack(BitMatrix matrix, String text) {
		for (int scale = 2; scale <= 6; scale++) {
			if (!text.equals(read(matrix, scale))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What a camera-style reader (finder-pattern detection, not the pure-image shortcut)
	 * makes of the code.
	 */
	static @Nullable String read(BitMatrix matrix, int scale) {
		int size = (matrix.getWidth() + 2 * SVG_QUIET_ZONE) * scale;
		int[] pixels = new int[size * size];
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				int mx = x / scale - SVG_QUIET_ZONE;
				int my = y / scale - SVG_QUIET_ZONE;
				boolean dark = mx >= 0 && my >= 0 && mx < matrix.getWidth() && my < matrix.getHeight()
						&& matrix.get(mx, my);
				pixels[y * size + x] = dark ? 0xff000000 : 0xffffffff;
			}
		}
		try {
			return new QRCodeReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))),
						Map.of(DecodeHintType.TRY_HARDER, true))
				.getText();
		}
		catch (ReaderException ex) {
			return null;
		}
	}

	/**
	 * Two rows of modules per line with half blocks, so the code is square in a terminal.
	 * Light modules are drawn and dark ones left blank, which reads right on the usual
	 * dark terminal (and phone cameras read the inverse too).
	 */
	static String terminal(BitMatrix matrix) {
		int size = matrix.getWidth() + 2 * TERMINAL_QUIET_ZONE;
		StringBuilder out = new StringBuilder();
		for (int y = 0; y < size; y += 2) {
			for (int x = 0; x < size; x++) {
				boolean top = light(matrix, x - TERMINAL_QUIET_ZONE, y - TERMINAL_QUIET_ZONE);
				boolean bottom = y + 1 < size && light(matrix, x - TERMINAL_QUIET_ZONE, y + 1 - TERMINAL_QUIET_ZONE);
				out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
			}
			out.append('\n');
		}
		return out.toString();
	}

	/**
	 * Black on white, one unit per module, one path of horizontal runs: small, crisp at
	 * any size, and nothing in it comes from outside but the URL's bits.
	 */
	static String svg(BitMatrix matrix) {
		int size = matrix.getWidth() + 2 * SVG_QUIET_ZONE;
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < matrix.getHeight(); y++) {
			int x = 0;
			while (x < matrix.getWidth()) {
				if (!matrix.get(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < matrix.getWidth() && matrix.get(x, y)) {
					x++;
				}
				path.append('M')
					.append(start + SVG_QUIET_ZONE)
					.append(' ')
					.append(y + SVG_QUIET_ZONE)
					.append('h')
					.append(x - start)
					.append("v1h-")
					.append(x - start)
					.append('z');
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
				+ "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
				+ "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
	}

	private static boolean light(BitMatrix matrix, int x, int y) {
		boolean inside = x >= 0 && y >= 0 && x < matrix.getWidth() && y < matrix.getHeight();
		return !inside || !matrix.get(x, y);
	}

}
