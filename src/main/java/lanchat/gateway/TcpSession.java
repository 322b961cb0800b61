package lanchat.gateway;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lanchat.LanchatProperties;
import lanchat.chat.ChatService;
import lanchat.chat.InboundChat;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.Claim;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.presence.PresenceService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.AccessCode;
import lanchat.security.ConnectAttempts;
import lanchat.security.RateLimits;
import lanchat.security.TokenBucket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One seed client's connection, from its first bytes to its leave.
 * <p>
 * Reading, framing, rate limiting and writing happen on the channel's event loop, so the fields below the
 * line are touched by it alone. Claiming the name, sending and leaving go through the database, so they
 * run in order on a {@link SerialExecutor}. Messages for the client may come from any thread:
 * {@link #send} renders them there and hands the bytes to the event loop.
 */
final class TcpSession extends ChannelInboundHandlerAdapter {

	private static final int NAME_TIMEOUT_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

	/** How long a text client must pause before an unterminated message counts as sent. */
	static final long REST_DELAY_MILLIS = 50;

	/** How long a client that is being closed gets to read the reason. */
	private static final long CLOSE_GRACE_SECONDS = 2;

	private final String id;

	private final Services services;

	private final SerialExecutor work;

	private final TokenBucket bucket;

	private final Channel channel;

	private volatile @Nullable Dialect dialect;

	private volatile @Nullable Connection connection;

	// ---- event loop only

	private final Outbox outbox;

	private @Nullable Splitter splitter;

	private @Nullable ScheduledFuture<?> restTimer;

	private boolean named;

	private boolean closing;

	TcpSession(String id, Channel channel, Services services) {
		this.id = id;
		this.channel = channel;
		this.services = services;
		this.work = new SerialExecutor(services.pool());
		this.bucket = services.rateLimits().newBucket();
		this.outbox = new Outbox(channel, services.limits().sendBufferSize(),
				services.limits().sendTimeLimit().toNanos(), this::slowReader);
	}

	String id() {
		return id;
	}

	@Nullable Connection connection() {
		return connection;
	}

	/** Queues a message for this client, if it has joined; from any thread. */
	void send(ServerMessage message) {
		Dialect current = dialect;
		Connection self = connection;
		if (current == null || self == null) {
			return;
		}
		List<byte[]> writes = current.render(message, self.user());
		if (!writes.isEmpty()) {
			onEventLoop(() -> {
				if (!closing) {
					outbox.add(writes);
				}
			});
		}
	}

	/** Tells the client why, then closes; from any thread. */
	void closeWith(String reason) {
		onEventLoop(() -> close(reason));
	}

	private void onEventLoop(Runnable task) {
		try {
			channel.eventLoop().execute(task);
		}
		catch (RejectedExecutionException ex) {
			// the gateway has stopped, and the connection with it
		}
	}

	/** A socket that never says who it is would hold a connection for nothing. */
	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		channel.eventLoop().schedule(() -> {
			if (!named && !closing) {
				log.info("Closed TCP client {}: it sent no name within {} s", remote(), NAME_TIMEOUT_SECONDS);
				closing = true;
				channel.close();
			}
		}, NAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf buffer = (ByteBuf) msg;
		try {
			if (!closing) {
				read(ByteBufUtil.getBytes(buffer));
			}
		}
		finally {
			buffer.release();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		closing = true;
		if (restTimer != null) {
			restTimer.cancel(false);
		}
		work.execute(this::leave);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		log.debug("TCP client {} failed: {}", remote(), cause.toString());
		ctx.close();
	}

	private void read(byte[] bytes) {
		int start = 0;
		if (splitter == null) {
			// nothing was sent before these bytes, so they alone say which seed client this is
			while (start < bytes.length && JsonObjectSplitter.isWhitespace(bytes[start])) {
				start++;
			}
			if (start == bytes.length) {
				return;
			}
			Dialect chosen = bytes[start] == '{' ? services.json() : TextDialect.INSTANCE;
			dialect = chosen;
			splitter = chosen.splitter(services.limits().frameSize());
		}
		List<byte[]> frames;
		try {
			frames = splitter.feed(bytes, start, bytes.length - start);
		}
		catch (FrameTooLarge ex) {
			close(ex.getMessage());
			return;
		}
		for (byte[] frame : frames) {
			if (closing) {
				return;
			}
			frame(frame);
		}
		int skipped = splitter.takeSkipped();
		if (skipped > 0 && !closing && bucket.shouldWarn(System.nanoTime())) {
			system("Skipped " + skipped + " bytes that were not part of a JSON object.");
		}
		if (dialect == TextDialect.INSTANCE) {
			waitForRest();
		}
	}

	/** Takes an unterminated text message as sent once the client pauses, as the seed's v2 client does. */
	private void waitForRest() {
		if (restTimer != null) {
			restTimer.cancel(false);
		}
		restTimer = channel.eventLoop().schedule(() -> {
			byte[] rest = splitter == null ? null : splitter.takeRest();
			if (rest != null && !closing) {
				frame(rest);
			}
		}, REST_DELAY_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void frame(byte[] bytes) {
		Dialect current = dialect;
		String text;
		try {
			text = Utf8.decode(bytes);
		}
		catch (CharacterCodingException ex) {
			close("The server accepts only UTF-8 text. Closing the connection.");
			return;
		}
		if (!named) {
			name(current, text);
			return;
		}
		long now = System.nanoTime();
		long wait = bucket.take(now);
		if (wait > 0) {
			if (bucket.shouldWarn(now)) {
				system(RateLimits.tooFast(wait));
			}
			return;
		}
		InboundChat inbound;
		try {
			inbound = current.message(text);
		}
		catch (Refusal ex) {
			system(ex.getMessage());
			return;
		}
		if (inbound != null) {
			work.execute(() -> {
				Connection from = connection;
				if (from != null) {
					services.chat().receive(from, inbound);
				}
			});
		}
	}

	private void name(Dialect current, String text) {
		Dialect.NameRequest request;
		try {
			request = current.name(text);
		}
		catch (Refusal ex) {
			close(ex.getMessage());
			return;
		}
		if (request != null) {
			named = true;
			work.execute(() -> join(request));
		}
	}

	/** On the serial executor: claims the name the way a STOMP CONNECT does, then joins the room. */
	private void join(Dialect.NameRequest request) {
		Claim claim;
		try {
			String address = address();
			services.attempts().count(address);
			services.accessCode().check(null);
			ModerationService moderation = services.moderation().getObject();
			moderation.checkAddressNotBanned(address);
			if (services.connections().countFrom(address) >= services.limits().connectionsPerAddress()) {
				throw new Refusal(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address (at most "
						+ services.limits().connectionsPerAddress() + ")");
			}
			claim = services.identities().claim(request.name(), request.token(), request.password());
			moderation.checkNotBanned(claim.user(), address);
		}
		catch (Refusal ex) {
			log.info("Refused TCP client {}: {}", remote(), ex.getMessage());
			closeWith(ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			log.warn("Could not let TCP client {} in", remote(), ex);
			closeWith("The server could not let you in. Please try again later.");
			return;
		}
		if (!channel.isActive()) {
			return;
		}
		Connection joined = new Connection(id, claim.user(), Transport.TCP);
		connection = joined;
		services.connections().add(this);
		services.presence().connected(joined);
		services.chat().deliverWaiting(joined);
	}

	/** On the serial executor, after everything the connection asked for. */
	private void leave() {
		Connection left = connection;
		connection = null;
		services.connections().remove(this);
		if (left != null) {
			services.presence().disconnected(left);
		}
	}

	private void system(String text) {
		Dialect current = dialect;
		if (current != null) {
			outbox.add(current.render(ServerMessage.system(text), self()));
		}
	}

	private void close(String reason) {
		if (closing) {
			return;
		}
		system(reason);
		closing = true;
		outbox.closeWhenDrained();
		// a client that does not read would otherwise keep the connection open
		channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
	}

	private void slowReader() {
		log.info("Dropped TCP client {} ({}): it stopped reading", remote(), nameOrNone());
		closing = true;
		channel.close();
	}

	private @Nullable ChatUser self() {
		Connection current = connection;
		return current == null ? null : current.user();
	}

	private String nameOrNone() {
		ChatUser self = self();
		return self == null ? "no name yet" : self.username();
	}

	private @Nullable SocketAddress remote() {
		return channel.remoteAddress();
	}

	/** The client's network address, for per-address limits and bans. */
	String address() {
		return channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
				? inet.getAddress().getHostAddress() : "unknown";
	}

	/**
	 * What every session needs from the rest of the app.
	 */
	record Services(ChatService chat, PresenceService presence, IdentityService identities, AccessCode accessCode,
			RateLimits rateLimits, TcpConnections connections, JsonDialect json, LanchatProperties.Limits limits,
			ConnectAttempts attempts, ObjectProvider<ModerationService> moderation, Executor pool) {
	}

}
