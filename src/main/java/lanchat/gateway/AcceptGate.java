package lanchat.gateway;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lanchat.protocol.Refusal;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head of every connection's pipeline: the one place where a connection is checked as it is
 * accepted, before it has sent anything. A refused connection is not cut off at once: the server says
 * nothing until the client's first bytes show which dialect it speaks, so the refusal goes down the
 * pipeline as an event, and the {@link RequestReader} gives the reason as its answer to the first
 * message (or closes the connection if none comes soon).
 */
@Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

	private final Check check;

	AcceptGate(Check check) {
		this.check = check;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
		try {
			check.accept(TcpPipeline.address(ctx.channel()));
		}
		catch (Refusal refusal) {
			log.info("Refused TCP client {} as it connected: {}", ctx.channel().remoteAddress(), LogText.of(refusal.getMessage()));
			ctx.fireUserEventTriggered(refusal);
		}
	}

	/**
	 * What a connection must pass as it is accepted.
	 */
	interface Check {

		/** @throws Refusal when a connection from {@code address} may not stay */
		void accept(String address);

	}

}
