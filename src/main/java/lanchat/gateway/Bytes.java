package lanchat.gateway;

import java.util.Arrays;

/**
 * A growable byte array for the message being assembled, capped so a client cannot make it grow
 * without end.
 */
final class Bytes {

	private final int limit;

	private byte[] bytes = new byte[128];

	private int length;

	Bytes(int limit) {
		this.limit = limit;
	}

	void add(byte b) {
		if (length == limit) {
			throw new FrameTooLarge(limit);
		}
		if (length == bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.min(limit, bytes.length * 2));
		}
		bytes[length++] = b;
	}

	int length() {
		return length;
	}

	byte last() {
		return bytes[length - 1];
	}

	/** The bytes so far, leaving it empty; {@code drop} trailing bytes are left out. */
	byte[] take(int drop) {
		byte[] taken = Arrays.copyOf(bytes, Math.max(0, length - drop));
		length = 0;
		if (bytes.length > 4096) {
			bytes = new byte[128];
		}
		return taken;
	}

}
