package lanchat.web;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Shared infrastructure: the clock and the scheduler behind STOMP heart-beats, delayed
 * closes and write retries.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ThreadPoolTaskScheduler taskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("lanchat-scheduler-");
		scheduler.setDaemon(true);
		return scheduler;
	}

}
