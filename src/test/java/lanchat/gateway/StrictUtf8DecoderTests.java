package lanchat.gateway;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;

import static lanchat.gateway.JsonFrameDecoderTests.buffer;
import static lanchat.gateway.JsonFrameDecoderTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictUtf8DecoderTests {

	private final EmbeddedChannel channel = new EmbeddedChannel(new StrictUtf8Decoder());

	@Test
	void wholeUtf8FramesBecomeText() {
		channel.writeInbound(buffer(bytes("小明 😀 ça va")));
		assertThat((String) channel.readInbound()).isEqualTo("小明 😀 ça va");
	}

	@Test
	void otherMessagesPassUntouched() {
		JsonFrameDecoder.Skipped skipped = new JsonFrameDecoder.Skipped(3);
		channel.writeInbound(skipped);
		assertThat((Object) channel.readInbound()).isSameAs(skipped);
	}

	@Test
	void malformedOverlongSurrogateOrCutUtf8IsRefusedNotReplaced() {
		byte[][] bad = { { 'o', 'k', (byte) 0xC3, 0x28 }, { (byte) 0xC0, (byte) 0xAF },
				{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xE4, (byte) 0xBD } };
		for (byte[] frame : bad) {
			assertThatThrownBy(() -> channel.writeInbound(buffer(frame))).isInstanceOf(CorruptedFrameException.class)
				.hasMessage(StrictUtf8Decoder.NOT_UTF8);
		}
		assertThat((Object) channel.readInbound()).isNull();
	}

}
