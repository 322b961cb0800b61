package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Cuts text into lines at {@code \n} (a trailing {@code \r} is dropped), for netcat-style clients. The
 * seed's v1 and v2 clients end nothing: their unterminated rest is taken as a message when they pause
 * (see {@link #takeRest()}).
 */
final class LineSplitter implements Splitter {

	private final Bytes line;

	LineSplitter(int maxLineSize) {
		this.line = new Bytes(maxLineSize);
	}

	@Override
	public List<byte[]> feed(byte[] bytes, int offset, int length) {
		List<byte[]> lines = new ArrayList<>(1);
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] == '\n') {
				lines.add(take());
			}
			else {
				line.add(bytes[i]);
			}
		}
		return lines;
	}

	@Override
	public byte @Nullable [] takeRest() {
		return line.length() == 0 ? null : take();
	}

	private byte[] take() {
		boolean carriageReturn = line.length() > 0 && line.last() == '\r';
		return line.take(carriageReturn ? 1 : 0);
	}

}
