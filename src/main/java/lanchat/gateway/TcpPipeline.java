package lanchat.gateway;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutorGroup;
import lanchat.LanchatProperties;
import lanchat.admission.Admission;
import lanchat.admission.Entry;
import lanchat.chat.ChatService;
import lanchat.delivery.Transport;
import lanchat.protocol.ServerMessage;
import lanchat.security.RateLimits;
import lanchat.system.ChatMetrics;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each connection's pipeline, one handler per job. Before the client has sent anything:
 * <pre>
 * accept  {@link AcceptGate}         counts the connection as it is accepted ({@link Admission})
 * detect  {@link DialectDetector}    replaces itself with the dialect's framing on the first bytes:
 *                              text: {@link PauseEndsLine}, Netty's LineBasedFrameDecoder
 *                              JSON: {@link JsonFrameDecoder}
 * utf8    {@link StrictUtf8Decoder}  frames to text
 * pace    {@link PacedWriter}        writes one piece at a time, drops slow readers, closes gracefully
 * (encode {@link DialectEncoder}     added with the dialect: messages to the dialect's writes)
 * read    {@link RequestReader}      text to a name request, then to rate-limited chat input
 * session {@link TcpSession}         joins, sends and leaves, on an executor of the work group
 * </pre>
 */
@Component
class TcpPipeline {

	static final String ACCEPT = "accept";

	static final String DETECT = "detect";

	static final String UTF8 = "utf8";

	static final String PACE = "pace";

	static final String ENCODER = "encode";

	static final String READER = "read";

	static final String SESSION = "session";

	private static final StrictUtf8Decoder UTF8_DECODER = new StrictUtf8Decoder();

	private final TcpSession.Services services;

	private final AcceptGate acceptGate;

	private final JsonDialect json;

	private final RateLimits rateLimits;

	private final LanchatProperties.Limits limits;

	private final ChatMetrics metrics;

	/**
	 * Connection ids, unique in the process even if a second gateway runs (as in tests).
	 */
	private final AtomicLong ids = new AtomicLong();

	TcpPipeline(ChatService chat, Admission admission, TcpConnections connections, RateLimits rateLimits,
			LanchatProperties properties, JsonMapper json, ChatMetrics metrics) {
		this.services = new TcpSession.Services(chat, admission, connections);
		this.acceptGate = new AcceptGate(channel -> {
			Entry entry = admission.open(channel.pipeline().get(TcpSession.class).id(), address(channel),
					Transport.TCP);
			channel.attr(TcpSession.ENTRY).set(entry);
			return entry.refusal();
		});
		this.json = new JsonDialect(json);
		this.rateLimits = rateLimits;
		this.limits = properties.limits();
		this.metrics = metrics;
	}

	/**
	 * Sets up a new connection's pipeline; what its session does goes to one executor of
	 * {@code work}.
	 */
	void init(Channel channel, EventExecutorGroup work) {
		channel.pipeline()
			.addLast(ACCEPT, acceptGate)
			.addLast(DETECT, new DialectDetector(json, TextDialect.INSTANCE, limits.frameSize()))
			.addLast(UTF8, UTF8_DECODER)
			.addLast(PACE,
					new PacedWriter(limits.sendBufferSize(), limits.sendTimeLimit().toNanos(),
							metrics::slowConsumerDisconnect))
			.addLast(READER, new RequestReader(rateLimits, limits.frameSize()))
			.addLast(SESSION, new TcpSession("tcp-" + ids.incrementAndGet(), channel, services, work.next()));
	}

	/** Tells the client why, then closes once that is written; from any thread. */
	static void closeWith(Channel channel, ServerMessage reason) {
		channel.writeAndFlush(reason);
		channel.close();
	}

	/** The client's network address, for per-address limits and bans. */
	static String address(Channel channel) {
		return channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
				? inet.getAddress().getHostAddress() : "unknown";
	}

}
