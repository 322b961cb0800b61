package lanchat.web;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import lanchat.support.RawStomp;
import lanchat.support.ShortTimersIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heart-beats at 1 s: the server keeps them itself, both ways, and a client's heart-beats
 * never reach STOMP's handlers, while an end of line inside a frame still does.
 */
class StompHeartbeatsTests extends ShortTimersIntegrationTest {

	@Autowired
	@Qualifier("clientInboundChannel")
	private AbstractMessageChannel inbound;

	@Autowired
	@Qualifier("clientOutboundChannel")
	private AbstractMessageChannel outbound;

	@Test
	void theServerOffersHeartBeatsAndBeatsAnIdleClient() {
		try (RawStomp idle = RawStomp.open(port)) {
			idle.send(connect(name("idle"), "0,1000"));
			assertThat(idle.nextFrame()).startsWith("CONNECTED").contains("heart-beat:1000,1000");
			idle.nextHeartbeat();
			idle.nextHeartbeat();
		}
	}

	@Test
	void aClientsHeartBeatsKeepItConnectedAndReachNoHandler() {
		AtomicInteger heartbeatsHandled = new AtomicInteger();
		ChannelInterceptor counter = new ChannelInterceptor() {
			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.HEARTBEAT) {
					heartbeatsHandled.incrementAndGet();
				}
				return message;
			}
		};
		inbound.addInterceptor(counter);
		String beating = name("beating");
		String ghost = name("ghost");
		ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
		try (StompTestClient watcher = connect(name("watcher")).listen();
				RawStomp beater = RawStomp.open(port);
				RawStomp silent = RawStomp.open(port)) {
			beater.send(connect(beating, "1000,0"));
			assertThat(beater.nextFrame()).startsWith("CONNECTED");
			beats.scheduleAtFixedRate(() -> beater.send("\n"), 0, 200, TimeUnit.MILLISECONDS);
			silent.send(connect(ghost, "1000,0"));
			assertThat(silent.nextFrame()).startsWith("CONNECTED");
			// three silent seconds: the ghost goes, the beater, connected as long, stays
			watcher.publicInbox().next(m -> (ghost + " has left the chat.").equals(m.path("content").asString("")));
			beats.shutdown();
			assertThat(beats.awaitTermination(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(beater.isClosed()).isFalse();
			beater.send(
					"SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{\"type\":\"message\",\"content\":\"still here\"}\0");
			watcher.publicInbox()
				.next(m -> beating.equals(m.path("username").asString(""))
						&& "still here".equals(m.path("content").asString("")));
			assertThat(heartbeatsHandled).as("heart-beats that went through STOMP's inbound channel").hasValue(0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		finally {
			beats.shutdownNow();
			inbound.removeInterceptor(counter);
		}
	}

	@Test
	void anEndOfLineInsideAFrameSplitOverMessagesStaysInTheFrame() {
		String splitter = name("splitter");
		try (StompTestClient watcher = connect(name("watcher")).listen(); RawStomp raw = RawStomp.open(port)) {
			raw.send(connect(splitter, "0,0"));
			assertThat(raw.nextFrame()).startsWith("CONNECTED");
			raw.send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n");
			raw.send("\n");
			raw.send("{\"type\":\"message\",\"content\":\"in three parts\"}\0");
			watcher.publicInbox()
				.next(m -> splitter.equals(m.path("username").asString(""))
						&& "in three parts".equals(m.path("content").asString("")));
		}
	}

	/**
	 * CONNECTED can wait on a busy server's outbound threads for longer than the agreed
	 * interval; the heart-beats are agreed when it is written, so none comes before it.
	 */
	@Test
	void noHeartBeatComesBeforeConnectedHoweverLateItIs() throws InterruptedException {
		String late = name("late");
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorChannelInterceptor holdConnected = new ExecutorChannelInterceptor() {
			@Override
			public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
				if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK
						&& message.getHeaders()
							.get(SimpMessageHeaderAccessor.CONNECT_MESSAGE_HEADER) instanceof Message<?> connect
						&& late.equals(StompHeaderAccessor.wrap(connect).getFirstNativeHeader("username"))) {
					held.countDown();
					try {
						release.await(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return message;
			}
		};
		outbound.addInterceptor(holdConnected);
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		try (RawStomp raw = RawStomp.open(port, frames)) {
			raw.send(connect(late, "0,1000"));
			assertThat(held.await(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			// three of the agreed intervals: time for the heart-beats that must not come
			String early = frames.poll(3 * 1000, TimeUnit.MILLISECONDS);
			release.countDown();
			assertThat(early).as("what came while CONNECTED waited").isNull();
			assertThat(raw.nextFrame()).startsWith("CONNECTED");
			raw.nextHeartbeat();
		}
		finally {
			release.countDown();
			outbound.removeInterceptor(holdConnected);
		}
	}

	private static String connect(String username, String heartBeat) {
		return "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:" + heartBeat + "\nusername:" + username
				+ "\n\n\0";
	}

}
