package lanchat.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation: STOMP frames are UTF-8, and a decoder that silently replaces bad bytes would
 * let malformed input through as text.
 */
final class Utf8 {

	private Utf8() {
	}

	static boolean isValid(ByteBuffer bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes.duplicate());
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
