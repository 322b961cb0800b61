package lanchat.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation of one WebSocket's binary messages as they arrive in parts:
 * STOMP frames are UTF-8, and a decoder that silently replaced bad bytes would let
 * malformed input through as text. A character split across two parts is carried over,
 * not refused.
 */
final class Utf8Validator {

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private ByteBuffer carried = ByteBuffer.allocate(0);

	/**
	 * @return false as soon as the bytes cannot be UTF-8
	 */
	synchronized boolean accept(ByteBuffer part, boolean last) {
		ByteBuffer input = ByteBuffer.allocate(carried.remaining() + part.remaining());
		input.put(carried).put(part.duplicate()).flip();
		CharBuffer sink = CharBuffer.allocate(input.remaining() + 1);
		CoderResult result = decoder.decode(input, sink, last);
		boolean valid = !result.isError() && (!last || (decoder.flush(sink).isUnderflow() && !input.hasRemaining()));
		carried = last ? ByteBuffer.allocate(0) : input.slice();
		if (last || !valid) {
			decoder.reset();
		}
		return valid;
	}

}
