package lanchat.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import lanchat.security.SlowHashing;
import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.RawTcp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, finding 3: guessing passwords must not stall the chat. Every password check
 * is held (by a latch, not by time) while a flood of guesses comes in over STOMP and TCP:
 * the few that fit the hashing pool wait there, every other one is refused at once with
 * {@code too-many-attempts}, and meanwhile everyone else's messages flow over both
 * transports. The CONNECT that waits is answered only when its claim is decided, and the
 * frames its client sent right behind it are handled after that, in order.
 */
@Import(PasswordFloodTests.Held.class)
class PasswordFloodTests extends IntegrationTest {

	private static final String RIGHT = "correct horse battery";

	@Autowired
	private HeldPasswords passwords;

	@Value("${local.tcp.port}")
	private int tcpPort;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		passwords.release();
		for (AutoCloseable socket : opened) {
			socket.close();
		}
	}

	@Test
	void aFloodOfPasswordGuessesIsRefusedPastThePoolAndHoldsUpNobodyElse() throws Exception {
		String victim = name("victim");
		try (StompTestClient owner = connect(victim).listen()) {
			owner.say("/password " + RIGHT);
			owner.systemReply("Password set");
		}
		String stompName = name("bystander");
		String seedName = name("seed");
		try (StompTestClient bystander = connect(stompName).listen();
				RawTcp tcpBystander = RawTcp.open(tcpPort).write(seedName + "\n")) {
			bystander.publicInbox()
				.next(m -> (seedName + " has joined the chat!").equals(m.path("content").asString("")));

			passwords.hold();
			RawStomp newPhone = RawStomp.open(port);
			opened.add(newPhone);
			newPhone.send(connect(victim, RIGHT) + "SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0"
					+ "SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
					+ "{\"type\":\"message\",\"content\":\"I am in\"}\0");
			passwords.awaitHashing();

			BlockingQueue<String> answers = new LinkedBlockingQueue<>();
			int stompGuesses = 24;
			int tcpGuesses = 6;
			for (int i = 0; i < stompGuesses; i++) {
				RawStomp guess = RawStomp.open(port, answers);
				opened.add(guess);
				guess.send(connect(victim, "guess " + i));
			}
			for (int i = 0; i < tcpGuesses; i++) {
				opened.add(RawTcp.open(tcpPort)
					.write("{\"type\":\"username\",\"content\":\"" + victim + "\",\"password\":\"guess " + i + "\"}")
					.answerTo(answers));
			}
			// the right password's check has one of the pool's threads; the rest of the
			// pool takes this many
			int inPool = SlowHashing.THREADS - 1 + SlowHashing.WAITING;
			for (int i = 0; i < stompGuesses + tcpGuesses - inPool; i++) {
				assertThat(next(answers)).as("refused at once, not queued")
					.contains("too-many-attempts")
					.contains("busy checking passwords");
			}

			bystander.say("still flowing");
			bystander.publicMessage(stompName, "still flowing");
			tcpBystander.write("the seed client too\n");
			bystander.publicMessage(seedName, "the seed client too");
			try (StompTestClient newcomer = connect(name("newcomer")).listen()) {
				newcomer.say("joined meanwhile");
				bystander.publicMessage(newcomer.sessionInfo().path("username").asString(), "joined meanwhile");
			}
			assertThat(answers).as("the guesses in the pool are still waiting").isEmpty();

			passwords.release();
			// its claim succeeded, and the SEND it sent right behind its CONNECT went out
			// as its own
			awaitConnectedAndEcho(newPhone, "\"username\":\"" + victim + "\",\"content\":\"I am in\"");
			for (int i = 0; i < inPool; i++) {
				assertThat(next(answers)).contains("wrong-credentials");
			}
		}
	}

	private static String connect(String name, String password) {
		return "CONNECT\naccept-version:1.2\nhost:localhost\nusername:" + name + "\npassword:" + password + "\n\n\0";
	}

	private static String next(BlockingQueue<String> answers) throws InterruptedException {
		for (String answer = answers.poll(StompTestClient.WAIT.toMillis(),
				TimeUnit.MILLISECONDS); answer != null; answer = answers.poll(StompTestClient.WAIT.toMillis(),
						TimeUnit.MILLISECONDS)) {
			if (!answer.isBlank()) {
				return answer;
			}
		}
		throw new AssertionError("no answer within " + StompTestClient.WAIT);
	}

	/**
	 * Reads until both CONNECTED and the echo have come. (CONNECTED and the messages of a
	 * client's subscriptions are written by different paths, so a client that sends
	 * SUBSCRIBE and SEND right behind its CONNECT may see its echo first.)
	 */
	private static void awaitConnectedAndEcho(RawStomp socket, String echo) {
		boolean connected = false;
		boolean echoed = false;
		while (!connected || !echoed) {
			String frame = socket.nextFrame();
			assertThat(frame).doesNotStartWith("ERROR");
			connected |= frame.startsWith("CONNECTED");
			echoed |= frame.startsWith("MESSAGE") && frame.contains(echo);
		}
	}

	/** Password checks that wait, while held, until the test lets them go. */
	static final class HeldPasswords implements PasswordEncoder {

		private final PasswordEncoder quick = new Pbkdf2PasswordEncoder("", 16, 1000,
				Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private final Semaphore hashing = new Semaphore(0);

		void hold() {
			gate = new CountDownLatch(1);
		}

		void release() {
			gate.countDown();
		}

		/** Waits until a check has started, on the pool's thread. */
		void awaitHashing() throws InterruptedException {
			assertThat(hashing.tryAcquire(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}

		@Override
		public String encode(CharSequence raw) {
			return quick.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			hashing.release();
			try {
				gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return quick.matches(raw, encoded);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Held {

		@Bean
		@Primary
		HeldPasswords heldPasswords() {
			return new HeldPasswords();
		}

	}

}
