package lanchat.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import lanchat.support.StompTestClient.StompError;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v2, "Device tokens": a password claim hands the device a token of its own;
 * {@code /devices} lists them without the tokens; {@code /logout} revokes this device's;
 * {@code /password} revokes all the others'; a revoked token is refused like a wrong one,
 * and its connections are closed.
 */
class DeviceTokenTests extends ClockedIntegrationTest {

	private static final String PASSWORD = "correct horse battery";

	@Autowired
	private IdentityService identities;

	@Autowired
	private IdentityStore store;

	@Autowired
	private DeviceStore devices;

	@Autowired
	private DeviceUses deviceUses;

	@Autowired
	private OnlineCheck online;

	@Test
	void aPasswordClaimGivesTheDeviceATokenOfItsOwnWhichThenProvesTheName() {
		String name = name("dana");
		String phoneToken = withPassword(name);
		String laptopToken;
		try (StompTestClient laptop = StompTestClient.connect(port, password(name, PASSWORD))) {
			JsonNode session = laptop.sessionInfo();
			laptopToken = session.path("token").asString();
			assertThat(laptopToken).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(phoneToken);
		}
		try (StompTestClient laptop = StompTestClient.connect(port, token(name, laptopToken))) {
			assertThat(laptop.sessionInfo().has("token")).as("a token is shown once").isFalse();
		}
		try (StompTestClient phone = StompTestClient.connect(port, token(name, phoneToken))) {
			assertThat(phone.sessionInfo().path("username").asString()).isEqualTo(name);
		}
	}

	@Test
	void devicesListsEveryDeviceButNeverAToken() {
		String name = name("eve");
		String phoneToken = withPassword(name);
		try (StompTestClient laptop = StompTestClient.connect(port, password(name, PASSWORD)).listen()) {
			String laptopToken = laptop.sessionInfo().path("token").asString();
			laptop.say("/devices");
			String list = laptop.systemReply("Your devices:").path("content").asString();
			assertThat(list.lines().filter(line -> line.startsWith("- "))).hasSize(2);
			assertThat(list).containsOnlyOnce("(this device)")
				.contains("since ")
				.contains("last used ")
				.doesNotContain(phoneToken)
				.doesNotContain(laptopToken);
		}
	}

	@Test
	void logoutRevokesThisDevicesTokenAndClosesItsConnectionsOnly() throws Exception {
		String name = name("finn");
		String phoneToken = withPassword(name);
		String laptopToken;
		try (StompTestClient phone = StompTestClient.connect(port, token(name, phoneToken)).listen();
				StompTestClient laptop = StompTestClient.connect(port, password(name, PASSWORD)).listen()) {
			laptopToken = laptop.sessionInfo().path("token").asString();
			try (StompTestClient secondTab = StompTestClient.connect(port, token(name, laptopToken)).listen()) {
				laptop.say("/logout");
				JsonNode bye = laptop.systemReply("logged out");
				assertThat(bye.path("code").asString()).isEqualTo("wrong-credentials");
				laptop.awaitClosed();
				secondTab.systemReply("logged out");
				secondTab.awaitClosed();
			}
			phone.say("still here");
			phone.publicMessage(name, "still here");
			assertThat(export(laptopToken)).as("a revoked token exports nothing").isEqualTo(401);
			assertThat(export(phoneToken)).isEqualTo(200);
		}
		assertThat(StompTestClient.refusalError(port, token(name, laptopToken)))
			.isEqualTo(new StompError("wrong-credentials", "wrong token or password for \"" + name + "\""));
	}

	@Test
	void settingAPasswordLogsOutEveryOtherDevice() {
		String name = name("gus");
		String firstToken;
		try (StompTestClient first = StompTestClient.connect(port, name).listen();
				StompTestClient other = StompTestClient
					.connect(port, token(name, firstToken = first.sessionInfo().path("token").asString()))
					.listen()) {
			first.say("/password " + PASSWORD);
			first.systemReply("Password set");
			try (StompTestClient laptop = StompTestClient.connect(port, password(name, PASSWORD)).listen()) {
				clock.advance(Duration.ofSeconds(3));
				laptop.say("/password another long secret");
				JsonNode done = laptop.systemReply("Password set");
				assertThat(done.path("content").asString()).contains("1 other device was logged out");
				for (StompTestClient closed : new StompTestClient[] { first, other }) {
					assertThat(closed.systemReply("password was changed").path("code").asString())
						.isEqualTo("wrong-credentials");
					closed.awaitClosed();
				}
				assertThat(laptop.isConnected()).isTrue();
			}
		}
		assertThat(StompTestClient.refusalError(port, token(name, firstToken)).code()).isEqualTo("wrong-credentials");
		assertThat(StompTestClient.refusalError(port, password(name, PASSWORD)).code()).as("the old password neither")
			.isEqualTo("wrong-credentials");
	}

