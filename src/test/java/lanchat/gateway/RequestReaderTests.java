package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import lanchat.LanchatProperties;
import lanchat.chat.InboundChat;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.RateLimits;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RequestReaderTests {

	/** The documented defaults: 10 messages a second, a burst of 20. */
	private static final LanchatProperties DEFAULTS = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("lanchat", LanchatProperties.class);

	/** What the reader passes on to the session. */
	private final List<Object> requests = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel(false, false,
			new RequestReader(new RateLimits(DEFAULTS), 65536), new ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					requests.add(msg);
				}
			});

	RequestReaderTests() throws Exception {
		channel.register();
		channel.freezeTime();
	}

	@Test
	void theFirstFrameAsksForANameAndLaterOnesAreChatInput() {
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("  Alice ");
		channel.writeInbound("/w Bob psst");
		assertThat(requests).containsExactly(new Dialect.NameRequest("Alice", null, null),
				new InboundChat("message", "/w Bob psst", null, null));
		assertThat(replies()).isEmpty();
	}

	@Test
	void aBlankFirstLineAsksForNothing() {
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("   ");
		assertThat(requests).isEmpty();
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void aFirstObjectThatIsNotANameIsRefusedAndTheConnectionClosed() {
		speaks(new JsonDialect(JsonMapper.builder().build()));
		channel.writeInbound("{\"type\":\"message\",\"content\":\"hello?\"}");
		assertThat(requests).isEmpty();
		ServerMessage refusal = onlyReply();
		assertThat(refusal.code()).isEqualTo(ErrorCode.BAD_REQUEST.wireName());
		assertThat(refusal.content()).startsWith("Start with");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void aClientThatSendsNoNameWithinThirtySecondsIsClosedHoweverItTrickles() {
		speaks(TextDialect.INSTANCE);
		for (int second = 1; second < RequestReader.NAME_TIMEOUT_SECONDS; second++) {
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			channel.writeInbound("   ");
		}
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(replies()).isEmpty();
	}

	@Test
	void aClientThatNamesItselfInTimeStays() {
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("Alice");
		channel.advanceTimeBy(RequestReader.NAME_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void aFloodIsCutToTheBurstWithOneWarningASecond() {
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("Alice");
		for (int i = 0; i < 30; i++) {
			channel.writeInbound("flood " + i);
		}
		assertThat(requests).hasSize(1 + 20);
		ServerMessage warning = onlyReply();
		assertThat(warning.code()).isEqualTo(ErrorCode.RATE_LIMITED.wireName());
		assertThat(warning.content()).contains("sending too fast");
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		for (int i = 0; i < 30; i++) {
			channel.writeInbound("more " + i);
		}
		// a second at 10 a second refills 10
		assertThat(requests).hasSize(1 + 20 + 10);
		assertThat(onlyReply().code()).isEqualTo(ErrorCode.RATE_LIMITED.wireName());
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void aConnectionRefusedAsItWasAcceptedHearsWhyWhenItSpeaks() {
		channel.pipeline().fireUserEventTriggered(new Refusal(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections"));
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("Alice");
		assertThat(requests).isEmpty();
		assertThat(onlyReply()).extracting(ServerMessage::code, ServerMessage::content)
			.containsExactly(ErrorCode.TOO_MANY_CONNECTIONS.wireName(), "too many connections");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void aConnectionRefusedAsItWasAcceptedIsClosedSoonIfItSaysNothing() {
		channel.pipeline().fireUserEventTriggered(new Refusal(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections"));
		channel.advanceTimeBy(PacedWriter.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(replies()).isEmpty();
	}

	@Test
	void aFrameTooLongClosesTheConnectionWithTheReason() {
		speaks(TextDialect.INSTANCE);
		channel.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
		assertThat(onlyReply()).extracting(ServerMessage::code, ServerMessage::content)
			.containsExactly(ErrorCode.FRAME_TOO_LARGE.wireName(),
					"A message may be at most 65536 bytes. Closing the connection.");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void aFrameNotInUtf8ClosesTheConnectionWithTheReason() {
		speaks(TextDialect.INSTANCE);
		channel.pipeline().fireExceptionCaught(new CorruptedFrameException(StrictUtf8Decoder.NOT_UTF8));
		assertThat(onlyReply()).extracting(ServerMessage::code, ServerMessage::content)
			.containsExactly(ErrorCode.BAD_FRAME.wireName(), StrictUtf8Decoder.NOT_UTF8);
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void skippedGarbageIsReportedAtMostOnceASecond() {
		speaks(new JsonDialect(JsonMapper.builder().build()));
		channel.writeInbound(new JsonFrameDecoder.Skipped(9));
		channel.writeInbound(new JsonFrameDecoder.Skipped(3));
		ServerMessage notice = onlyReply();
		assertThat(notice.content()).isEqualTo("Skipped 9 bytes that were not part of a JSON object.");
		assertThat(notice.code()).isEqualTo(ErrorCode.BAD_FRAME.wireName());
	}

	@Test
	void nothingIsActedOnOnceTheConnectionIsClosing() {
		speaks(TextDialect.INSTANCE);
		channel.writeInbound("Alice");
		channel.pipeline().fireUserEventTriggered(PacedWriter.Closing.INSTANCE);
		channel.writeInbound("one more");
		assertThat(requests).containsExactly(new Dialect.NameRequest("Alice", null, null));
	}

	private void speaks(Dialect dialect) {
		channel.pipeline().fireUserEventTriggered(dialect);
	}

	private ServerMessage onlyReply() {
		List<ServerMessage> replies = replies();
		assertThat(replies).hasSize(1);
		return replies.get(0);
	}

	private List<ServerMessage> replies() {
		List<ServerMessage> replies = new ArrayList<>();
		for (Object reply = channel.readOutbound(); reply != null; reply = channel.readOutbound()) {
			replies.add((ServerMessage) reply);
		}
		return replies;
	}

}
