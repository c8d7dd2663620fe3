package dev.lifeline.server;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Lifeline's private schedulers: one daemon thread each, named for what it does, started
 * and stopped with the bean that owns it rather than shared with the application.
 *
 * @author Lifeline contributors
 */
final class Schedulers {

	private Schedulers() {
	}

	static ThreadPoolTaskScheduler singleThread(String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(threadNamePrefix);
		scheduler.setPoolSize(1);
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

}
