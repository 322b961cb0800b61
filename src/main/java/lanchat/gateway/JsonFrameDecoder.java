package lanchat.gateway;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Finds JSON objects in a byte stream by counting braces outside strings, as Netty's
 * {@code JsonObjectDecoder} does, with two differences that the seed's clients need.
 * Bytes between objects that are not whitespace are skipped and reported as
 * {@link Skipped}, where Netty's decoder refuses the rest of the connection. And the size
 * limit is on each object, where Netty's measures the buffer it has gathered, so a client
 * whose reads cut small objects apart is refused as if it had sent one too large.
 * <p>
 * The seed's v3 client sends one object per write with no delimiter, so objects may
 * arrive concatenated or cut anywhere, even inside a multi-byte character. Whether an
 * object is valid JSON is for the parser to say: this only finds where it ends. Each
 * object goes on as a slice of the bytes read.
 */
final class JsonFrameDecoder extends ByteToMessageDecoder {

	private final int maxObjectSize;

	/**
	 * How many bytes of the object at the reader index have been looked at; 0 between
	 * objects.
	 */
	private int scanned;

	private int depth;

	private boolean inString;

	private boolean escaped;

	JsonFrameDecoder(int maxObjectSize) {
		this.maxObjectSize = maxObjectSize;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
		int skipped = 0;
		while (in.isReadable()) {
			if (scanned == 0) {
				byte first = in.getByte(in.readerIndex());
				if (first != '{') {
					in.skipBytes(1);
					skipped += isWhitespace(first) ? 0 : 1;
					continue;
				}
			}
			if (!scanObject(in)) {
				break;
			}
			out.add(in.readRetainedSlice(scanned));
			scanned = 0;
		}
		if (skipped > 0) {
			out.add(new Skipped(skipped));
		}
	}

	/**
	 * Looks at the object's bytes not yet seen.
	 * @return true once its closing brace is among them
	 * @throws TooLongFrameException when it grows past the limit; what was read is
	 * dropped
	 */
	private boolean scanObject(ByteBuf in) throws TooLongFrameException {
		while (scanned < in.readableBytes()) {
			if (scanned == maxObjectSize) {
				in.skipBytes(in.readableBytes());
				scanned = 0;
				depth = 0;
				inString = false;
				escaped = false;
				throw new TooLongFrameException("A message may be at most " + maxObjectSize + " bytes.");
			}
			byte b = in.getByte(in.readerIndex() + scanned++);
			if (inString) {
				// UTF-8 continuation bytes are all >= 0x80, so they never look like a
				// quote or a backslash
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
				return true;
			}
		}
		return false;
	}

	static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	/**
	 * That many bytes between objects were not part of any and were skipped.
	 */
	record Skipped(int bytes) {
	}

}
