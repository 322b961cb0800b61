package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import lanchat.admission.TestEntries;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.protocol.PresenceStatus;
import lanchat.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

import static lanchat.gateway.TextDialectTests.privateMessage;
import static lanchat.gateway.TextDialectTests.publicMessage;
import static org.assertj.core.api.Assertions.assertThat;

class DialectEncoderTests {

	private final EmbeddedChannel channel = new EmbeddedChannel(new DialectEncoder(TextDialect.INSTANCE));

	@Test
	void eachMessageIsRenderedForTheConnectionsOwnUser() {
		ServerMessage whisper = privateMessage("Alice", "Bob", "psst");
		channel.writeAndFlush(whisper);
		channel.attr(TcpSession.ENTRY).set(TestEntries.joined("tcp-1", new ChatUser(1, "Alice"), Transport.TCP));
		channel.writeAndFlush(whisper);
		assertThat(writes()).containsExactly("[Private from Alice] psst\n", "[Private to Bob] psst\n");
	}

	@Test
	void aLongMessageIsSeveralWritesInOrderAndItsPromiseIsTheLastOnes() {
		ChannelFuture written = channel.writeAndFlush(publicMessage("Alice", "长".repeat(1990), null));
		List<String> writes = writes();
		assertThat(writes).hasSizeGreaterThan(5);
		assertThat(writes.get(0)).startsWith("[Alice] 长");
		assertThat(String.join("", writes).replace("\n" + TerminalText.INDENT, ""))
			.isEqualTo("[Alice] " + "长".repeat(1990) + "\n");
		assertThat(written.isSuccess()).isTrue();
	}

	@Test
	void aMessageTheClientIsNotToSeeWritesNothing() {
		ChannelFuture written = channel.writeAndFlush(ServerMessage.presence("Alice", PresenceStatus.AWAY));
		assertThat(writes()).isEmpty();
		assertThat(written.isSuccess()).isTrue();
	}

	private List<String> writes() {
		List<String> writes = new ArrayList<>();
		for (ByteBuf write = channel.readOutbound(); write != null; write = channel.readOutbound()) {
			writes.add(write.toString(StandardCharsets.UTF_8));
			write.release();
		}
		return writes;
	}

}
