package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds JSON objects in a byte stream by counting braces outside strings. The seed's v3 client sends
 * one object per write with no delimiter, so objects may arrive concatenated or cut anywhere, even
 * inside a multi-byte character; anything between objects (whitespace, stray bytes) is skipped.
 * Whether an object is valid JSON is for the parser to say: this only finds where it ends.
 */
final class JsonObjectSplitter implements Splitter {

	private final Bytes object;

	private int depth;

	private boolean inString;

	private boolean escaped;

	private int skipped;

	JsonObjectSplitter(int maxObjectSize) {
		this.object = new Bytes(maxObjectSize);
	}

	@Override
	public List<byte[]> feed(byte[] bytes, int offset, int length) {
		List<byte[]> objects = new ArrayList<>(1);
		for (int i = offset; i < offset + length; i++) {
			byte b = bytes[i];
			if (depth == 0) {
				if (b == '{') {
					depth = 1;
					object.add(b);
				}
				else if (!isWhitespace(b)) {
					skipped++;
				}
				continue;
			}
			object.add(b);
			if (inString) {
				// UTF-8 continuation bytes are all >= 0x80, so they never look like a quote or a backslash
				if (escaped) {
					escaped = false;
				}
				else if (b == '\\') {
					escaped = true;
				}
				else if (b == '"') {
					inString = false;
				}
			}
			else if (b == '"') {
				inString = true;
			}
			else if (b == '{') {
				depth++;
			}
			else if (b == '}' && --depth == 0) {
				objects.add(object.take(0));
			}
		}
		return objects;
	}

	@Override
	public int takeSkipped() {
		int count = skipped;
		skipped = 0;
		return count;
	}

	static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

}
