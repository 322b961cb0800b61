package lanchat.gateway;

import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head of every connection's pipeline: the one place where a connection is counted as
 * it is accepted, before it has sent anything. A connection over a limit is not cut off
 * at once: the server says nothing until the client's first bytes show which dialect it
 * speaks, so the refusal goes down the pipeline as an event, and the
 * {@link RequestReader} gives the reason as its answer to the first message (or closes
 * the connection if none comes soon).
 */
@Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

	private final Door door;

	AcceptGate(Door door) {
		this.door = door;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		Optional<Refusal> refusal = door.open(ctx.channel());
		ctx.fireChannelActive();
		refusal.ifPresent(why -> {
			log.info("Refused TCP client {} as it connected: {}", ctx.channel().remoteAddress(),
					LogText.of(why.getMessage()));
			ctx.fireUserEventTriggered(why);
		});
	}

	/**
	 * Counts a connection as it is accepted, until it closes.
	 */
	interface Door {

		/**
		 * @return why the connection may not stay, if it may not
		 */
		Optional<Refusal> open(Channel channel);

	}

}
