package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptGateTests {

	private final List<Object> seen = new ArrayList<>();

	@Test
	void anAcceptedConnectionIsCountedAndGoesOnAsIfTheGateWereNotThere() {
		List<String> counted = new ArrayList<>();
		EmbeddedChannel channel = channel(accepted -> {
			counted.add(TcpPipeline.address(accepted));
			return Optional.empty();
		});
		assertThat(counted).containsExactly("unknown");
		assertThat(seen).containsExactly("active");
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void aRefusalGoesDownThePipelineForTheClientToHearOnceItSpeaks() {
		Refusal refusal = new Refusal(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address");
		EmbeddedChannel channel = channel(accepted -> Optional.of(refusal));
		assertThat(seen).containsExactly("active", refusal);
		assertThat(channel.isOpen()).isTrue();
	}

	private EmbeddedChannel channel(AcceptGate.Door door) {
		return new EmbeddedChannel(new AcceptGate(door), new ChannelInboundHandlerAdapter() {
			@Override
			public void channelActive(ChannelHandlerContext ctx) {
				seen.add("active");
			}

			@Override
			public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
				seen.add(event);
			}
		});
	}

}
