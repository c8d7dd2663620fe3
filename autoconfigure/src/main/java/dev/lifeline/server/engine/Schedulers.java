package dev.lifeline.server.engine;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Lifeline's private schedulers: one daemon thread each, named for what it does, started
 * and stopped with the bean that owns it rather than shared with the application. They
 * are built with Spring Boot's {@link ThreadPoolTaskSchedulerBuilder} but not from the
 * application's builder bean, so that {@code spring.task.scheduling.*} and the
 * application's customizers, meant for its own scheduled work, do not apply to them.
 *
 * @author Lifeline contributors
 */
final class Schedulers {

	private Schedulers() {
	}

	static ThreadPoolTaskScheduler singleThread(String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
			.threadNamePrefix(threadNamePrefix)
			.customizers((built) -> built.setDaemon(true))
			.build();
		scheduler.initialize();
		return scheduler;
	}

}
