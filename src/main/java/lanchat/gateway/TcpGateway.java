package lanchat.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import lanchat.LanchatProperties;
import lanchat.chat.ChatService;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.presence.PresenceService;
import lanchat.security.AccessCode;
import lanchat.security.ConnectAttempts;
import lanchat.security.RateLimits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens for the seed's clients on {@code lanchat.tcp.port}: two Netty event loops for all
 * connections, and a small pool for the work that goes through the database. Starts after everything
 * else is ready and stops first, closing every connection so each leaves the room properly.
 */
@Component
class TcpGateway implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TcpGateway.class);

	private static final int EVENT_LOOPS = 2;

	private static final int WORKERS = 4;

	/** Connection ids, unique in the process even if a second gateway runs (as in tests). */
	private static final AtomicLong IDS = new AtomicLong();

	private final TcpProperties properties;

	/** Where to listen; {@code null} for every interface. */
	private final @Nullable InetAddress address;

	/** The sessions' services around a pool: each start makes a fresh pool. */
	private final Function<ExecutorService, TcpSession.Services> services;

	private volatile @Nullable Running running;

	TcpGateway(TcpProperties properties, Environment environment, LanchatProperties lanchat, ChatService chat,
			PresenceService presence, IdentityService identities, AccessCode accessCode, RateLimits rateLimits,
			TcpConnections connections, JsonMapper json, ConnectAttempts attempts,
			ObjectProvider<ModerationService> moderation) {
		this.properties = properties;
		this.address = bindAddress(properties, environment);
		JsonDialect dialect = new JsonDialect(json);
		this.services = pool -> new TcpSession.Services(chat, presence, identities, accessCode, rateLimits,
				connections, dialect, lanchat.limits(), attempts, moderation, pool);
	}

	/**
	 * {@code lanchat.tcp.address}, else {@code server.address}: an operator who puts the web server on
	 * loopback behind a proxy must not leave the chat open on every interface through this port.
	 */
	static @Nullable InetAddress bindAddress(TcpProperties properties, Environment environment) {
		return properties.address() != null ? properties.address()
				: Binder.get(environment).bind("server.address", InetAddress.class).orElse(null);
	}

	/** The port it listens on, or -1 when it is not listening. */
	int port() {
		Running now = running;
		return now == null ? -1 : ((InetSocketAddress) now.server.localAddress()).getPort();
	}

	@Override
	public void start() {
		if (!properties.enabled()) {
			log.info("Seed TCP gateway is off (lanchat.tcp.enabled=false)");
			return;
		}
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS, new DefaultThreadFactory("lanchat-tcp-work", true));
		TcpSession.Services services = this.services.apply(pool);
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(EVENT_LOOPS,
				new DefaultThreadFactory("lanchat-tcp", true), NioIoHandler.newFactory());
		ChannelGroup channels = new DefaultChannelGroup("lanchat-tcp", GlobalEventExecutor.INSTANCE);
		ServerBootstrap bootstrap = new ServerBootstrap().group(loops)
			.channel(NioServerSocketChannel.class)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channels.add(channel);
					channel.pipeline().addLast(new TcpSession("tcp-" + IDS.incrementAndGet(), channel, services));
				}
			});
		ChannelFuture bound = bootstrap.bind(new InetSocketAddress(address, properties.port())).awaitUninterruptibly();
		if (!bound.isSuccess()) {
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			pool.shutdown();
			throw new IllegalStateException("The seed TCP gateway cannot listen on " + where(properties.port())
					+ " (lanchat.tcp.address, lanchat.tcp.port): " + bound.cause(), bound.cause());
		}
		running = new Running(loops, bound.channel(), channels, pool);
		log.info("Seed TCP gateway listening on {} for the seed's Python clients", where(port()));
	}

	private String where(int port) {
		return address == null ? "port " + port + " of every interface" : address.getHostAddress() + " port " + port;
	}

	@Override
	public void stop() {
		Running stopping = running;
		if (stopping == null) {
			return;
		}
		running = null;
		stopping.server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		for (Channel channel : stopping.channels) {
			TcpSession session = channel.pipeline().get(TcpSession.class);
			if (session != null) {
				session.closeWith("The server is shutting down.");
			}
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (!stopping.channels.isEmpty() && System.nanoTime() < deadline) {
			pause();
		}
		stopping.channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		stopping.loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
		// the leaves of the closed connections are still being announced on the pool
		stopping.pool.shutdown();
		try {
			stopping.pool.awaitTermination(3, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running != null;
	}

	private static void pause() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Running(EventLoopGroup loops, Channel server, ChannelGroup channels, ExecutorService pool) {
	}

}
