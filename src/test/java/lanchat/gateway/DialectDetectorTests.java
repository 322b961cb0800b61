package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static lanchat.gateway.JsonFrameDecoderTests.buffer;
import static lanchat.gateway.JsonFrameDecoderTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class DialectDetectorTests {

	private final JsonDialect json = new JsonDialect(JsonMapper.builder().build());

	/**
	 * What reaches the reader's place: the dialect event first, then the frames as text.
	 */
	private final List<Object> seen = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel();

	DialectDetectorTests() {
		channel.freezeTime();
		channel.pipeline()
			.addLast(TcpPipeline.DETECT, new DialectDetector(json, TextDialect.INSTANCE, 65536))
			.addLast(TcpPipeline.UTF8, new StrictUtf8Decoder())
			.addLast(TcpPipeline.READER, new ChannelInboundHandlerAdapter() {
				@Override
				public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
					seen.add(event);
				}

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					seen.add(msg);
				}
			});
	}

	@Test
	void whitespaceSaysNothingAndTheDetectorWaits() {
		channel.writeInbound(buffer(bytes(" \r\n\t")));
		assertThat(seen).isEmpty();
		assertThat(channel.pipeline().get(TcpPipeline.DETECT)).isNotNull();
	}

	@Test
	void anObjectFirstMeansJsonAndTheRestOfTheReadIsFramedAsJson() {
		channel.writeInbound(buffer(bytes("\n {\"type\":\"username\",\"content\":\"Alice\"}{\"type\":\"message\",")));
		channel.writeInbound(buffer(bytes("\"content\":\"hi\"}")));
		assertThat(seen).containsExactly(json, "{\"type\":\"username\",\"content\":\"Alice\"}",
				"{\"type\":\"message\",\"content\":\"hi\"}");
		assertThat(channel.pipeline().get(TcpPipeline.DETECT)).isNull();
		assertThat(channel.pipeline().get(JsonFrameDecoder.class)).isNotNull();
		assertThat(channel.pipeline().names()).containsSubsequence(TcpPipeline.UTF8, TcpPipeline.ENCODER,
				TcpPipeline.READER);
	}

	@Test
	void anythingElseMeansTextAndAPauseEndsTheSeedClientsLines() {
		channel.writeInbound(buffer(bytes("  Alice")));
		channel.advanceTimeBy(PauseEndsLine.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		channel.writeInbound(buffer(bytes("{not json}\n")));
		assertThat(seen).containsExactly(TextDialect.INSTANCE, "Alice", "{not json}");
		assertThat(channel.pipeline().get(TcpPipeline.DETECT)).isNull();
		assertThat(channel.pipeline().get(DialectEncoder.class)).isNotNull();
	}

}
