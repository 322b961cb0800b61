package lanchat.gateway;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Cuts a TCP byte stream into messages. TCP keeps no message boundaries: one read may hold several
 * messages or part of one, and a multi-byte character may be cut between reads, so splitters work on
 * bytes and decode only whole messages.
 */
interface Splitter {

	/**
	 * Takes the next bytes read.
	 * @return the messages completed by them, in order
	 * @throws FrameTooLarge when an unfinished message grows past the limit
	 */
	List<byte[]> feed(byte[] bytes, int offset, int length);

	default List<byte[]> feed(byte[] bytes) {
		return feed(bytes, 0, bytes.length);
	}

	/**
	 * The bytes of an unfinished message, taken out, when the client has paused: the seed's text clients
	 * send one message per write with no delimiter, so a pause is the only end they mark.
	 */
	default byte @Nullable [] takeRest() {
		return null;
	}

	/** How many bytes were skipped as not part of any message since the last call. */
	default int takeSkipped() {
		return 0;
	}

}
