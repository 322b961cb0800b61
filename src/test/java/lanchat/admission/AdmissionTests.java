package lanchat.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import lanchat.LanchatProperties;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.Claim;
import lanchat.identity.ClaimRequest;
import lanchat.identity.NameClaims;
import lanchat.presence.Presence;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.AccessCode;
import lanchat.security.ConnectAttempts;
import lanchat.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one admission every transport calls: the order of its checks, limits counted across
 * transports from accept, back-off for guesses, and registering who came in.
 */
class AdmissionTests {

	private static final LanchatProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(
			Map.of("lanchat.access-code", "open sesame", "lanchat.limits.connections-per-address", "3",
					"lanchat.limits.max-connections", "5", "lanchat.limits.connects-per-minute", "1000")))
		.bindOrCreate("lanchat", LanchatProperties.class);

	private final MutableClock clock = new MutableClock();

	private final OpenConnections connections = new OpenConnections(PROPERTIES, clock);

	private final Set<String> bannedAddresses = new HashSet<>();

	private final Set<Long> bannedIdentities = new HashSet<>();

	private final List<String> claimed = new ArrayList<>();

	private final Map<String, Long> identities = new HashMap<>();

	private final AtomicLong ids = new AtomicLong();

	/** What the names answer; by default every name is free and every password right. */
	private NameClaims names = request -> {
		claimed.add(request.name());
		long id = identities.computeIfAbsent(request.name(), name -> ids.incrementAndGet());
		return CompletableFuture.completedFuture(new Claim(new ChatUser(id, request.name()), null, 100 + id));
	};

	private final List<String> presence = new ArrayList<>();

	/** Claims whose connection closed before they were let in. */
	private final List<Claim> unclaimed = new ArrayList<>();

	/** What presence had heard when each claim was undone. */
	private final List<List<String>> presenceWhenUnclaimed = new ArrayList<>();

	private final List<Object> events = new ArrayList<>();

	private final Admission admission = new Admission(new ConnectAttempts(PROPERTIES, clock), new Guesses(clock),
			new AccessCode(PROPERTIES), new Bans() {
				@Override
				public void checkAddress(String address) {
					if (bannedAddresses.contains(address)) {
						throw new Refusal(ErrorCode.BANNED, "you are banned from this chat");
					}
				}

				@Override
				public void checkIdentity(ChatUser user) {
					if (bannedIdentities.contains(user.identityId())) {
						throw new Refusal(ErrorCode.BANNED, "you are banned from this chat");
					}
				}
			}, new NameClaims() {
				@Override
				public CompletableFuture<Claim> claim(ClaimRequest request) {
					return names.claim(request);
				}

				@Override
				public void unclaimed(Claim claim) {
					unclaimed.add(claim);
					presenceWhenUnclaimed.add(List.copyOf(presence));
				}
			}, connections, new Presence() {
				@Override
				public void connected(Connection connection) {
					presence.add("+" + connection.user().username());
				}

				@Override
				public void disconnected(Connection connection) {
					presence.add("-" + connection.user().username());
				}
			}, events::add);

	@Test
	void theAccessCodeComesBeforeBansLimitsAndTheName() {
		bannedAddresses.add("10.0.0.9");
		fill("10.0.0.9", 3);
		Entry overLimitAndBanned = admission.open("s4", "10.0.0.9", Transport.STOMP);
		assertThat(refusal(admission.join(overLimitAndBanned, request("not a valid name", "wrong code"))))
			.isEqualTo(ErrorCode.WRONG_ACCESS_CODE);
		assertThat(refusal(admission.join(overLimitAndBanned, request("alice", "open sesame"))))
			.as("a banned address before its limits")
			.isEqualTo(ErrorCode.BANNED);
		assertThat(claimed).as("no name was looked at").isEmpty();
	}

	@Test
	void theLimitsAsCountedAtAcceptComeBeforeTheName() {
		fill("10.0.0.8", 3);
		Entry overLimit = admission.open("t4", "10.0.0.8", Transport.TCP);
		assertThat(overLimit.refusal()).map(Refusal::code).hasValue(ErrorCode.TOO_MANY_CONNECTIONS);
		assertThat(refusal(admission.join(overLimit, request("alice", "open sesame"))))
			.isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS);
		assertThat(claimed).isEmpty();
	}

	@Test
	void aBannedIdentityIsRefusedAfterItsClaimAndNeverEntersTheRoom() {
		identities.put("troll", 42L);
		bannedIdentities.add(42L);
		Entry entry = admission.open("s1", "10.0.0.7", Transport.STOMP);
		assertThat(refusal(admission.join(entry, request("troll", "open sesame")))).isEqualTo(ErrorCode.BANNED);
		assertThat(claimed).containsExactly("troll");
		assertThat(presence).isEmpty();
		assertThat(connections.of(42)).isEmpty();
	}

	@Test
	void anAdmittedConnectionIsInPresenceAndTheRegistryUntilItClosesOnce() {
		Entry entry = admission.open("s1", "10.0.0.6", Transport.STOMP);
		Claim claim = admission.join(entry, request("alice", "open sesame")).join();
		Connection alice = new Connection("s1", claim.user(), Transport.STOMP);
		assertThat(entry.connection()).isEqualTo(alice);
		assertThat(presence).containsExactly("+alice");
		assertThat(connections.of(claim.user().identityId())).containsExactly(alice);
		assertThat(connections.addressOf(alice)).hasValue("10.0.0.6");
		assertThat(connections.deviceOf(alice)).hasValue(claim.device());
		admission.close(entry);
		admission.close(entry);
		assertThat(presence).containsExactly("+alice", "-alice");
		assertThat(events).containsExactly(new ConnectionClosed(alice));
		assertThat(connections.of(claim.user().identityId())).isEmpty();
		assertThat(connections.count()).isZero();
	}

	@Test
	void connectionsAreFoundByTheDeviceTokenTheyJoinedWithBesideOnesThatHaveNone() {
		names = request -> CompletableFuture
			.completedFuture(new Claim(new ChatUser(9, request.name()), null, request.hasPassword() ? null : 55L));
		Entry withToken = admission.open("s1", "10.0.0.9", Transport.STOMP);
		admission.join(withToken, request("zoe", "open sesame")).join();
		Entry withoutToken = admission.open("t1", "10.0.0.9", Transport.TCP);
		admission.join(withoutToken, password("zoe", "a password over TCP")).join();
		assertThat(connections.usingDevices(List.of(55L))).containsExactly(withToken.connection());
		assertThat(connections.deviceOf(withoutToken.connection())).isEmpty();
		assertThat(connections.of(9)).hasSize(2);
	}

	/**
	 * A kick that another node made at some moment is meant for the connections open
	 * then, not for one that came back since.
	 */
	@Test
	void connectionsAreFoundByWhetherTheyWereLetInBeforeAMoment() {
		Entry before = admission.open("s1", "10.0.0.4", Transport.STOMP);
		Claim claim = admission.join(before, request("alice", "open sesame")).join();
		clock.advance(Duration.ofSeconds(1));
		Instant kicked = clock.instant();
		clock.advance(Duration.ofSeconds(1));
		Entry after = admission.open("s2", "10.0.0.4", Transport.STOMP);
		admission.join(after, request("alice", "open sesame")).join();
		long alice = claim.user().identityId();

		assertThat(connections.of(alice, kicked)).containsExactly(before.connection());
		assertThat(connections.of(alice, clock.instant().plusSeconds(1))).hasSize(2);
		assertThat(connections.of(alice + 1, clock.instant().plusSeconds(1))).as("someone else's").isEmpty();
	}

	@Test
	void connectionLimitsCountEveryTransportFromAcceptUntilClose() {
		Entry first = admission.open("s1", "10.0.0.5", Transport.STOMP);
		admission.open("t1", "10.0.0.5", Transport.TCP);
		admission.open("t2", "10.0.0.5", Transport.TCP);
		Entry refused = admission.open("s2", "10.0.0.5", Transport.STOMP);
		assertThat(refused.refusal()).map(Refusal::code)
			.as("silent sockets of another transport count too")
			.hasValue(ErrorCode.TOO_MANY_CONNECTIONS);
		Entry alsoRefused = admission.open("s3", "10.0.0.5", Transport.STOMP);
		admission.close(refused);
		assertThat(alsoRefused.refusal()).as("a refused socket holds its place until it closes").isPresent();
		admission.close(alsoRefused);
		admission.close(first);
		admission.close(first);
		assertThat(admission.open("s4", "10.0.0.5", Transport.STOMP).refusal()).isEmpty();
		assertThat(admission.open("x", "10.0.0.4", Transport.TCP).refusal()).isEmpty();
		assertThat(admission.open("y", "10.0.0.3", Transport.STOMP).refusal()).isEmpty();
		assertThat(admission.open("z", "10.0.0.2", Transport.TCP).refusal()).map(Refusal::code)
			.as("five in all")
			.hasValue(ErrorCode.SERVER_FULL);
	}

	@Test
	void aSocketThatClosesWhileItsPasswordIsCheckedNeverEntersTheRoom() {
		CompletableFuture<Claim> hashing = new CompletableFuture<>();
		names = request -> hashing;
		Entry entry = admission.open("s1", "10.0.0.2", Transport.STOMP);
		CompletableFuture<Claim> joined = admission.join(entry, request("alice", "open sesame"));
		assertThat(joined).isNotDone();
		admission.close(entry);
		Claim claim = new Claim(new ChatUser(7, "alice"), "token", 8L);
		hashing.complete(claim);
		assertThat(joined).isCompletedExceptionally();
		assertThat(unclaimed).as("its token, which nobody got, is undone").containsExactly(claim);
		assertThat(presence).isEmpty();
		assertThat(connections.of(7)).isEmpty();
		assertThat(events).isEmpty();
	}

	@Test
	void aConnectionThatClosesBeforeItsNewTokenWasHandedOverUndoesTheTokenAfterItLeft() {
		Claim newcomer = new Claim(new ChatUser(11, "dora"), "fresh token", 21L);
		names = request -> CompletableFuture.completedFuture(newcomer);
		Entry dropped = admission.open("s1", "10.0.0.2", Transport.STOMP);
		admission.join(dropped, request("dora", "open sesame")).join();

		admission.close(dropped, false);
		admission.close(dropped, false);

		assertThat(unclaimed).as("once").containsExactly(newcomer);
		assertThat(presenceWhenUnclaimed).as("after it left, so that the name is no longer online")
			.containsExactly(List.of("+dora", "-dora"));
	}

	@Test
	void aConnectionThatHandedItsTokenOverKeepsItWhenItCloses() {
		names = request -> CompletableFuture.completedFuture(new Claim(new ChatUser(12, "eve"), "fresh token", 22L));
		Entry entry = admission.open("s1", "10.0.0.2", Transport.STOMP);
		admission.join(entry, request("eve", "open sesame")).join();
		Entry neverJoined = admission.open("s2", "10.0.0.2", Transport.STOMP);

		admission.close(entry, true);
		admission.close(neverJoined, false);

		assertThat(unclaimed).isEmpty();
	}

	@Test
	void aNewDeviceOfABannedIdentityLeavesNoTokenBehind() {
		Claim claim = new Claim(new ChatUser(9, "mallory"), "fresh token", 19L);
		names = request -> CompletableFuture.completedFuture(claim);
		bannedIdentities.add(9L);

		assertThat(refusal(join("10.0.0.3", request("mallory", "open sesame")))).isEqualTo(ErrorCode.BANNED);
		assertThat(unclaimed).containsExactly(claim);
		assertThat(presence).isEmpty();
	}

	@Test
	void wrongAccessCodesFromOneNetworkMakeTheWholeNetworkWaitAWhile() {
		for (int i = 1; i <= Guesses.PER_NETWORK.free() + 1; i++) {
			assertThat(refusal(join("192.168.1." + i, request("alice", "guess " + i))))
				.isEqualTo(ErrorCode.WRONG_ACCESS_CODE);
		}
		assertThat(refusal(join("192.168.1.200", request("alice", "open sesame"))))
			.as("another address of the same /24, even with the right code")
			.isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
		assertThat(join("192.168.2.1", request("bob", "open sesame"))).as("other networks are not held up")
			.isCompleted();
		clock.advance(Guesses.PER_NETWORK.first());
		assertThat(join("192.168.1.200", request("alice", "open sesame"))).isCompleted();
	}

	@Test
	void wrongPasswordsForOneNameMakeThatNameWaitWhereverTheyComeFrom() {
		names = request -> CompletableFuture.failedFuture(request.hasPassword()
				? new Refusal(ErrorCode.WRONG_CREDENTIALS, "wrong token or password for \"" + request.name() + "\"")
				: new Refusal(ErrorCode.NAME_TAKEN, "username \"" + request.name() + "\" is taken"));
		for (int i = 1; i <= Guesses.PER_TARGET.free() + 1; i++) {
			assertThat(refusal(join("10." + i + ".0.1", password("Alice", "guess " + i))))
				.isEqualTo(ErrorCode.WRONG_CREDENTIALS);
		}
		assertThat(refusal(join("10.99.0.1", password("ALICE", "right at last"))))
			.as("the name as the server compares it")
			.isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
		assertThat(refusal(join("10.99.0.1", password("bob", "a guess")))).as("other names' passwords are not held up")
			.isEqualTo(ErrorCode.WRONG_CREDENTIALS);
		assertThat(refusal(join("10.99.0.1", request("alice", "open sesame"))))
			.as("a client without a password makes no guess")
			.isEqualTo(ErrorCode.NAME_TAKEN);
	}

	@Test
	void wrongGuessesFromEverywhereMakeTheWholeServerWaitBriefly() {
		int everywhere = Guesses.SERVER_WIDE.free() + 1;
		for (int i = 1; i <= everywhere; i++) {
			assertThat(refusal(join("10." + i + ".0.1", request("alice", "guess " + i))))
				.isEqualTo(ErrorCode.WRONG_ACCESS_CODE);
		}
		assertThat(refusal(join("172.16.0.1", request("alice", "open sesame")))).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
		clock.advance(Guesses.SERVER_WIDE.first());
		assertThat(join("172.16.0.1", request("alice", "open sesame"))).isCompleted();
		assertThat(Guesses.SERVER_WIDE.max()).as("a guesser cannot keep everyone out for long")
			.isLessThanOrEqualTo(Duration.ofSeconds(10));
	}

	private CompletableFuture<Claim> join(String address, JoinRequest request) {
		Entry entry = admission.open("s-" + ids.incrementAndGet(), address, Transport.STOMP);
		CompletableFuture<Claim> joined = admission.join(entry, request);
		admission.close(entry);
		return joined;
	}

	private void fill(String address, int count) {
		for (int i = 0; i < count; i++) {
			admission.open("fill-" + ids.incrementAndGet(), address, i % 2 == 0 ? Transport.STOMP : Transport.TCP);
		}
	}

	private static JoinRequest request(String name, String accessCode) {
		return new JoinRequest(accessCode, new ClaimRequest(name, null, null, "test", true));
	}

	private static JoinRequest password(String name, String password) {
		return new JoinRequest("open sesame", new ClaimRequest(name, null, password, "test", true));
	}

	private static ErrorCode refusal(CompletableFuture<Claim> joined) {
		assertThat(joined).isCompletedExceptionally();
		RuntimeException why = Admission.unwrap(joined.handle((claim, failure) -> failure).join());
		assertThat(why).isInstanceOf(Refusal.class);
		return ((Refusal) why).code();
	}

	@Test
	void guessesWaitTwiceAsLongAfterEachFurtherWrongOneUpToACapAndAreForgottenAfterAQuietSpell() {
		Guesses.Policy policy = Guesses.PER_NETWORK;
		assertThat(policy.waitAfter(policy.free() + 1)).isEqualTo(policy.first());
		assertThat(policy.waitAfter(policy.free() + 2)).isEqualTo(policy.first().multipliedBy(2));
		assertThat(policy.waitAfter(policy.free() + 40)).isEqualTo(policy.max());
		Guesses guesses = new Guesses(clock);
		for (int i = 0; i <= policy.free(); i++) {
			guesses.failed("10.1.1.0/24", "target " + i);
		}
		clock.advance(Guesses.FORGET_AFTER.plus(Duration.ofSeconds(1)));
		guesses.failed("10.1.1.0/24", "another");
		guesses.check("10.1.1.0/24", "another");
	}

}
