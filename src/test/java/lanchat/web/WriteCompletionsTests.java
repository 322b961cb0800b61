package lanchat.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import lanchat.support.IntegrationTest;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's thread pool in the running server is the one that runs a write's completion in place, and it
 * is sized as Boot configures Tomcat's own (server.tomcat.threads.*).
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

	private AbstractProtocol<?> protocol() {
		return (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
	}

}
