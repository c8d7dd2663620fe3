/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.server.engine;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One of Lifeline's private schedulers: one daemon thread, named for what it does,
 * started and stopped with the bean that owns it rather than shared with the application.
 * It is built with Spring Boot's {@link ThreadPoolTaskSchedulerBuilder} but not from the
 * application's builder bean, so that {@code spring.task.scheduling.*} and the
 * application's customizers, meant for its own scheduled work, do not apply to it.
 * <p>
 * The owner is the {@code SmartLifecycle}: it calls {@link #start()} and schedules its
 * work on the scheduler returned, calls {@link #stop()} from its own {@code stop()}, and
 * answers {@code isRunning()} with {@link #isRunning()}. Each start builds a new thread,
 * so an owner can be started again after it stopped.
 *
 * @author Lifeline contributors
 */
final class PrivateScheduler {

	private final String threadNamePrefix;

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a new scheduler, not started.
	 * @param threadNamePrefix the prefix of the name of its thread
	 */
	PrivateScheduler(String threadNamePrefix) {
		this.threadNamePrefix = threadNamePrefix;
	}

	/**
	 * Start a new one-thread scheduler and make it the running one.
	 * @return the running scheduler, to schedule the owner's work on
	 */
	ThreadPoolTaskScheduler start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
			.threadNamePrefix(this.threadNamePrefix)
			.customizers((built) -> built.setDaemon(true))
			.build();
		scheduler.initialize();
		this.scheduler = scheduler;
		return scheduler;
	}

	/**
	 * Return the running scheduler.
	 * @return the scheduler, or {@code null} if not started or stopped
	 */
	@Nullable ThreadPoolTaskScheduler getIfRunning() {
		return this.scheduler;
	}

	/**
	 * Shut the running scheduler down, if any: what it has scheduled is cancelled and a
	 * task under way is interrupted, not waited for. Does nothing if not running.
	 */
	void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	/**
	 * Return whether a scheduler was started and not stopped since.
	 * @return whether it is running
	 */
	boolean isRunning() {
		return this.scheduler != null;
	}

}
