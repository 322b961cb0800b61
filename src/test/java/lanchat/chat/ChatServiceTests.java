package lanchat.chat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

import lanchat.delivery.Connection;
import lanchat.delivery.DeliveryChannel;
import lanchat.delivery.Transport;
import lanchat.history.HistoryService;
import lanchat.history.MessageHistory;
import lanchat.history.NewMessage;
import lanchat.identity.ChatUser;
import lanchat.identity.ClaimRequest;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send pipeline on its own: check, persist, deliver. A history that can be told to
 * fail stands in for the database's, and a channel beside the real transports records
 * what is delivered to whom.
 */
@Import(ChatServiceTests.Fakes.class)
class ChatServiceTests extends IntegrationTest {

	@Autowired
	private ChatService chat;

	@Autowired
	private IdentityService identities;

	@Autowired
	private ModerationService moderation;

	@Autowired
	private FailingHistory history;

	@Autowired
	private RecordingChannel delivered;

	@BeforeEach
	void historyWorks() {
		history.failing.set(false);
		history.appended.clear();
	}

	@Test
	void aStoredMessageGoesToTheRoomWithItsIdAndTheSendersClientId() {
		Connection alice = connection("alice");
		chat.receive(alice, new InboundChat("message", "hello", null, "c-1", null));
		Delivered echo = delivered.next(d -> d.kind().equals("room") && "hello".equals(d.message().content()));
		assertThat(echo.message().id()).isPositive();
		assertThat(echo.message().clientId()).isEqualTo("c-1");
		assertThat(echo.message().username()).isEqualTo(alice.user().username());
	}

	@Test
	void aFailedHistoryWriteDeliversNothingAndTellsTheSender() {
		Connection alice = connection("alice");
		Connection bob = connection("bob");
		history.failing.set(true);
		chat.receive(alice, new InboundChat("message", "lost words", null, "c-2", null));
		chat.receive(alice, new InboundChat("private_message", "lost whisper", bob.user().username(), "c-3", null));
		Delivered first = delivered.next(d -> d.to() != null && d.to().equals(alice));
		Delivered second = delivered.next(d -> d.to() != null && d.to().equals(alice));
		for (Delivered told : List.of(first, second)) {
			assertThat(told.message().type()).isEqualTo("system");
			assertThat(told.message().code()).isEqualTo(ErrorCode.NOT_SAVED.wireName());
		}
		assertThat(List.of(first.message().clientId(), second.message().clientId())).containsExactly("c-2", "c-3");
		assertThat(history.appended).hasSize(2);
		assertThat(delivered.all()).noneMatch(d -> d.message().content() != null
				&& d.message().content().startsWith("lost") && !d.message().type().equals("system"));
	}

	@Test
	void aBannedIdentitysSendIsRefusedAndItsConnectionClosedEvenIfItSlippedThrough() {
		Connection host = connection("host");
		Connection troll = connection("troll");
		moderation.ban(host, troll.user().username());
		delivered.all().clear();
		chat.receive(troll, new InboundChat("message", "still here", null, null, null));
		Delivered closed = delivered.next(d -> d.kind().equals("close") && troll.equals(d.to()));
		assertThat(closed.message().code()).isEqualTo(ErrorCode.BANNED.wireName());
		assertThat(history.appended).as("nothing was stored").isEmpty();
	}

	@Test
	void badInputIsRefusedWithACodeAndNothingIsStored() {
		Connection alice = connection("alice");
		chat.receive(alice, new InboundChat("message", " ", null, "e", null));
		chat.receive(alice, new InboundChat("message", "x".repeat(2001), null, "l", null));
		chat.receive(alice, new InboundChat("shout", "hi", null, "t", null));
		chat.receive(alice, new InboundChat("message", "/nonsense", null, "u", null));
		chat.receive(alice, new InboundChat("private_message", "hi", "nobody-" + System.nanoTime(), "n", null));
		chat.receive(alice, new InboundChat("message", "/kick someone", null, "m", null));
		List<String> codes = List.of("e", "l", "t", "u", "n", "m")
			.stream()
			.map(id -> delivered.next(d -> alice.equals(d.to()) && id.equals(d.message().clientId())).message().code())
			.toList();
		assertThat(codes).containsExactly("empty", "too-long", "bad-request", "unknown-command", "no-such-user",
				"not-moderator");
		assertThat(history.appended).isEmpty();
	}

