package lanchat.gateway;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import lanchat.admission.Admission;
import lanchat.admission.Entry;
import lanchat.admission.JoinRequest;
import lanchat.chat.ChatService;
import lanchat.chat.InboundChat;
import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import lanchat.identity.Claim;
import lanchat.identity.ClaimRequest;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seed client in the room, from the name it asks for to its leave. Joining, sending
 * and leaving go through the database, so they must not run on the event loop: they run
 * on one executor of the gateway's work group, chosen for the connection, which runs them
 * one at a time in order, so a leave never overtakes the join or the messages before it.
 * A join that waits for a password's slow hash (on a pool of its own) holds the
 * connection's later requests, not the executor, which other connections share.
 * <p>
 * Only these three hop to the work group, not every event of the handler, as adding it to
 * the pipeline with the group would do; and nothing comes back from the work group to the
 * event loop but writes, so the event loops can stop first and the work group then
 * announce every leave.
 * <p>
 * Messages for the client may come from any thread ({@link #send}); the pipeline renders,
 * paces and writes them on the event loop.
 */
final class TcpSession extends ChannelInboundHandlerAdapter {

	/**
	 * The connection's admission entry, from accept to close: who it is, once it has
	 * joined.
	 */
	static final AttributeKey<Entry> ENTRY = AttributeKey.valueOf(TcpSession.class, "entry");

	/**
	 * What {@code /devices} calls a TCP client (which never gets a token it could show).
	 */
	static final String DEVICE_LABEL = "seed client (TCP)";

	private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

	private final String id;

	private final Channel channel;

	private final Services services;

	private final EventExecutor work;

	/** Requests that came while the join waited; touched on the work executor only. */
	private final List<Runnable> afterJoin = new ArrayList<>();

	private boolean joining;

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

	/** Who the connection is, once it has joined. */
	@Nullable Connection connection() {
		Entry entry = channel.attr(ENTRY).get();
		return entry == null ? null : entry.connection();
	}

	/**
	 * Who a connection is, once it has joined; for the handlers that render and limit for
	 * it.
	 */
	static @Nullable ChatUser user(Channel channel) {
		Entry entry = channel.attr(ENTRY).get();
		Connection connection = entry == null ? null : entry.connection();
		return connection == null ? null : connection.user();
	}

	/** Queues a message for this client, if it has joined; from any thread. */
	void send(ServerMessage message) {
		if (connection() != null) {
			channel.writeAndFlush(message);
		}
	}

	/** Tells the client why, then closes; from any thread. */
	void closeWith(ErrorCode code, String reason) {
		TcpPipeline.closeWith(channel, ServerMessage.refusal(code, reason));
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		services.connections().add(this);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Dialect.NameRequest request) {
			inOrder(() -> join(request));
		}
		else if (msg instanceof InboundChat inbound) {
			inOrder(() -> {
				Connection from = connection();
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
		inOrder(this::leave);
	}

	/** Runs a request on the work group after every earlier one, the join included. */
	private void inOrder(Runnable task) {
		onWorkGroup(() -> {
			if (joining) {
				afterJoin.add(task);
			}
			else {
				task.run();
			}
		});
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

	/**
	 * Claims the name the way a STOMP CONNECT does, through admission, which also lets it
	 * into the room.
	 */
	private void join(Dialect.NameRequest request) {
		Entry entry = channel.attr(ENTRY).get();
		if (entry == null) {
			return;
		}
		joining = true;
		ClaimRequest claim = new ClaimRequest(request.name(), request.token(), request.password(), DEVICE_LABEL, false);
		services.admission()
			.join(entry, new JoinRequest(null, claim))
			.whenComplete((joined, failure) -> onWorkGroup(() -> {
				joined(joined, failure);
				joining = false;
				afterJoin.forEach(Runnable::run);
				afterJoin.clear();
			}));
	}

	private void joined(@Nullable Claim claim, @Nullable Throwable failure) {
		if (failure != null || claim == null) {
			RuntimeException why = Admission.unwrap(failure == null ? new IllegalStateException("no claim") : failure);
			if (why instanceof Refusal refusal) {
				log.info("Refused TCP client {}: {}", remote(), LogText.of(refusal.getMessage()));
				closeWith(refusal.code(), refusal.getMessage());
			}
			else {
				log.warn("Could not let TCP client {} in", remote(), why);
				TcpPipeline.closeWith(channel,
						ServerMessage.system("The server could not let you in. Please try again later."));
			}
			return;
		}
		Connection joined = connection();
		if (joined != null) {
			services.chat().deliverWaiting(joined);
		}
	}

	/**
	 * After everything the connection asked for: it leaves the room and is counted out.
	 */
	private void leave() {
		services.connections().remove(this);
		Entry entry = channel.attr(ENTRY).get();
		if (entry != null) {
			services.admission().close(entry);
		}
	}

	private @Nullable SocketAddress remote() {
		return channel.remoteAddress();
	}

	/**
	 * What a session needs from the rest of the app.
	 */
	record Services(ChatService chat, Admission admission, TcpConnections connections) {
	}

}
