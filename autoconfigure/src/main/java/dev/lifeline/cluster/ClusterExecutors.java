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

package dev.lifeline.cluster;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * The cluster's own threads, started and stopped with it:
 * <ul>
 * <li>{@code commands}: one thread on which Redis commands are issued, so that they leave
 * in the order they were given (a sender's messages stay in order) and no caller waits
 * when Lettuce has to connect first, which it does on the subscribing thread. Its queue
 * is bounded: a command it cannot take fails and is counted like any failed publish;</li>
 * <li>{@code dispatch}: one thread on which the listener container delivers what other
 * instances publish, in the order they published it;</li>
 * <li>{@code refresh}: the heartbeat that rewrites this node's directory entries and
 * retries a subscription that failed.</li>
 * </ul>
 *
 * @author Lifeline contributors
 */
final class ClusterExecutors {

	private static final int COMMAND_QUEUE_CAPACITY = 10_000;

	private final String threadNamePrefix;

	private volatile @Nullable ThreadPoolTaskExecutor commandExecutor;

	private volatile Scheduler commands = Schedulers.immediate();

	private volatile @Nullable ThreadPoolTaskExecutor dispatcher;

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	ClusterExecutors(String threadNamePrefix) {
		this.threadNamePrefix = threadNamePrefix;
	}

	/**
	 * Start the command and dispatch threads.
	 */
	void start() {
		ThreadPoolTaskExecutor commandExecutor = new ThreadPoolTaskExecutorBuilder().corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(COMMAND_QUEUE_CAPACITY)
			.threadNamePrefix(this.threadNamePrefix + "commands-")
			.build();
		commandExecutor.setDaemon(true);
		commandExecutor.initialize();
		this.commandExecutor = commandExecutor;
		this.commands = Schedulers.fromExecutor(commandExecutor);
		ThreadPoolTaskExecutor dispatcher = new ThreadPoolTaskExecutor();
		dispatcher.setCorePoolSize(1);
		dispatcher.setMaxPoolSize(1);
		dispatcher.setThreadNamePrefix(this.threadNamePrefix + "dispatch-");
		dispatcher.initialize();
		this.dispatcher = dispatcher;
	}

	/**
	 * Return where Redis commands are subscribed: the command thread while started, the
	 * caller's thread otherwise.
	 * @return the scheduler
	 */
	Scheduler commands() {
		return this.commands;
	}

	/**
	 * Return the thread that delivers received messages.
	 * @return the dispatch executor
	 * @throws IllegalStateException if not started
	 */
	Executor dispatcher() {
		ThreadPoolTaskExecutor dispatcher = this.dispatcher;
		Assert.state(dispatcher != null, "Cluster executors not started");
		return dispatcher;
	}

	/**
	 * Run a task at a fixed rate on the refresh thread until {@link #cancelScheduled()}.
	 * @param task the task
	 * @param period the period
	 */
	void scheduleAtFixedRate(Runnable task, Duration period) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(this.threadNamePrefix + "refresh-");
		scheduler.initialize();
		scheduler.scheduleAtFixedRate(task, period);
		this.scheduler = scheduler;
	}

	/**
	 * Stop the scheduled task; a run under way is not waited for.
	 */
	void cancelScheduled() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdown();
			this.scheduler = null;
		}
	}

	/**
	 * Stop the dispatch and command threads; commands given from now on are subscribed on
	 * the caller's thread.
	 */
	void stop() {
		cancelScheduled();
		ThreadPoolTaskExecutor dispatcher = this.dispatcher;
		if (dispatcher != null) {
			dispatcher.shutdown();
			this.dispatcher = null;
		}
		ThreadPoolTaskExecutor commandExecutor = this.commandExecutor;
		this.commands = Schedulers.immediate();
		if (commandExecutor != null) {
			commandExecutor.shutdown();
			this.commandExecutor = null;
		}
	}

}