	@Test
	void aCommandThatWaitsForASlowHashAnswersWhenItIsDone() {
		Connection alice = connection("alice");
		chat.receive(alice, new InboundChat("message", "/op not the secret", null, "op", null));
		Delivered answer = delivered.next(d -> alice.equals(d.to()) && "op".equals(d.message().clientId()));
		assertThat(answer.message().code()).isEqualTo(ErrorCode.WRONG_CREDENTIALS.wireName());
		assertThat(answer.message().content()).contains("not the moderator secret");
	}

	private Connection connection(String base) {
		ChatUser user = identities.claim(new ClaimRequest(name(base), null, null, "test", true)).join().user();
		return new Connection("test-" + user.identityId(), user, Transport.TCP);
	}

	/**
	 * One delivery: to the room, to one identity's devices, to one connection, or closing
	 * one.
	 */
	record Delivered(String kind, @Nullable Connection to, ServerMessage message) {
	}

	/**
	 * Sits beside the real transports, as the metrics channel does, and records
	 * everything.
	 */
	static class RecordingChannel implements DeliveryChannel {

		private final BlockingQueue<Delivered> queue = new LinkedBlockingQueue<>();

		private final List<Delivered> all = new CopyOnWriteArrayList<>();

		List<Delivered> all() {
			return all;
		}

		/** The next delivery that matches; fails the test if none comes. */
		Delivered next(Predicate<Delivered> wanted) {
			try {
				for (Delivered next = queue.poll(StompTestClient.WAIT.toMillis(),
						TimeUnit.MILLISECONDS); next != null; next = queue.poll(StompTestClient.WAIT.toMillis(),
								TimeUnit.MILLISECONDS)) {
					if (wanted.test(next)) {
						return next;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new AssertionError("no such delivery within " + StompTestClient.WAIT);
		}

		private void record(Delivered delivery) {
			all.add(delivery);
			queue.add(delivery);
		}

		@Override
		public void toRoom(ServerMessage message, @Nullable Connection origin) {
			record(new Delivered("room", null, message));
		}

		@Override
		public void toIdentity(long identityId, ServerMessage message) {
			record(new Delivered("identity", null, message));
		}

		@Override
		public void toConnection(Connection connection, ServerMessage message) {
			record(new Delivered("connection", connection, message));
		}

		@Override
		public void presence(ServerMessage message) {
		}

		@Override
		public void close(Connection connection, ErrorCode code, String reason) {
			record(new Delivered("close", connection, ServerMessage.refusal(code, reason)));
		}

	}

	/**
	 * The real history, unless told to fail: then every write fails as a full disk would.
	 */
	static class FailingHistory implements MessageHistory {

		private final HistoryService real;

		private final AtomicBoolean failing = new AtomicBoolean();

		private final List<NewMessage> appended = new CopyOnWriteArrayList<>();

		FailingHistory(HistoryService real) {
			this.real = real;
		}

		@Override
		public void append(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed) {
			appended.add(message);
			if (failing.get()) {
				onFailed.accept(new DataAccessResourceFailureException("No space left on device"));
			}
			else {
				real.append(message, onStored, onFailed);
			}
		}

		@Override
		public List<ServerMessage> takeUndelivered(ChatUser recipient) {
			return real.takeUndelivered(recipient);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Fakes {

		@Bean
		@Primary
		FailingHistory failingHistory(HistoryService real) {
			return new FailingHistory(real);
		}

		@Bean
		RecordingChannel recordingChannel() {
			return new RecordingChannel();
		}

	}

}
