package lanchat.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * What {@link ImageProcessor} does to decoded pixels: scaling down, turning upright and
 * converting to plain RGB.
 */
final class Pixels {

	private Pixels() {
	}

	/**
	 * Halves the picture until one more halving would go below {@code longest}, then
	 * scales to it.
	 */
	static BufferedImage shrink(BufferedImage image, int longest) {
		BufferedImage current = image;
		while (Math.max(current.getWidth(), current.getHeight()) > longest) {
			double factor = Math.max(0.5, (double) longest / Math.max(current.getWidth(), current.getHeight()));
			int width = Math.max(1, (int) Math.round(current.getWidth() * factor));
			int height = Math.max(1, (int) Math.round(current.getHeight() * factor));
			current = draw(current, width, height, AffineTransform.getScaleInstance((double) width / current.getWidth(),
					(double) height / current.getHeight()));
		}
		boolean drawn = current.getType() == BufferedImage.TYPE_INT_RGB
				|| current.getType() == BufferedImage.TYPE_INT_ARGB;
		return drawn ? current : draw(current, current.getWidth(), current.getHeight(), new AffineTransform());
	}

	/** Applies an EXIF orientation (1 to 8) to the pixels. */
	static BufferedImage orient(BufferedImage image, int orientation) {
		int w = image.getWidth();
		int h = image.getHeight();
		AffineTransform transform = switch (orientation) {
			case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
			case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
			case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
			case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
			case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
			case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
			case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
			default -> null;
		};
		if (transform == null) {
			return image;
		}
		return orientation >= 5 ? draw(image, h, w, transform) : draw(image, w, h, transform);
	}

	private static BufferedImage draw(BufferedImage source, int width, int height, AffineTransform transform) {
		BufferedImage target = new BufferedImage(width, height,
				source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		Graphics2D g = target.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(source, transform, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

	static BufferedImage rgb(BufferedImage image) {
		if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) {
			return image;
		}
		return draw(image, image.getWidth(), image.getHeight(), new AffineTransform());
	}

}
