package lanchat.web.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's thread pool in the running server is the one that runs a write's completion in
 * place, and it is sized as Boot configures Tomcat's own (server.tomcat.threads.*).
 */
class WriteCompletionsTests extends IntegrationTest {

	@Autowired
	private WebServerApplicationContext context;

	@Autowired
	private WriteCompletions completions;

	@Value("${server.tomcat.threads.max:200}")
	private int maxThreads;

	@Value("${server.tomcat.threads.min-spare:10}")
	private int minSpareThreads;

	@Test
	void theServerUsesThePoolWithTomcatsSizes() {
		Executor executor = protocol().getExecutor();
		assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
		assertThat(executor.getClass().getEnclosingClass()).isEqualTo(WriteCompletions.class);
		ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
		assertThat(pool.getMaximumPoolSize()).isEqualTo(maxThreads);
		assertThat(pool.getCorePoolSize()).isEqualTo(minSpareThreads);
	}

	@Test
	void aCompletionDuringAWriteRunsInPlaceAndAnyOtherTaskOnThePool() throws Exception {
		Executor executor = protocol().getExecutor();
		Thread caller = Thread.currentThread();
		CompletableFuture<Thread> inside = new CompletableFuture<>();
		completions.writeInPlace(() -> executor.execute(() -> inside.complete(Thread.currentThread())));
		assertThat(inside).isDone();
		assertThat(inside.get()).isSameAs(caller);

		CompletableFuture<Thread> outside = new CompletableFuture<>();
		executor.execute(() -> outside.complete(Thread.currentThread()));
		assertThat(outside.get(5, TimeUnit.SECONDS)).isNotSameAs(caller);
		assertThat(outside.get().getName()).contains("-exec-").doesNotContain("\"");
	}

	@Test
	void roomDeliveriesDoNotEachBecomeATaskForThePool() {
		ThreadPoolExecutor pool = (ThreadPoolExecutor) protocol().getExecutor();
		String sender = name("sender");
		List<StompTestClient> receivers = new ArrayList<>();
		try (StompTestClient from = connect(sender)) {
			for (int i = 0; i < 16; i++) {
				receivers.add(connect(name("receiver")).listen());
			}
			long before = pool.getCompletedTaskCount();
			// within the default burst of 20 messages
			for (int i = 0; i < 15; i++) {
				from.say("m" + i);
			}
			receivers.forEach(receiver -> receiver.publicMessage(sender, "m14"));
			long tasks = pool.getCompletedTaskCount() - before;
			// 240 deliveries; the pool reads the 15 frames sent, and would finish each
			// write if Tomcat
			// still handed it every completion
			assertThat(tasks).isLessThan(120);
		}
		finally {
			receivers.forEach(StompTestClient::close);
		}
	}

	private AbstractProtocol<?> protocol() {
		return (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
	}

}
