package lanchat.gateway;

import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import lanchat.chat.ChatService;
import lanchat.chat.InboundChat;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.Claim;
import lanchat.presence.PresenceService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seed client in the room, from the name it asks for to its leave. Joining, sending and leaving go
 * through the database, so they must not run on the event loop: they run on one executor of the
 * gateway's work group, chosen for the connection, which runs them one at a time in order, so a leave never
 * overtakes the join or the messages before it.
 * <p>
 * Only these three hop to the work group, not every event of the handler, as adding it to the pipeline
 * with the group would do; and nothing comes back from the work group to the event loop but writes, so the
 * event loops can stop first and the work group then announce every leave.
 * <p>
 * Messages for the client may come from any thread ({@link #send}); the pipeline renders, paces and writes
 * them on the event loop.
 */
final class TcpSession extends ChannelInboundHandlerAdapter {

	/** Who the connection is, once it has joined; the dialects render each message for it. */
	static final AttributeKey<ChatUser> USER = AttributeKey.valueOf(TcpSession.class, "user");

	private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

	private final String id;

	private final Channel channel;

	private final Services services;

	private final EventExecutor work;

	private volatile @Nullable Connection connection;

	private volatile boolean closing;

	TcpSession(String id, Channel channel, Services services, EventExecutor work) {
		this.id = id;
		this.channel = channel;
		this.services = services;
		this.work = work;
	}

	String id() {
		return id;
	}

	@Nullable Connection connection() {
		return connection;
	}

	/** Queues a message for this client, if it has joined; from any thread. */
	void send(ServerMessage message) {
		if (connection != null) {
			channel.writeAndFlush(message);
		}
	}

	/** Tells the client why, then closes; from any thread. */
	void closeWith(ErrorCode code, String reason) {
		TcpPipeline.closeWith(channel, ServerMessage.refusal(code, reason));
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Dialect.NameRequest request) {
			onWorkGroup(() -> join(request));
		}
		else if (msg instanceof InboundChat inbound) {
			onWorkGroup(() -> {
				Connection from = connection;
				if (from != null && !closing) {
					services.chat().receive(from, inbound);
				}
			});
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	/** The last handler: events stop here. */
	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event == PacedWriter.Closing.INSTANCE) {
			closing = true;
		}
		ReferenceCountUtil.release(event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		closing = true;
		onWorkGroup(this::leave);
	}

	private void onWorkGroup(Runnable task) {
		try {
			work.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					log.warn("A request of TCP client {} failed", remote(), ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// the gateway has stopped; what was not done will not be
		}
	}

	/** Claims the name the way a STOMP CONNECT does, then joins the room. */
	private void join(Dialect.NameRequest request) {
		Claim claim;
		try {
			claim = services.admission().join(address(), request);
		}
		catch (Refusal ex) {
			log.info("Refused TCP client {}: {}", remote(), LogText.of(ex.getMessage()));
			closeWith(ex.code(), ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			log.warn("Could not let TCP client {} in", remote(), ex);
			TcpPipeline.closeWith(channel, ServerMessage.system("The server could not let you in. Please try again later."));
			return;
		}
		if (!channel.isActive()) {
			return;
		}
		Connection joined = new Connection(id, claim.user(), Transport.TCP);
		channel.attr(USER).set(claim.user());
		connection = joined;
		services.connections().add(this);
		services.presence().connected(joined);
		services.chat().deliverWaiting(joined);
	}

	/** After everything the connection asked for. */
	private void leave() {
		Connection left = connection;
		connection = null;
		services.connections().remove(this);
		if (left != null) {
			services.presence().disconnected(left);
		}
	}

	/** The client's network address, for per-address limits and bans. */
	String address() {
		return TcpPipeline.address(channel);
	}

	private @Nullable SocketAddress remote() {
		return channel.remoteAddress();
	}

	/**
	 * What a session needs from the rest of the app. Joining is one call, so that one admission service
	 * for every transport can take {@link TcpAdmission}'s place.
	 */
	record Services(ChatService chat, PresenceService presence, TcpAdmission admission, TcpConnections connections) {
	}

}
