package lanchat.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Listens for the seed's clients on {@code lanchat.tcp.port}: two Netty event loops for
 * all connections' I/O, and a small work group for what goes through the database (see
 * {@link TcpPipeline}). Starts after everything else is ready and stops first, telling
 * every client why and closing it, so each leaves the room properly.
 */
@Component
class TcpGateway implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TcpGateway.class);

	private static final int EVENT_LOOPS = 2;

	private static final int WORKERS = 4;

	/** The property that holds the port the gateway listens on, once it does. */
	static final String LOCAL_PORT = "local.tcp.port";

	private final TcpProperties properties;

	/** Where to listen; {@code null} for every interface. */
	private final @Nullable InetAddress address;

	private final TcpPipeline pipeline;

	private final Environment environment;

	private volatile @Nullable Running running;

	TcpGateway(TcpProperties properties, Environment environment, TcpPipeline pipeline) {
		this.properties = properties;
		this.address = bindAddress(properties, environment);
		this.pipeline = pipeline;
		this.environment = environment;
	}

	/**
	 * {@code lanchat.tcp.address}, else {@code server.address}: an operator who puts the
	 * web server on loopback behind a proxy must not leave the chat open on every
	 * interface through this port.
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
		EventExecutorGroup work = new DefaultEventExecutorGroup(WORKERS,
				new DefaultThreadFactory("lanchat-tcp-work", true));
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
					pipeline.init(channel, work);
				}
			});
		ChannelFuture bound = bootstrap.bind(new InetSocketAddress(address, properties.port())).awaitUninterruptibly();
		if (!bound.isSuccess()) {
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			work.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw new IllegalStateException("The seed TCP gateway cannot listen on " + where(properties.port())
					+ " (lanchat.tcp.address, lanchat.tcp.port): " + bound.cause(), bound.cause());
		}
		running = new Running(loops, bound.channel(), channels, work);
		publishPort(port());
		log.info("Seed TCP gateway listening on {} for the seed's Python clients", where(port()));
	}

	/**
	 * As {@code local.tcp.port}, the way the web server's is {@code local.server.port}:
	 * with {@code lanchat.tcp.port=0} nobody else could know it.
	 */
	private void publishPort(int port) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			configurable.getPropertySources().addFirst(new MapPropertySource(LOCAL_PORT, Map.of(LOCAL_PORT, port)));
		}
	}

	private String where(int port) {
		return address == null ? "port " + port + " of every interface" : address.getHostAddress() + " port " + port;
	}

	/**
	 * Tells every client that the server is shutting down and waits, briefly, until they
	 * have read it; the event loops close what is left as they stop, and the work group,
	 * stopped last, announces every leave before this returns.
	 */
	@Override
	public void stop() {
		Running stopping = running;
		if (stopping == null) {
			return;
		}
		running = null;
		stopping.server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		for (Channel channel : stopping.channels) {
			TcpPipeline.closeWith(channel,
					ServerMessage.refusal(ErrorCode.SHUTTING_DOWN, "The server is shutting down."));
		}
		stopping.channels.newCloseFuture().awaitUninterruptibly(PacedWriter.CLOSE_GRACE_MILLIS + 500);
		stopping.loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
		stopping.work.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

	@Override
	public boolean isRunning() {
		return running != null;
	}

	private record Running(EventLoopGroup loops, Channel server, ChannelGroup channels, EventExecutorGroup work) {
	}

}
