package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Decodes each whole frame as UTF-8, strictly: Netty's {@code StringDecoder} would put
 * U+FFFD in place of malformed bytes, and the text would go to everyone changed. A frame
 * that is not UTF-8 is refused with {@link CorruptedFrameException}, and the connection
 * is then told and closed.
 */
@Sharable
final class StrictUtf8Decoder extends MessageToMessageDecoder<ByteBuf> {

	static final String NOT_UTF8 = "The server accepts only UTF-8 text. Closing the connection.";

	StrictUtf8Decoder() {
		super(ByteBuf.class);
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
		if (!ByteBufUtil.isText(frame, StandardCharsets.UTF_8)) {
			throw new CorruptedFrameException(NOT_UTF8);
		}
		out.add(frame.toString(StandardCharsets.UTF_8));
	}

}