	@Test
	void aDevicesLastUseIsListedAtOnceAndWrittenBehind() {
		String name = name("hal");
		String phoneToken = withPassword(name);
		clock.advance(Duration.ofHours(3));
		try (StompTestClient phone = StompTestClient.connect(port, token(name, phoneToken))) {
			assertThat(phone.sessionInfo().path("username").asString()).isEqualTo(name);
		}
		Identity identity = store.findByKey(NamePolicy.key(name)).orElseThrow();
		List<Device> listed = identities.devices(identity.user());
		assertThat(listed).singleElement()
			.extracting(Device::lastUsedAt)
			.isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));

		deviceUses.write();
		assertThat(devices.of(identity.id())).as("in the database once written").isEqualTo(listed);
	}

	/**
	 * How a cluster node finds connections whose device was logged out elsewhere: among
	 * many tokens, asked about a few hundred at a time, the revoked ones wherever they
	 * are in the list.
	 */
	@Test
	void revokedTokensAreFoundAmongManyAndLiveOnesAreNot() {
		String name = name("uma");
		try (StompTestClient uma = connect(name)) {
			uma.sessionInfo();
		}
		ChatUser user = identities.holder(name).orElseThrow();
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 1200; i++) {
			tokens
				.add(devices.add(user.identityId(), "hash of token " + name + " " + i, "device " + i, clock.instant()));
		}
		List<Long> revoked = List.of(tokens.get(3), tokens.get(600), tokens.get(1199));
		revoked.forEach(device -> identities.revoke(user, device));
		List<Long> asked = new ArrayList<>(tokens);
		asked.add(Long.MAX_VALUE);

		assertThat(identities.revokedAmong(asked)).containsExactlyInAnyOrder(tokens.get(3), tokens.get(600),
				tokens.get(1199), Long.MAX_VALUE);
	}

	@Test
	void aNewcomerWhoseConnectionClosedBeforeItWasLetInLeavesTheNameFree() {
		String name = name("fay");
		Claim claim = identities.claim(new ClaimRequest(name, null, null, "phone", true)).join();

		identities.unclaimed(claim);

		assertThat(identities.byToken(claim.newToken())).as("the token nobody got").isEmpty();
		assertThat(identities.holder(name)).as("free at once, not after release-after").isEmpty();
		try (StompTestClient again = StompTestClient.connect(port, name)) {
			assertThat(again.sessionInfo().path("username").asString()).isEqualTo(name);
		}
	}

	@Test
	void aNewcomerWhoseConnectionClosedBeforeItsSessionWasAskedForCanTakeTheNameBackWithoutAToken() {
		String name = name("hal");
		try (StompTestClient dropped = StompTestClient.connect(port, name)) {
			assertThat(identities.holder(name)).as("held while it is here").isPresent();
		}

		await().atMost(StompTestClient.WAIT).until(() -> identities.holder(name).isEmpty());
		try (StompTestClient again = StompTestClient.connect(port, name)) {
			assertThat(again.sessionInfo().path("token").asString()).as("a new identity, with a token of its own")
				.hasSizeGreaterThanOrEqualTo(22);
		}
	}

	@Test
	void aNewcomerWhoseSessionHandedItsTokenOverKeepsTheNameWhenItLeaves() {
		String name = name("ivy");
		String token;
		long identity;
		try (StompTestClient phone = StompTestClient.connect(port, name)) {
			token = phone.sessionInfo().path("token").asString();
			identity = identities.holder(name).orElseThrow().identityId();
		}

		await().atMost(StompTestClient.WAIT).until(() -> !online.isOnline(identity));
		StompError refused = StompTestClient.refusalError(port, StompTestClient.headers(name));
		assertThat(refused.message()).isEqualTo("username \"" + name + "\" is taken");
		try (StompTestClient back = StompTestClient.connect(port, token(name, token))) {
			assertThat(back.sessionInfo().has("token")).as("the same identity, proved by its token").isFalse();
		}
		assertThat(identities.holder(name)).map(ChatUser::identityId).hasValue(identity);
	}

	@Test
	void aPasswordClaimWhoseConnectionClosedLosesItsTokenButNotTheName() {
		String name = name("gil");
		String phoneToken = withPassword(name);
		Claim laptop = identities.claim(new ClaimRequest(name, null, PASSWORD, "laptop", true)).join();
		assertThat(laptop.newToken()).isNotNull();

		identities.unclaimed(laptop);

		assertThat(identities.byToken(laptop.newToken())).isEmpty();
		assertThat(identities.byToken(phoneToken)).map(ChatUser::username).hasValue(name);
		assertThat(identities.holder(name)).map(ChatUser::identityId).hasValue(laptop.user().identityId());
	}

	/** Makes the name, sets its password, and returns the first device's token. */
	private String withPassword(String name) {
		try (StompTestClient phone = StompTestClient.connect(port, name).listen()) {
			phone.say("/password " + PASSWORD);
			phone.systemReply("Password set");
			return phone.sessionInfo().path("token").asString();
		}
	}

	private int export(String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history/export"))
			.header("Authorization", "Bearer " + token)
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static StompHeaders token(String name, String token) {
		StompHeaders headers = StompTestClient.headers(name);
		headers.add("token", token);
		return headers;
	}

	private static StompHeaders password(String name, String password) {
		StompHeaders headers = StompTestClient.headers(name);
		headers.add("password", password);
		return headers;
	}

}
